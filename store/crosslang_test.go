package store_test

import (
	"context"
	"testing"

	"github.com/diplograph/diplograph/neo4jtest"
)

// TestArabicAndEnglishReportsMerge ingests the Arabic seed and an English
// report of the same talks (written for this test): each event is one node
// with one REPORTED_IN edge per language.
func TestArabicAndEnglishReportsMerge(t *testing.T) {
	st := neo4jtest.New(t)
	lx := loadLexicon(t)
	ingestSeed(t, st, lx, "xinhua-ar-2023-05-18.txt")
	ingestSeed(t, st, lx, "xinhua-en-2023-05-18.txt")

	tests := []struct {
		label string
		where string
		want  int64 // nodes
	}{
		{"Meeting", "e.kind = 'talks'", 1},
		{"PartnershipUpgrade", "e.level = 'comprehensive strategic partnership in the new era'", 1},
		{"Agreement", "e.kind = 'joint_declaration'", 1},
		{"Agreement", "e.kind = 'cooperation_documents'", 1},
		{"Visit", "e.kind = 'state'", 1},
		{"Summit", "true", 1},
	}
	for _, tt := range tests {
		t.Run(tt.label+" "+tt.where, func(t *testing.T) {
			// labels come from this table, not from input
			recs, err := st.Read(context.Background(), `
				MATCH (e:`+tt.label+`) WHERE `+tt.where+`
				OPTIONAL MATCH (e)-[:REPORTED_IN]->(a:Article)
				WITH e, collect(DISTINCT a.lang) AS langs
				RETURN count(e) AS n, collect(langs) AS langs`, nil)
			if err != nil {
				t.Fatal(err)
			}
			m := recs[0].AsMap()
			if m["n"].(int64) != tt.want {
				t.Fatalf("%d nodes, want %d", m["n"], tt.want)
			}
			for _, langs := range m["langs"].([]any) {
				if len(langs.([]any)) != 2 {
					t.Errorf("reported in %v, want ar and en", langs)
				}
			}
		})
	}
}
