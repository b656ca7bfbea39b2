package graph_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/diplograph/diplograph/bench"
	"github.com/diplograph/diplograph/graph"
)

// TestPartnersSelection: Country.partners reads only the properties the
// selection needs (read.partnerProjection); whatever the client selects,
// through aliases and fragments too, it gets what selecting every field
// gives.
func TestPartnersSelection(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(t)
	ctx := context.Background()
	lx := loadLexicon(t)
	if _, err := bench.Generate(ctx, e.st, lx, bench.Options{Articles: 1500, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	recs, err := e.st.Read(ctx, `MATCH (c:Country)-[:PARTNER_OF]-() RETURN c.code AS code ORDER BY COUNT { (c)-[:PARTNER_OF]-() } DESC, code LIMIT 1`, nil)
	if err != nil || len(recs) == 0 {
		t.Fatalf("no country with partners: %v", err)
	}
	code, _ := recs[0].Get("code")

	query := func(q string) []any {
		t.Helper()
		var d struct{ Country map[string][]any }
		e.ok(t, q, map[string]any{"c": code}, &d)
		for _, ps := range d.Country {
			return ps
		}
		t.Fatalf("no partners in the answer of %s", q)
		return nil
	}
	// what relation(a, b) says of each pair, which reads every property of
	// PARTNER_OF, is what selecting every field of partners must give
	all := query(`query($c: String!) { country(code: $c) { partners { country { code } level { id name rank scale qualifiers } since upgrade { id } } } }`)
	if len(all) < 3 {
		t.Fatalf("%s has %d partners: the test checks too little", code, len(all))
	}
	for i, p := range all {
		b := p.(map[string]any)["country"].(map[string]any)["code"]
		var d struct{ Relation map[string]any }
		e.ok(t, `query($a: String!, $b: String!) { relation(a: $a, b: $b) { level { id name rank scale qualifiers } since upgrade { id } } }`,
			map[string]any{"a": code, "b": b}, &d)
		d.Relation["country"] = map[string]any{"code": b}
		if !reflect.DeepEqual(p, d.Relation) {
			g, _ := json.Marshal(p)
			w, _ := json.Marshal(d.Relation)
			t.Errorf("partner %d: %s, relation(%s, %s) says %s", i, g, code, b, w)
		}
	}
	for _, tc := range []struct{ name, query string }{
		{"since", `query($c: String!) { country(code: $c) { partners { country { code } since } } }`},
		{"rank", `query($c: String!) { country(code: $c) { partners { country { code } level { rank } } } }`},
		{"name-and-id", `query($c: String!) { country(code: $c) { partners { country { code } level { name id } } } }`},
		{"scale-and-qualifiers", `query($c: String!) { country(code: $c) { partners { country { code } level { scale qualifiers } } } }`},
		{"upgrade", `query($c: String!) { country(code: $c) { partners { country { code } upgrade { id } } } }`},
		{"alias", `query($c: String!) { country(code: $c) { ps: partners { country { code } level { name } since } } }`},
		{"fragment", `query($c: String!) { country(code: $c) { partners { country { code } ...P } } } fragment P on Partner { since level { ...L } } fragment L on PartnershipLevel { name qualifiers }`},
		{"inline-fragment", `query($c: String!) { country(code: $c) { partners { country { code } ... on Partner { level { id scale } } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := query(tc.query)
			if len(got) != len(all) {
				t.Fatalf("%d partners, want %d", len(got), len(all))
			}
			for i := range got {
				if want := within(got[i], all[i]); !reflect.DeepEqual(got[i], want) {
					g, _ := json.Marshal(got[i])
					w, _ := json.Marshal(want)
					t.Errorf("partner %d: %s, want %s", i, g, w)
				}
			}
		})
	}
}

// within returns the part of full that has the keys of part, recursively.
func within(part, full any) any {
	p, ok := part.(map[string]any)
	f, ok2 := full.(map[string]any)
	if !ok || !ok2 {
		return full
	}
	out := map[string]any{}
	for k, v := range p {
		out[k] = within(v, f[k])
	}
	return out
}

// TestRootNodeReadsAtOnce: a node a root field returns by itself, and what
// is asked of it, are read at once, not after the loaders' window: with a
// window longer than the request's time limit, the answers still come.
func TestRootNodeReadsAtOnce(t *testing.T) {
	e := newEnv(t, func(o *graph.Options) {
		o.LoaderWait = 30 * time.Second
		o.QueryTimeout = 5 * time.Second
	})
	e.seed(t)
	// the countries of the answer, into the cache: each alone, so at once too
	var warm map[string]any
	e.ok(t, `{ cn: country(code: "CN") { code } kg: country(code: "KG") { code } }`, nil, &warm)
	var d struct {
		Country struct {
			Partners []struct{ Country struct{ Code string } }
		}
		Person struct {
			Offices []struct{ Title string }
		}
	}
	e.ok(t, `{ country(code: "KG") { partners { country { code } } } person(id: "sadyr-japarov") { offices { title } } }`, nil, &d)
	if len(d.Country.Partners) != 1 || d.Country.Partners[0].Country.Code != "CN" || len(d.Person.Offices) == 0 {
		t.Errorf("got %+v", d)
	}
}
