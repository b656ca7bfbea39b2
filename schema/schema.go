// Package schema holds the Neo4j schema of diplograph (constraints and
// indexes, applied idempotently) and the JSON Schema of the extraction
// contract.
package schema

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed migrations.cypher
var migrations string

// ExtractionJSONSchema documents the output of `diplograph extract --format json`.
//
//go:embed extraction.schema.json
var ExtractionJSONSchema []byte

// Statements returns the schema statements in order.
func Statements() []string {
	var out []string
	for _, s := range strings.Split(stripComments(migrations), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			b.WriteString(line)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Result counts what a migration changed.
type Result struct {
	Statements int
	Added      int // constraints and indexes created by this run
}

// Apply runs every statement; those already applied change nothing. It
// waits for new indexes to come online so that queries can use them.
func Apply(ctx context.Context, driver neo4j.DriverWithContext, database string) (Result, error) {
	res := Result{}
	for _, stmt := range Statements() {
		r, err := neo4j.ExecuteQuery(ctx, driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database))
		if err != nil {
			return res, fmt.Errorf("apply %q: %w", firstLine(stmt), err)
		}
		res.Statements++
		c := r.Summary.Counters()
		res.Added += c.ConstraintsAdded() + c.IndexesAdded()
	}
	if res.Added > 0 {
		if _, err := neo4j.ExecuteQuery(ctx, driver, "CALL db.awaitIndexes(300)", nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database)); err != nil {
			return res, fmt.Errorf("wait for indexes: %w", err)
		}
	}
	return res, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
