# diplograph — the two commands of the README, and a few helpers.

.PHONY: run test build generate neo4j-start neo4j-stop bench lint

## run: fetch and start Neo4j, migrate, ingest testdata, serve (Ctrl-C stops all)
run:
	scripts/run.sh

## test: start a throwaway Neo4j if none is configured, run every check and test, stop it
test:
	scripts/test.sh

build:
	go build -o bin/diplograph ./cmd/diplograph

## generate: regenerate gqlgen code
generate:
	go generate ./...

neo4j-start:
	scripts/neo4j.sh start

neo4j-stop:
	scripts/neo4j.sh stop

## bench: measure extraction, ingestion and the GraphQL API against @neo4j/graphql at N=10k and 100k
## articles on a Neo4j of its own; writes bench/results.md (not part of `make test`; see bench/run.sh)
bench:
	bench/run.sh
