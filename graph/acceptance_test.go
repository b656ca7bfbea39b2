package graph_test

import (
	"slices"
	"testing"
)

// TestAcceptance runs the queries of the issue, exactly as written, on the
// seed article.
func TestAcceptance(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(t)

	t.Run("meetings-between-two-countries", func(t *testing.T) {
		var d struct {
			Meetings struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Date, Kind   string
						Countries    []struct{ Code string }
						Participants []struct{ Name string }
						Place        struct{ Name string }
						Sources      []struct {
							Quote   string
							Article struct{ Lang string }
						}
					}
				}
			}
		}
		e.ok(t, `{ meetings(filter: {countries: ["CN", "KG"]}, first: 5) { totalCount edges { node { date kind countries { code } participants { name } place { name } sources { quote article { lang } } } } } }`, nil, &d)
		if d.Meetings.TotalCount != 1 || len(d.Meetings.Edges) != 1 {
			t.Fatalf("totalCount %d, %d edges; want 1 meeting", d.Meetings.TotalCount, len(d.Meetings.Edges))
		}
		m := d.Meetings.Edges[0].Node
		if m.Date != "2023-05-18" || m.Kind != "talks" || m.Place.Name != "Xi'an" {
			t.Errorf("meeting %s %s in %s; want talks on 2023-05-18 in Xi'an", m.Kind, m.Date, m.Place.Name)
		}
		var codes, names []string
		for _, c := range m.Countries {
			codes = append(codes, c.Code)
		}
		for _, p := range m.Participants {
			names = append(names, p.Name)
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{"CN", "KG"}) {
			t.Errorf("countries %v, want CN KG", codes)
		}
		for _, want := range []string{"Xi Jinping", "Sadyr Japarov"} {
			if !slices.Contains(names, want) {
				t.Errorf("participants %v lack %s", names, want)
			}
		}
		if len(m.Sources) == 0 || m.Sources[0].Quote == "" || m.Sources[0].Article.Lang != "ar" {
			t.Errorf("sources %+v, want an Arabic quote", m.Sources)
		}
	})

	t.Run("partnership-history", func(t *testing.T) {
		var d struct {
			PartnershipHistory []struct {
				Date  string
				Level struct {
					Name string
					Rank int
				}
				Sources []struct{ Quote string }
			}
		}
		e.ok(t, `{ partnershipHistory(a: "CN", b: "KG") { date level { name rank } sources { quote } } }`, nil, &d)
		h := d.PartnershipHistory
		if len(h) != 1 {
			t.Fatalf("%d upgrades, want 1", len(h))
		}
		if h[0].Level.Name != "comprehensive strategic partnership in the new era" || h[0].Level.Rank <= 0 || h[0].Date != "2023-05-18" {
			t.Errorf("upgrade %+v", h[0])
		}
		if len(h[0].Sources) == 0 || h[0].Sources[0].Quote == "" {
			t.Errorf("upgrade without a quote")
		}
	})

	t.Run("agreements", func(t *testing.T) {
		var d struct {
			Agreements struct {
				Edges []struct {
					Node struct {
						Kind   string
						Fields []string
						Date   string
					}
				}
			}
		}
		e.ok(t, `{ agreements(filter: {countries: ["CN", "KG"]}, first: 10) { edges { node { kind fields date } } } }`, nil, &d)
		kinds := map[string][]string{}
		for _, ed := range d.Agreements.Edges {
			kinds[ed.Node.Kind] = ed.Node.Fields
		}
		if _, ok := kinds["joint_declaration"]; !ok {
			t.Errorf("no joint_declaration in %v", kinds)
		}
		if f, ok := kinds["cooperation_documents"]; !ok || !slices.Contains(f, "trade") {
			t.Errorf("no cooperation_documents with trade among their fields in %v", kinds)
		}
	})

	t.Run("relation", func(t *testing.T) {
		var d struct {
			Relation struct {
				Level      struct{ Name string }
				Meetings   struct{ TotalCount int }
				Agreements struct{ TotalCount int }
			}
		}
		e.ok(t, `{ relation(a: "KG", b: "CN") { level { name } meetings(first: 5) { totalCount } agreements(first: 5) { totalCount } } }`, nil, &d)
		r := d.Relation
		if r.Level.Name != "comprehensive strategic partnership in the new era" {
			t.Errorf("level %q", r.Level.Name)
		}
		if r.Meetings.TotalCount != 1 {
			t.Errorf("meetings totalCount %d, want 1", r.Meetings.TotalCount)
		}
		if r.Agreements.TotalCount < 2 {
			t.Errorf("agreements totalCount %d, want at least 2", r.Agreements.TotalCount)
		}
	})

	for _, spelling := range []string{"جاباروف", "جباروف", "جاباروڤ", "صدير جاباروف", "Japarov"} {
		t.Run("search-"+spelling, func(t *testing.T) {
			var d struct {
				Search []struct {
					Typename string `json:"__typename"`
					Name     string
				}
			}
			e.ok(t, `query($q: String!) { search(text: $q) { __typename ... on Person { name } } }`, map[string]any{"q": spelling}, &d)
			if len(d.Search) == 0 || d.Search[0].Typename != "Person" || d.Search[0].Name != "Sadyr Japarov" {
				t.Errorf("search %q: %+v, want Sadyr Japarov first", spelling, d.Search)
			}
		})
	}
	t.Run("search-as-written", func(t *testing.T) {
		var d struct {
			Search []struct {
				Typename string `json:"__typename"`
				Name     string
			}
		}
		e.ok(t, `{ search(text: "جاباروف") { __typename ... on Person { name } } }`, nil, &d)
		if len(d.Search) == 0 || d.Search[0].Name != "Sadyr Japarov" {
			t.Errorf("%+v", d.Search)
		}
	})

	t.Run("statements-supports", func(t *testing.T) {
		var d struct {
			Statements struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Kind string
						By   struct{ Code string }
						On   struct {
							Typename string `json:"__typename"`
							ID       string
						}
						Sources []struct{ Quote string }
					}
				}
			}
		}
		e.ok(t, `{ statements(filter: {by: "KG", kind: "supports"}) { totalCount edges { node { kind by { code } on { __typename ... on Initiative { id } } sources { quote } } } } }`, nil, &d)
		var ids []string
		for _, ed := range d.Statements.Edges {
			n := ed.Node
			if n.Kind != "supports" || n.By.Code != "KG" || n.On.Typename != "Initiative" || len(n.Sources) == 0 || n.Sources[0].Quote == "" {
				t.Errorf("statement %+v, want KG supports an initiative, with a quote", n)
			}
			ids = append(ids, n.On.ID)
		}
		slices.Sort(ids)
		if want := []string{"global-development-initiative", "global-security-initiative"}; !slices.Equal(ids, want) || d.Statements.TotalCount != 2 {
			t.Errorf("totalCount %d, initiatives %v; want %v", d.Statements.TotalCount, ids, want)
		}
	})

	t.Run("statements-backs", func(t *testing.T) {
		var d struct {
			Statements struct {
				Edges []struct {
					Node struct {
						By     struct{ Code string }
						On     struct{ Code string }
						Topics []string
					}
				}
			}
		}
		e.ok(t, `{ statements(filter: {kind: "backs", countries: ["KG", "CN"]}) { edges { node { by { code } on { ... on Country { code } } topics } } } }`, nil, &d)
		if len(d.Statements.Edges) != 1 {
			t.Fatalf("%d backs statements, want 1: %+v", len(d.Statements.Edges), d.Statements.Edges)
		}
		n := d.Statements.Edges[0].Node
		if n.By.Code != "KG" || n.On.Code != "CN" {
			t.Errorf("backs %s → %s, want KG → CN", n.By.Code, n.On.Code)
		}
		for _, want := range []string{"Taiwan", "Xinjiang", "Hong Kong"} {
			if !slices.Contains(n.Topics, want) {
				t.Errorf("topics %v lack %s", n.Topics, want)
			}
		}
	})

	t.Run("statements-relations-established", func(t *testing.T) {
		var d struct {
			Statements struct {
				Edges []struct {
					Node struct {
						ID        string
						Year      int
						Countries []struct{ Code string }
					}
				}
			}
		}
		e.ok(t, `{ statements(filter: {kind: "relations_established"}) { edges { node { id year countries { code } } } } }`, nil, &d)
		if len(d.Statements.Edges) != 1 || d.Statements.Edges[0].Node.Year != 1992 {
			t.Fatalf("%+v, want one statement of 1992", d.Statements.Edges)
		}
		n := d.Statements.Edges[0].Node
		var codes []string
		for _, c := range n.Countries {
			codes = append(codes, c.Code)
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{"CN", "KG"}) {
			t.Errorf("countries %v, want CN KG", codes)
		}
		var nd struct{ Node struct{ Year int } }
		e.ok(t, `query($id: ID!) { node(id: $id) { ... on Statement { year } } }`, map[string]any{"id": n.ID}, &nd)
		if nd.Node.Year != 1992 {
			t.Errorf("node(%q) year %d, want 1992", n.ID, nd.Node.Year)
		}
	})

	t.Run("country-supports", func(t *testing.T) {
		var d struct {
			Country struct{ Supports []struct{ ID string } }
		}
		e.ok(t, `{ country(code: "KG") { supports { id } } }`, nil, &d)
		var ids []string
		for _, i := range d.Country.Supports {
			ids = append(ids, i.ID)
		}
		slices.Sort(ids)
		if want := []string{"global-development-initiative", "global-security-initiative"}; !slices.Equal(ids, want) {
			t.Errorf("supports %v, want %v", ids, want)
		}
	})

	t.Run("foundation", func(t *testing.T) {
		var d struct {
			Meetings struct {
				Edges []struct {
					Node struct {
						Date      string
						Kind      string
						Countries []struct{ Code, Name string }
					}
				}
			}
		}
		e.ok(t, `{ meetings(first: 10) { edges { node { date kind countries { code name } participants { name } place { name } sources { quote article { lang } } } } } }`, nil, &d)
		if len(d.Meetings.Edges) == 0 {
			t.Fatal("no meetings")
		}
		for _, c := range d.Meetings.Edges[0].Node.Countries {
			if c.Name == "" {
				t.Errorf("country %s without a name", c.Code)
			}
		}
	})
}
