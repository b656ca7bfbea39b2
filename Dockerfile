# syntax=docker/dockerfile:1
# diplograph: static Go binary on distroless. Build: docker build -t diplograph .
# Run:   docker run --rm -p 8080:8080 -e NEO4J_URI=bolt://host.docker.internal:7687 diplograph
# (or use docker-compose.yml, which also starts Neo4j).

FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS=-mod=readonly
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags='-s -w' -o /out/diplograph ./cmd/diplograph

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/diplograph /diplograph
USER nonroot:nonroot
# Listen on all interfaces inside the container (the binary's own default is 127.0.0.1:8080).
ENV DIPLOGRAPH_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/diplograph"]
CMD ["serve"]
