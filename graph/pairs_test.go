package graph_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/diplograph/diplograph/bench"
)

// TestPairFilters: lists filtered by two or three countries, which read
// the pair's stamped edges (store/events.go: paired), give the events a
// plain scan of every event finds, with and without dates.
func TestPairFilters(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	lx := loadLexicon(t)
	g, err := bench.NewGenerator(lx, 11, 800)
	if err != nil {
		t.Fatal(err)
	}
	arts := g.Batch(800)
	var triple []string
	for i, a := range arts {
		// some meetings become trilateral: a third country joins the pair
		if r := a.Result; i%80 == 0 && len(r.Meetings) > 0 {
			m := &r.Meetings[0]
			third := "MN"
			if slices.Contains(m.Countries, third) {
				third = "FJ"
			}
			m.Countries = append(m.Countries, third)
			triple = []string{third, m.Countries[1], m.Countries[0]}
		}
	}
	if err := e.st.WriteArticles(ctx, arts, lx); err != nil {
		t.Fatal(err)
	}
	recs, err := e.st.Read(ctx, `
		MATCH (a:Country)<-[:INVOLVES]-(:Meeting)-[:INVOLVES]->(b:Country) WHERE a.code < b.code
		RETURN [b.code, a.code] AS pair, count(*) AS n ORDER BY n DESC, pair LIMIT 3`, nil)
	if err != nil {
		t.Fatal(err)
	}
	filters := [][]string{triple, {"FJ", "TV"}}
	for _, r := range recs {
		p, _ := r.Get("pair")
		filters = append(filters, []string{p.([]any)[0].(string), p.([]any)[1].(string)})
	}
	lists := []struct{ field, label, rel string }{
		{"meetings", "Meeting", "INVOLVES"},
		{"visits", "Visit", "INVOLVES"},
		{"agreements", "Agreement", "PARTY"},
		{"partnershipUpgrades", "PartnershipUpgrade", "BETWEEN"},
	}
	ranges := [][2]any{{nil, nil}, {"2021-01-01", "2023-06-30"}, {"2024-01-01", nil}}
	found := 0
	for _, codes := range filters {
		for _, l := range lists {
			for _, rg := range ranges {
				name := fmt.Sprintf("%s/%v/%v-%v", l.field, codes, rg[0], rg[1])
				want := scan(t, e, l.label, l.rel, codes, rg)
				var d map[string]struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID, Date string } }
				}
				e.ok(t, fmt.Sprintf(`query($c: [String!], $from: Date, $to: Date) {
					%s(filter: {countries: $c, from: $from, to: $to}, first: 100) { totalCount edges { node { id date } } } }`, l.field),
					map[string]any{"c": codes, "from": rg[0], "to": rg[1]}, &d)
				conn := d[l.field]
				var got []string
				for i, ed := range conn.Edges {
					got = append(got, ed.Node.ID)
					if i > 0 && ed.Node.Date != "" && conn.Edges[i-1].Node.Date < ed.Node.Date {
						t.Errorf("%s: %s (%s) after %s", name, ed.Node.ID, ed.Node.Date, conn.Edges[i-1].Node.Date)
					}
				}
				slices.Sort(got)
				if conn.TotalCount != len(want) || !slices.Equal(got, want) {
					t.Errorf("%s: totalCount %d, ids %v; a scan finds %d: %v", name, conn.TotalCount, got, len(want), want)
				}
				found += len(want)
			}
		}
	}
	if found < 50 {
		t.Fatalf("only %d events matched the filters: the test checks too little", found)
	}
	if n := len(scan(t, e, "Meeting", "INVOLVES", triple, [2]any{})); n == 0 {
		t.Fatalf("no meeting of %v: the trilateral case is not checked", triple)
	}

	// a relation's latest events: all kinds, summits included
	a, b := filters[2][0], filters[2][1]
	var d struct {
		Relation struct{ LatestEvents []struct{ ID string } }
	}
	e.ok(t, `query($a: String!, $b: String!) { relation(a: $a, b: $b) { latestEvents(first: 50) { id } } }`, map[string]any{"a": a, "b": b}, &d)
	var got []string
	for _, ev := range d.Relation.LatestEvents {
		got = append(got, ev.ID)
	}
	var want []string
	for _, l := range append(lists, struct{ field, label, rel string }{"", "Summit", "INVOLVES"}) {
		want = append(want, scan(t, e, l.label, l.rel, []string{a, b}, [2]any{})...)
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) > 50 {
		t.Fatalf("%s–%s has %d events, more than one page", a, b, len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("relation(%s, %s).latestEvents: %v, want %v", a, b, got, want)
	}
}

// scan returns the sorted ids of the events of label with an edge rel to
// every country of codes, dated within rg, by looking at every such event.
func scan(t *testing.T, e *env, label, rel string, codes []string, rg [2]any) []string {
	t.Helper()
	recs, err := e.st.Read(context.Background(), fmt.Sprintf(`
		MATCH (e:%s) WHERE all(c IN $codes WHERE EXISTS { (e)-[:%s]->(:Country {code: c}) })
		  AND ($from IS NULL OR e.date >= date($from)) AND ($to IS NULL OR e.date <= date($to))
		RETURN e.id AS id ORDER BY id`, label, rel), map[string]any{"codes": codes, "from": rg[0], "to": rg[1]})
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, r := range recs {
		id, _ := r.Get("id")
		out = append(out, id.(string))
	}
	return out
}
