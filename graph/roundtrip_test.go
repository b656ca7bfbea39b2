package graph_test

import (
	"testing"
)

// TestRoundTripsDoNotGrowWithRows counts the Cypher statements of nested
// queries with one meeting in the graph and with six: batched loaders must
// keep the count the same, one statement per level, not one per row.
func TestRoundTripsDoNotGrowWithRows(t *testing.T) {
	queries := []struct{ name, query string }{
		{"meetings-participants-offices-country", `{ meetings(first: 20) { totalCount edges { node { date countries { code name }
			participants { name offices { title country { code name } } } participations { role person { name } }
			place { name locatedIn { name } country { code } } sources { quote article { lang title } } } } } }`},
		{"timeline-through-interface", `{ timeline(country: "CN", first: 20) { edges { node { __typename date countries { code } sources { quote }
			... on Meeting { participants { name offices { country { code } } } agreements { kind } }
			... on Agreement { meeting { kind } } } } } }`},
	}
	e := newEnv(t, nil)
	e.seed(t)
	// counted the second time, so that countries and people are served
	// from the reader's cache both times, as they are in a running server
	count := func(q string) int64 {
		var d map[string]any
		e.ok(t, q, nil, &d)
		before := e.st.Queries()
		e.ok(t, q, nil, &d)
		return e.st.Queries() - before
	}
	one := map[string]int64{}
	for _, q := range queries {
		one[q.name] = count(q.query)
	}
	e.talks(t, 5)
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			if n := count(q.query); n != one[q.name] {
				t.Errorf("%d statements with six meetings, %d with one: the count grows with rows", n, one[q.name])
			} else {
				t.Logf("%d statements either way", n)
			}
		})
	}
}

// TestStatementRoundTrips counts the Cypher statements of nested statement
// queries on the seed, which has several statements and countries: the
// nested lists are read with the page, and the countries they name once
// into the cache of a fresh server, whatever the number of rows.
func TestStatementRoundTrips(t *testing.T) {
	queries := []struct {
		name, query string
		want        int64
	}{
		{"statements-by-on-countries-sources", `{ statements(first: 20) { totalCount edges { node { kind by { code name }
			on { __typename ... on Initiative { id } ... on Country { code } ... on Project { id } } countries { code } sources { quote article { lang } } } } } }`, 2},
		{"countries-supports", `{ countries(first: 100) { edges { node { code supports { id name } } } } }`, 1},
	}
	e := newEnv(t, nil)
	e.seed(t)
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			before := e.st.Queries()
			var d map[string]any
			e.ok(t, q.query, nil, &d)
			if n := e.st.Queries() - before; n != q.want {
				t.Errorf("%d statements, want %d: nested lists with the page, not one statement per level or row", n, q.want)
			}
		})
	}
}
