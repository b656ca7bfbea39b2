package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestEveryQuery runs each query of the schema once on the seed and a few
// synthetic articles, so that no Cypher goes untried, and checks what each
// must find.
func TestEveryQuery(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(t)
	e.talks(t, 2)
	if _, err := e.st.Write(context.Background(), `
		CREATE (r:IngestRun {id: 'run-1', job: 'xinhua', started: datetime('2024-07-01T10:00:00Z'), finished: datetime('2024-07-01T10:01:00Z'),
		        status: 'partial', fetched: 3, new: 1, unchanged: 1, updated: 0, failed: 1})
		CREATE (f:IngestFailure {id: 'f-1', source: 'https://example.org/broken', reason: 'empty', job: 'xinhua', at: datetime(), first: datetime(), count: 1})
		CREATE (r)-[:HAD_FAILURE]->(f)`, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		query string
		want  []string // substrings of the JSON data
	}{
		{"country", `{ country(code: "kg") { id code name nameAr kind aliases partners { country { code } level { name rank scale qualifiers } since upgrade { id } } officeHolders { person { name } title current } } }`,
			[]string{`"code":"KG"`, `"name":"Kyrgyzstan"`, `"comprehensive strategic partnership in the new era"`, `"Sadyr Japarov"`}},
		{"countries", `{ countries(first: 2) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`, []string{`"hasNextPage":true`}},
		{"countries-search-arabic", `{ countries(search: "قرغيزستان") { edges { node { code } } } }`, []string{`"KG"`}},
		{"person", `{ person(id: "xi-jinping") { id name nameAr aliases offices { office title country { code } since until current } } }`, []string{`"President"`, `"current":true`}},
		{"person-meetings", `{ person(id: "sadyr-japarov") { meetings(from: "2023-01-01", to: "2023-12-31", first: 5) { kind date countries { code } participants { name } } } }`,
			[]string{`"kind":"talks"`, `"date":"2023-05-18"`, `"Xi Jinping"`}},
		{"person-meetings-none-in-range", `{ person(id: "sadyr-japarov") { meetings(to: "2000-01-01") { id } } }`, []string{`"meetings":[]`}},
		{"person-offices-at", `{ person(id: "xi-jinping") { offices(at: "2010-01-01") { office } } }`, []string{`"vice_president"`}},
		{"people", `{ people(search: "jap", country: "KG") { totalCount edges { node { name } } } }`, []string{`"Sadyr Japarov"`}},
		{"place", `{ place(id: "xian") { id kind name country { code } locatedIn { name } } }`, []string{`"Xi'an"`, `"CN"`}},
		{"node-country", `{ node(id: "CN") { __typename id ... on Country { name } } }`, []string{`"Country"`, `"China"`}},
		{"nodes", `{ nodes(ids: ["KG", "sadyr-japarov", "nothing"]) { __typename id } }`, []string{`"Person"`, `null`}},
		{"meetings-filters", `{ meetings(filter: {people: ["xi-jinping"], from: "2024-01-01", kind: "talks", place: "Beijing"}) { totalCount edges { node { id participations { person { name } role } partOf { __typename } agreements { kind } upgrades { level { name } } } } } }`,
			[]string{`"totalCount":2`, `"role":"host"`}},
		{"meetings-in-province", `{ meetings(filter: {place: "CN"}) { totalCount } }`, []string{`"totalCount":3`}},
		{"visits", `{ visits(filter: {visitor: "KG", host: "CN", status: "made"}) { totalCount edges { node { kind status date visitor { name } visitorCountry { code } hostCountry { code } place { name } summit { name } meetings { kind } countries { code } sources { quote } } } } }`,
			[]string{`"totalCount":1`, `"state"`, `"Sadyr Japarov"`}},
		{"summits", `{ summits { edges { node { name series place { name } meetings { id } visits { id } countries { code } sources { quote } } } } }`, []string{`China-Central Asia Summit`}},
		{"agreements-field", `{ agreements(filter: {field: "Customs", kind: "cooperation_documents"}) { totalCount edges { node { signed signatories { name } witnesses { name } meeting { kind } countries { code } } } } }`,
			[]string{`"totalCount":1`, `"talks"`}},
		{"upgrades", `{ partnershipUpgrades(filter: {countries: ["KG"], status: "announced"}) { edges { node { status level { id name scale } previousLevel { name } meeting { date } } } } }`,
			[]string{`"id":"comprehensive-strategic-partnership`, `"previousLevel":`}},
		{"relation-without-level", `{ relation(a: "CN", b: "KZ") { a { code } b { code } level { name } since upgrade { id } history { id } meetings(first: 1) { totalCount pageInfo { hasNextPage } } visits { totalCount } latestEvents(first: 5) { __typename date } } }`,
			[]string{`"level":null`, `"totalCount":2`, `"hasNextPage":true`}},
		{"relation-history", `{ relation(a: "KG", b: "CN") { since history { level { name } } upgrade { id } latestEvents { __typename } } }`, []string{`"since":"2023-05-18"`, `"__typename":"Summit"`}},
		{"timeline-country", `{ timeline(country: "KG", first: 50) { totalCount edges { node { __typename id date name countries { code } } } } }`, []string{`"Meeting"`, `"Visit"`, `"Agreement"`, `"PartnershipUpgrade"`}},
		{"timeline-person", `{ timeline(person: "xi-jinping", from: "2024-01-01", to: "2024-12-31") { totalCount } }`, []string{`"totalCount":2`}},
		{"path", `{ path(from: "sadyr-japarov", to: "KZ") { length nodes { __typename id } steps { from { id } relation to { id } } events { __typename } } }`, []string{`"length":3`, `"nodes":[{"__typename":"Person","id":"sadyr-japarov"}`, `{"__typename":"Country","id":"KZ"}]`}},
		{"search-english-event", `{ searchHits(text: "talks Kazakhstan", lang: "en", first: 5) { score node { __typename } } }`, []string{`"Meeting"`}},
		{"articles", `{ articles(filter: {lang: "en", from: "2024-01-01"}, first: 1) { totalCount edges { node { id url outlet published lang title dateline events { __typename } } } } }`, []string{`"totalCount":2`}},
		{"articles-search", `{ articles(filter: {search: "Tokayev"}) { totalCount } }`, []string{`"totalCount":2`}},
		{"article-text", `{ articles(filter: {lang: "ar"}) { edges { node { text events { __typename } } } } }`, []string{`شيآن`}},
		{"ingest-runs", `{ ingestRuns(job: "xinhua") { totalCount edges { node { id job started finished status fetched new unchanged updated failed error failures { source reason count at } } } } }`,
			[]string{`"partial"`, `"https://example.org/broken"`}},
		{"ingest-failures", `{ ingestFailures { totalCount edges { node { id source reason job count first at } } } }`, []string{`"totalCount":1`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.post(t, tc.query, nil)
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(r.Data), w) {
					t.Errorf("data lacks %s:\n%s", w, r.Data)
				}
			}
		})
	}

	t.Run("refetch-by-node-id", func(t *testing.T) {
		var d struct {
			Timeline struct {
				Edges []struct {
					Node struct {
						ID       string
						Typename string `json:"__typename"`
					}
				}
			}
		}
		e.ok(t, `{ timeline(country: "KG", first: 50) { edges { node { __typename id } } } }`, nil, &d)
		for _, ed := range d.Timeline.Edges {
			var n struct {
				Node struct {
					ID       string
					Typename string `json:"__typename"`
				}
			}
			e.ok(t, `query($id: ID!) { node(id: $id) { __typename id } }`, map[string]any{"id": ed.Node.ID}, &n)
			if n.Node.ID != ed.Node.ID || n.Node.Typename != ed.Node.Typename {
				t.Errorf("node(%s) = %+v", ed.Node.ID, n.Node)
			}
		}
	})

	t.Run("timeline-newest-first", func(t *testing.T) {
		var d struct {
			Timeline struct {
				Edges []struct{ Node struct{ Date *string } }
			}
		}
		e.ok(t, `{ timeline(country: "CN", first: 100) { edges { node { date } } } }`, nil, &d)
		var dates []string
		for _, ed := range d.Timeline.Edges {
			if ed.Node.Date != nil {
				dates = append(dates, *ed.Node.Date)
			}
		}
		if !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("dates not newest first: %v", dates)
		}
	})
}
