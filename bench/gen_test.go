package bench

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
)

func testLexicon(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	lx, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// digest hashes n generated articles and their results.
func digest(t *testing.T, lx *lexicon.Lexicon, seed uint64, n int) (string, Stats) {
	t.Helper()
	g, err := NewGenerator(lx, seed, n)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	for range n {
		a, r := g.Next()
		if err := enc.Encode(a); err != nil {
			t.Fatal(err)
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), g.Stats()
}

func TestGenerateSameSeedSameArticles(t *testing.T) {
	lx := testLexicon(t)
	a, sa := digest(t, lx, 42, 2000)
	b, sb := digest(t, lx, 42, 2000)
	if a != b || sa != sb {
		t.Errorf("seed 42 twice: %s %+v, then %s %+v", a, sa, b, sb)
	}
	c, _ := digest(t, lx, 43, 2000)
	if a == c {
		t.Errorf("seeds 42 and 43 gave the same articles")
	}
}

// TestGenerateMix checks the shape the brief asks of 100,000 articles,
// scaled: about 0.6 meetings, 0.2 visits, 0.2 agreements and 0.02
// upgrades per article, skewed towards a few countries.
func TestGenerateMix(t *testing.T) {
	lx := testLexicon(t)
	const n = 20_000
	g, err := NewGenerator(lx, 1, n)
	if err != nil {
		t.Fatal(err)
	}
	perCountry := map[string]int{}
	ids := map[string]bool{}
	first, last := "9999", "0000"
	for range n {
		a, r := g.Next()
		if ids[a.ID] {
			t.Fatalf("article id %s twice", a.ID)
		}
		ids[a.ID] = true
		if a.ID != extract.ArticleID(a.Text) {
			t.Fatalf("article id %s is not the hash of its text", a.ID)
		}
		for _, m := range r.Meetings {
			for _, c := range m.Countries {
				perCountry[c]++
			}
			first, last = min(first, m.Date), max(last, m.Date)
			checkEvidence(t, a.Text, m.Evidence)
		}
		for _, v := range r.Visits {
			checkEvidence(t, a.Text, v.Evidence)
		}
		for _, ag := range r.Agreements {
			checkEvidence(t, a.Text, ag.Evidence)
		}
	}
	s := g.Stats()
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"meetings", s.Meetings, n * 6 / 10}, {"visits", s.Visits, n * 2 / 10},
		{"agreements", s.Agreements, n * 2 / 10}, {"upgrades", s.Upgrades, n * 2 / 100},
	} {
		if c.got < c.want*85/100 || c.got > c.want*115/100 {
			t.Errorf("%s: %d for %d articles, want about %d", c.name, c.got, n, c.want)
		}
	}
	if perCountry["CN"] < 10*perCountry["NO"] {
		t.Errorf("not skewed: China in %d meetings, Norway in %d", perCountry["CN"], perCountry["NO"])
	}
	if first > "2015-02-01" || last < "2024-11-30" {
		t.Errorf("meetings from %s to %s, want 2015 to 2024", first, last)
	}
}

func checkEvidence(t *testing.T, text string, evs []extract.Evidence) {
	t.Helper()
	if len(evs) == 0 {
		t.Fatal("fact without evidence")
	}
	r := []rune(text)
	for _, e := range evs {
		if e.End > len(r) || string(r[e.Start:e.End]) != e.Quote {
			t.Fatalf("evidence %d:%d is not %q", e.Start, e.End, e.Quote)
		}
	}
}
