package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/diplograph/diplograph/graph/model"
)

func TestPresenterHidesInternals(t *testing.T) {
	m, err := newMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	present := presenter(slog.New(slog.DiscardHandler), m)
	ctx := context.WithValue(context.Background(), requestIDKey, "abc123")
	tests := []struct {
		name string
		err  error
		want string
		code string
	}{
		{"driver-error", fmt.Errorf("read meeting page: %w", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input 'MATCH (e:Meeting)'"}),
			"internal error (request id abc123)", "INTERNAL"},
		{"plain-error", errors.New("connection refused to bolt://10.0.0.1:7687"), "internal error (request id abc123)", "INTERNAL"},
		{"panic", errPanic, "internal error (request id abc123)", "INTERNAL"},
		{"tx-timeout", &neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", Msg: "tx timed out"},
			"the request took too long and was stopped (request id abc123)", "TIMEOUT"},
		{"deadline", fmt.Errorf("read x: %w", context.DeadlineExceeded), "the request took too long and was stopped (request id abc123)", "TIMEOUT"},
		{"input", fmt.Errorf("wrapped: %w", &model.InputError{Msg: "first must be between 0 and 100, got 1000"}), "first must be between 0 and 100, got 1000", "BAD_USER_INPUT"},
		{"public", &publicError{"invalid API key", "UNAUTHENTICATED"}, "invalid API key", "UNAUTHENTICATED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := present(ctx, tc.err)
			if g.Message != tc.want || g.Extensions["code"] != tc.code {
				t.Errorf("got %q %v, want %q %s", g.Message, g.Extensions["code"], tc.want, tc.code)
			}
			if strings.Contains(g.Message, "MATCH") || strings.Contains(g.Message, "bolt") {
				t.Errorf("leaks: %s", g.Message)
			}
		})
	}
}

func TestDepth(t *testing.T) {
	tests := []struct {
		name, query string
		want        int
	}{
		{"flat", `{ a b c }`, 1},
		{"nested", `{ a { b { c } } }`, 3},
		{"fragment-counts-its-fields", `{ a { ...F } } fragment F on T { b { c { d } } }`, 4},
		{"inline-fragment-adds-nothing", `{ a { ... on T { b } } }`, 2},
		{"introspection-not-counted", `{ __schema { types { fields { type { ofType { ofType { name } } } } } } a }`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.ParseQuery(&ast.Source{Input: tc.query})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range doc.Fragments {
				resolveSpreads(doc.Operations[0].SelectionSet, f)
			}
			if got := depth(doc.Operations[0].SelectionSet, 0, 100); got != tc.want {
				t.Errorf("depth %d, want %d", got, tc.want)
			}
		})
	}
}

// resolveSpreads links spreads to their definition, as validation does.
func resolveSpreads(ss ast.SelectionSet, f *ast.FragmentDefinition) {
	for _, s := range ss {
		switch s := s.(type) {
		case *ast.Field:
			resolveSpreads(s.SelectionSet, f)
		case *ast.FragmentSpread:
			if s.Name == f.Name {
				s.Definition = f
			}
		}
	}
}
