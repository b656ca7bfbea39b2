package read

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/diplograph/diplograph/graph/model"
)

func TestLuceneQuery(t *testing.T) {
	tests := []struct {
		name, text string
		arabic     bool
		want       string
	}{
		{"arabic-folded", "جاباروف", true, "(جاباروف^2 OR جاباروف~1)"},
		{"hamza-and-ta-marbuta-folded", "أسامة", true, "(اسامه^2 OR اسامه~1)"},
		{"syntax-dropped", `Japarov~ AND ("* OR name:[a TO z]`, false, "(japarov^2 OR japarov~1) AND and AND or AND (name^2 OR name~1) AND to"},
		{"short-words-exact", "Xi Jinping", false, "xi AND (jinping^2 OR jinping~1)"},
		{"nothing-left", "* ? !", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := luceneQuery(tc.text, tc.arabic); got != tc.want {
				t.Errorf("luceneQuery(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestPageArguments(t *testing.T) {
	valid := cursor{Kind: "meeting", Key: "2023-05-18", ID: "meeting-1"}.encode()
	n := func(i int) *int { return &i }
	s := func(v string) *string { return &v }
	tests := []struct {
		name    string
		first   *int
		after   *string
		want    int
		wantErr bool
	}{
		{"default", nil, nil, DefaultFirst, false},
		{"max", n(100), nil, 100, false},
		{"over-max-is-an-error", n(100000), nil, 0, true},
		{"negative", n(-1), nil, 0, true},
		{"own-cursor", nil, &valid, DefaultFirst, false},
		{"garbage-cursor", nil, s("%%%"), 0, true},
		{"other-kind-of-cursor", nil, s(cursor{Kind: "country", Key: "China", ID: "CN"}.encode()), 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewPage("meeting", tc.first, tc.after)
			var ie *model.InputError
			if tc.wantErr {
				if !errors.As(err, &ie) {
					t.Fatalf("err %v, want an InputError", err)
				}
				return
			}
			if err != nil || p.First != tc.want {
				t.Fatalf("page %+v, %v", p, err)
			}
		})
	}
}

func TestRefsExpire(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newRefs[string](time.Minute)
	c.now = func() time.Time { return now }
	c.put("CN", "China")
	tests := []struct {
		name    string
		after   time.Duration
		keys    []string
		found   int
		missing []string
	}{
		{"fresh", 30 * time.Second, []string{"CN", "KG", "KG"}, 1, []string{"KG"}},
		{"all-fresh", 30 * time.Second, []string{"CN", "CN"}, 1, nil},
		{"expired", 61 * time.Second, []string{"CN"}, 0, []string{"CN"}},
	}
	start := now
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now = start.Add(tc.after)
			found, missing := c.get(tc.keys)
			if len(found) != tc.found || !slices.Equal(missing, tc.missing) {
				t.Errorf("get(%q) after %v = %v, %q; want %d found, missing %q", tc.keys, tc.after, found, missing, tc.found, tc.missing)
			}
			// fresh answers only when nothing is missing
			if vs, ok := c.fresh(tc.keys); ok != (len(missing) == 0) || ok && len(vs) != len(tc.keys) {
				t.Errorf("fresh(%q) after %v = %q, %v; want ok %v", tc.keys, tc.after, vs, ok, len(missing) == 0)
			}
		})
	}
}

func TestCountryCodesFollowTheEventsOrder(t *testing.T) {
	tests := []struct {
		name string
		node map[string]any
		want []string
	}{
		{"edges-in-property-order", map[string]any{"countries": []any{"KG", "CN"}, "_c": []any{"CN", "KG"}}, []string{"KG", "CN"}},
		{"edge-not-in-property-last", map[string]any{"countries": []any{"KG"}, "_c": []any{"UZ", "CN", "KG"}}, []string{"KG", "CN", "UZ"}},
		{"property-without-edge-dropped", map[string]any{"countries": []any{"KG", "CN"}, "_c": []any{"CN"}}, []string{"CN"}},
		{"no-edges-read", map[string]any{"countries": []any{"KG", "CN"}}, []string{"KG", "CN"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := countryCodes(tc.node); !slices.Equal(got, tc.want) {
				t.Errorf("countryCodes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPrefetchKeepsTheFieldsOfTheLabel(t *testing.T) {
	names := func(qs []nested) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.name)
		}
		return out
	}
	tests := []struct {
		name   string
		label  string
		fields []string
		want   []string
	}{
		{"meeting-participants-once", Meeting, []string{"id", "participants", "participations"}, []string{"participants of Meeting"}},
		{"scalars-only", Agreement, []string{"id", "date", "kind"}, nil},
		{"other-labels-fields-ignored", Agreement, []string{"participants", "signatories"}, []string{"Agreement<-[:SIGNED]-Person"}},
		{"any-event", anyEvent, []string{"sources", "meeting"}, []string{"sources of Meeting", "sources of Visit", "sources of Summit",
			"sources of Agreement", "Agreement<-[:PRODUCED]-Meeting", "sources of PartnershipUpgrade", "PartnershipUpgrade<-[:ANNOUNCED]-Meeting"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := names(prefetch(tc.label, tc.fields)); !slices.Equal(got, tc.want) {
				t.Errorf("prefetch(%s, %q) = %q, want %q", tc.label, tc.fields, got, tc.want)
			}
		})
	}
}

func TestStampRange(t *testing.T) {
	d := func(s string) *model.Date { v := model.Date(s); return &v }
	tests := []struct {
		name     string
		from, to *model.Date
		in, out  []string // stamps after the key
	}{
		{"all", nil, nil, []string{"|", "|2023-05-18"}, nil},
		{"from", d("2023-01-01"), nil, []string{"|2023-01-01", "|2024-02-29"}, []string{"|", "|2022-12-31"}},
		{"to-leaves-undated-out", nil, d("2023-12-31"), []string{"|1992-01-05", "|2023-12-31"}, []string{"|", "|2024-01-01"}},
		{"from-to", d("2022-01-01"), d("2023-12-31"), []string{"|2022-01-01", "|2023-12-31"}, []string{"|", "|2021-12-31", "|2024-01-01"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := stampRange(tc.from, tc.to)
			for _, s := range tc.in {
				if s < lo || s > hi {
					t.Errorf("%q outside %q..%q, want inside", s, lo, hi)
				}
			}
			for _, s := range tc.out {
				if s >= lo && s <= hi {
					t.Errorf("%q inside %q..%q, want outside", s, lo, hi)
				}
			}
		})
	}
}

func TestSortPartners(t *testing.T) {
	p := func(name string, rank ...int) *model.Partner {
		l := &model.PartnershipLevel{}
		if len(rank) > 0 {
			l.Rank = &rank[0]
		}
		return &model.Partner{Country: &model.Country{Name: name}, Level: l}
	}
	tests := []struct {
		name string
		in   []*model.Partner
		want []string
	}{
		{"rank-descending", []*model.Partner{p("Chad", 20), p("Peru", 60), p("Fiji", 40)}, []string{"Peru", "Fiji", "Chad"}},
		{"name-breaks-ties", []*model.Partner{p("Oman", 40), p("Laos", 40), p("Mali", 40)}, []string{"Laos", "Mali", "Oman"}},
		{"unknown-rank-first", []*model.Partner{p("Chad", 20), p("Togo"), p("Peru", 60), p("Benin")}, []string{"Benin", "Togo", "Peru", "Chad"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sortPartners(tc.in)
			var got []string
			for _, x := range tc.in {
				got = append(got, x.Country.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("order %v, want %v", got, tc.want)
			}
		})
	}
}
