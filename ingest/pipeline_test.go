package ingest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/store"
)

func newPipeline(t *testing.T) (*ingest.Pipeline, *store.Store) {
	t.Helper()
	st := neo4jtest.New(t)
	lx, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return ingest.NewPipeline(st, lx, nil), st
}

func seed(t *testing.T) ingest.Document {
	t.Helper()
	b, err := os.ReadFile("../testdata/xinhua-ar-2023-05-18.txt")
	if err != nil {
		t.Fatal(err)
	}
	return ingest.Document{Source: "seed", URL: "https://example.org/seed", Text: strings.TrimSpace(string(b)), Published: "2023-05-18"}
}

func TestIngestIsIdempotent(t *testing.T) {
	p, st := newPipeline(t)
	ctx := context.Background()
	o, err := p.Ingest(ctx, seed(t))
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != store.New {
		t.Fatalf("first ingest: status %q, want new", o.Status)
	}
	nodes, rels := neo4jtest.Count(t, st)
	o, err = p.Ingest(ctx, seed(t))
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != store.Unchanged {
		t.Errorf("second ingest: status %q, want unchanged", o.Status)
	}
	if n, r := neo4jtest.Count(t, st); n != nodes || r != rels {
		t.Errorf("second ingest changed the graph: %d nodes %d rels, was %d %d", n, r, nodes, rels)
	}
	recs, err := st.Read(ctx, `
		MATCH (m:Meeting)-[rep:REPORTED_IN]->(a:Article)
		MATCH (m)-[:INVOLVES]->(c:Country)
		MATCH (m)-[:HELD_IN]->(pl:Place)
		WITH m, a, rep, pl, collect(c.code) AS codes
		RETURN toString(m.date) AS date, m.kind AS kind, codes, pl.name AS place, a.lang AS lang, rep.quote AS quote`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d meetings, want 1", len(recs))
	}
	m := recs[0].AsMap()
	if m["date"] != "2023-05-18" || m["kind"] != "talks" || m["place"] != "Xi'an" || m["lang"] != "ar" {
		t.Errorf("meeting = %v", m)
	}
	codes := m["codes"].([]any)
	if len(codes) != 2 {
		t.Errorf("countries %v, want CN and KG", codes)
	}
}
