// Package graph serves the diplograph GraphQL API: the schema (*.graphqls),
// thin resolvers over the read layer in graph/read, and the HTTP server with
// its limits (NewServer).
package graph

//go:generate go run github.com/99designs/gqlgen generate --config gqlgen.yml
