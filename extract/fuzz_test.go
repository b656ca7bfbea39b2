package extract_test

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/diplograph/diplograph/extract"
)

// FuzzExtract feeds the extractor arbitrary text: it must never panic, and
// every piece of evidence must point inside the text. Crashers found by
// `go test -fuzz=FuzzExtract ./extract` land in testdata/fuzz/FuzzExtract
// and run as regression tests with every `go test`.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"../testdata/xinhua-ar-2023-05-18.txt", "../testdata/xinhua-en-2023-05-18.txt"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), "")
		f.Add(string(b[:len(b)/3]), "2023-05-18")
	}
	f.Add("التقى الرئيس. .. ، بين و و و", "2024-02-29")
	f.Add("On Sunday May 32 the President met.", "")
	f.Add("شيآن ٣١ فبراير ٢٠٢٣ (شينخوا) استقبل", "")
	x := extractor(f)
	f.Fuzz(func(t *testing.T, text, published string) {
		if !utf8.ValidString(text) {
			return
		}
		r, err := x.Extract(text, extract.Options{Published: published})
		if err != nil {
			return
		}
		n := utf8.RuneCountInString(text)
		check := func(evs []extract.Evidence) {
			for _, e := range evs {
				if e.Start < 0 || e.End > n || e.Start > e.End {
					t.Fatalf("evidence [%d:%d] outside text of %d runes", e.Start, e.End, n)
				}
			}
		}
		for _, m := range r.Meetings {
			check(m.Evidence)
			if len(m.Countries) < 2 {
				t.Fatalf("meeting with countries %v", m.Countries)
			}
		}
		for _, v := range r.Visits {
			check(v.Evidence)
			if v.VisitorCountry == v.HostCountry {
				t.Fatalf("visit to its own country %s", v.HostCountry)
			}
		}
		for _, a := range r.Agreements {
			check(a.Evidence)
		}
		for _, u := range r.PartnershipUpgrades {
			check(u.Evidence)
		}
	})
}
