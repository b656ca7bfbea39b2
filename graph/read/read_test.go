package read

import (
	"errors"
	"testing"

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
