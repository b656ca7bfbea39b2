package bench

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/store"
)

// snapshot is every node and relationship of the graph as sorted lines,
// without the ingestion time.
func snapshot(t testing.TB, st *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	nodes, err := st.Read(ctx, `MATCH (n) RETURN labels(n) AS l, properties(n) AS p`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range nodes {
		l, _ := r.Get("l")
		p, _ := r.Get("p")
		props := p.(map[string]any)
		delete(props, "ingested")
		out = append(out, fmt.Sprint(l, props))
	}
	rels, err := st.Read(ctx, `MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.code) AS a, type(r) AS t, coalesce(b.id, b.code) AS b, properties(r) AS p`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		out = append(out, fmt.Sprint(r.Values...))
	}
	slices.Sort(out)
	return out
}

func generated(t testing.TB, lx *lexicon.Lexicon, n int) []store.ArticleResult {
	t.Helper()
	g, err := NewGenerator(lx, 5, n)
	if err != nil {
		t.Fatal(err)
	}
	return g.Batch(n)
}

// TestWriteArticlesAsWriteArticle: a batch gives the graph that the same
// articles written one by one give, and writing it again changes nothing.
func TestWriteArticlesAsWriteArticle(t *testing.T) {
	st := neo4jtest.New(t)
	ctx := context.Background()
	lx := testLexicon(t)
	arts := generated(t, lx, 120)
	for _, a := range arts {
		if err := st.WriteArticle(ctx, a.Article, a.Result, lx, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := snapshot(t, st)

	neo4jtest.Reset(t, st)
	for i := 0; i < len(arts); i += 50 {
		if err := st.WriteArticles(ctx, arts[i:min(i+50, len(arts))], lx); err != nil {
			t.Fatal(err)
		}
	}
	got := snapshot(t, st)
	if !slices.Equal(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("batched graph differs (%d vs %d lines); first difference:\n got  %s\n want %s", len(got), len(want), got[i], want[i])
			}
		}
		t.Fatalf("batched graph has %d lines, one by one %d", len(got), len(want))
	}
	if err := st.WriteArticles(ctx, arts, lx); err != nil {
		t.Fatal(err)
	}
	if again := snapshot(t, st); !slices.Equal(again, want) {
		t.Errorf("writing the batch again changed the graph: %d lines, want %d", len(again), len(want))
	}
}

// TestGenerateSmoke runs Generate end to end on a small graph and reports
// the rate; `go test -bench Ingest` measures it properly.
func TestGenerateSmoke(t *testing.T) {
	st := neo4jtest.New(t)
	s, err := Generate(context.Background(), st, testLexicon(t), Options{Articles: 300, Seed: 3, Batch: 100})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(s)
	nodes, _ := neo4jtest.Count(t, st)
	if s.Articles != 300 || s.Meetings == 0 || nodes < int64(300+s.Meetings+s.Visits+s.Agreements) {
		t.Errorf("%v, %d nodes", s, nodes)
	}
}

// BenchmarkIngest writes generated articles with the default batch
// settings into an empty graph: articles/s end to end, generation included.
// Smoke: go test -run '^$' -bench Ingest -benchtime 2x ./bench
func BenchmarkIngest(b *testing.B) {
	st := neo4jtest.New(b)
	lx := testLexicon(b)
	opt := Options{}.withDefaults()
	per := opt.Batch * opt.Writers
	seed := uint64(0)
	b.ReportAllocs()
	for b.Loop() {
		seed++
		if _, err := Generate(context.Background(), st, lx, Options{Articles: per, Seed: seed}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*per)/b.Elapsed().Seconds(), "articles/s")
}
