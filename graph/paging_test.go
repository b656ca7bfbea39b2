package graph_test

import (
	"slices"
	"strings"
	"testing"
)

type pageOf struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   struct {
			ID   string
			Date string
			Code string
		}
	}
	PageInfo struct {
		HasNextPage bool
		EndCursor   *string
	}
}

// TestPagination walks connections page by page with cursors and checks
// that the pages add up to the whole list, in order, without repeats.
func TestPagination(t *testing.T) {
	e := newEnv(t, nil)
	e.seed(t)
	e.talks(t, 5)
	tests := []struct {
		name  string
		field string // the connection, with $first and $after
		sel   string
		total int
		order func(a, b pageOf) bool
	}{
		{"meetings-newest-first", `meetings(filter: {countries: ["CN", "KZ"]}, first: $first, after: $after)`, "id date", 5, nil},
		// five talks and the China–Central Asia summit of the seed, undated so last
		{"timeline-newest-first", `timeline(country: "KZ", first: $first, after: $after)`, "id date", 6, nil},
		{"countries-by-name", `countries(first: $first, after: $after)`, "id code", -1, nil},
		{"statements-by-name", `statements(first: $first, after: $after)`, "id name", -1, nil},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 2, 3} {
			t.Run(tc.name+"-by-"+string(rune('0'+size)), func(t *testing.T) {
				q := `query($first: Int, $after: String) { c: ` + tc.field + ` { totalCount edges { cursor node { ... on Node { id } ` +
					strings.Replace(tc.sel, "id ", "", 1) + ` } } pageInfo { hasNextPage endCursor } } }`
				if tc.name == "timeline-newest-first" {
					q = strings.Replace(q, "node { ... on Node { id } date }", "node { id date }", 1)
				}
				var all []string
				var dates []string
				var after any
				for pages := 0; ; pages++ {
					if pages > 20 {
						t.Fatal("no end of pages")
					}
					var d struct{ C pageOf }
					e.ok(t, q, map[string]any{"first": size, "after": after}, &d)
					if tc.total >= 0 && d.C.TotalCount != tc.total {
						t.Errorf("totalCount %d, want %d", d.C.TotalCount, tc.total)
					}
					if len(d.C.Edges) > size {
						t.Errorf("page of %d, asked %d", len(d.C.Edges), size)
					}
					for _, ed := range d.C.Edges {
						all = append(all, ed.Node.ID)
						dates = append(dates, ed.Node.Date)
					}
					if !d.C.PageInfo.HasNextPage {
						break
					}
					if d.C.PageInfo.EndCursor == nil || *d.C.PageInfo.EndCursor != d.C.Edges[len(d.C.Edges)-1].Cursor {
						t.Fatalf("endCursor %v is not the last edge's cursor", d.C.PageInfo.EndCursor)
					}
					after = *d.C.PageInfo.EndCursor
				}
				var whole struct{ C pageOf }
				e.ok(t, q, map[string]any{"first": 100}, &whole)
				var want []string
				for _, ed := range whole.C.Edges {
					want = append(want, ed.Node.ID)
				}
				if !slices.Equal(all, want) {
					t.Errorf("pages give %v, the whole list is %v", all, want)
				}
				if tc.total >= 0 && len(all) != tc.total {
					t.Errorf("%d rows, want %d", len(all), tc.total)
				}
				if tc.total >= 0 && !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(b, a) }) {
					t.Errorf("dates not newest first: %v", dates)
				}
			})
		}
	}
}
