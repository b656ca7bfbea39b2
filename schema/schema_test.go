package schema_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/diplograph/diplograph/bench"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/schema"
)

// names of the constraints and indexes the migration file declares.
var declared = regexp.MustCompile(`CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) (\w+) IF NOT EXISTS`)

func TestMigrationsExistOnTheServer(t *testing.T) {
	st := neo4jtest.New(t) // applies the schema once
	ctx := context.Background()

	res, err := schema.Apply(ctx, st.Driver(), st.Database())
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 {
		t.Errorf("second migration added %d constraints or indexes, want 0", res.Added)
	}

	have := map[string]map[string]any{}
	for _, q := range []string{"SHOW CONSTRAINTS YIELD name, type RETURN name, type, null AS config",
		"SHOW INDEXES YIELD name, type, options RETURN name, type, options.indexConfig AS config"} {
		recs, err := st.Read(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			have[r.AsMap()["name"].(string)] = r.AsMap()
		}
	}
	var n int
	for _, stmt := range schema.Statements() {
		if strings.HasPrefix(stmt, "MATCH") {
			continue // a data migration
		}
		m := declared.FindStringSubmatch(stmt)
		if m == nil {
			t.Errorf("statement without a name: %s", stmt)
			continue
		}
		n++
		got, ok := have[m[2]]
		if !ok {
			t.Errorf("%s %s missing on the server", m[1], m[2])
			continue
		}
		if m[1] == "FULLTEXT INDEX" {
			want := "english"
			if regexp.MustCompile(`'arabic'`).MatchString(stmt) {
				want = "arabic"
			}
			cfg, _ := got["config"].(map[string]any)
			if cfg["fulltext.analyzer"] != want {
				t.Errorf("%s analyzer %v, want %s", m[2], cfg["fulltext.analyzer"], want)
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d named statements", n)
	}
}

// TestDataMigrationsRestoreStamps: on a graph written before events were
// dated and paired, the data migrations add the stamps and PAIR edges the
// writer adds today.
func TestDataMigrationsRestoreStamps(t *testing.T) {
	st := neo4jtest.New(t)
	ctx := context.Background()
	lx, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bench.Generate(ctx, st, lx, bench.Options{Articles: 200, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	stamps := func() []string {
		recs, err := st.Read(ctx, `
			MATCH (e)-[x:PAIR|INVOLVES|PARTY|BETWEEN|PARTICIPATED_IN|SIGNED|WITNESSED]-(n)
			WHERE x.at IS NOT NULL OR n:Dyad
			RETURN e.id + ' ' + type(x) + ' ' + coalesce(n.id, n.code) + ' ' + coalesce(x.at, '-') + ' ' + coalesce(n.name, '') AS s`, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			s, _ := r.Get("s")
			out = append(out, s.(string))
		}
		slices.Sort(out)
		return out
	}
	want := stamps()
	if !slices.ContainsFunc(want, func(s string) bool { return strings.Contains(s, " PAIR ") }) {
		t.Fatal("the generated graph has no PAIR edges")
	}
	for _, q := range []string{"MATCH (d:Dyad) DETACH DELETE d", "MATCH ()-[x]->() WHERE x.at IS NOT NULL REMOVE x.at"} {
		if _, err := st.Write(ctx, q, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := schema.Apply(ctx, st.Driver(), st.Database()); err != nil {
		t.Fatal(err)
	}
	if got := stamps(); !slices.Equal(got, want) {
		t.Errorf("after the migrations %d stamped edges, want %d; first of each: %q, %q", len(got), len(want), got[:min(1, len(got))], want[:1])
	}
}
