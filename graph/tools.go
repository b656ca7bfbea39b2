//go:build tools

package graph

// gqlgen is run by `go generate`; importing it here keeps it in go.mod.
import _ "github.com/99designs/gqlgen"
