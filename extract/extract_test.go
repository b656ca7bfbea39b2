package extract_test

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
)

var (
	lxOnce sync.Once
	lx     *lexicon.Lexicon
	lxErr  error
)

func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	lxOnce.Do(func() { lx, lxErr = lexicon.Default() })
	if lxErr != nil {
		t.Fatal(lxErr)
	}
	return extract.New(lx)
}

func run(t *testing.T, text, published string) *extract.Result {
	t.Helper()
	r, err := extractor(t).Extract(text, extract.Options{Published: published})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return r
}

// The sentences below were written for these tests.
func TestMeetings(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		published string
		countries [][]string // one entry per meeting
		date      string     // of the first meeting
		kind      string
		people    []string
	}{
		{
			name:      "title-nationality-name",
			text:      "استقبل الرئيس المصري عبد الفتاح السيسي اليوم الأحد في القاهرة ولي العهد السعودي الأمير محمد بن سلمان.",
			published: "2022-06-20", countries: [][]string{{"EG", "SA"}}, date: "2022-06-19", kind: "reception",
			people: []string{"Abdel Fattah el-Sisi", "Mohammed bin Salman"},
		},
		{
			name:      "office-resolved-by-date",
			text:      "أجرى رئيس قرغيزستان محادثات مع الرئيس الكازاخي في أستانا.",
			published: "2023-05-01", countries: [][]string{{"KG", "KZ"}}, kind: "talks",
			people: []string{"Sadyr Japarov", "Kassym-Jomart Tokayev"},
		},
		{
			name:      "clitic-wa-before-name",
			text:      "التقى وزير الخارجية الصيني وانغ يي ونظيره الأمريكي أنتوني بلينكن في جاكرتا.",
			published: "2023-07-13", countries: [][]string{{"CN", "US"}}, kind: "meeting",
			people: []string{"Wang Yi", "Antony Blinken"},
		},
		{
			name:      "phone-call-has-no-place",
			text:      "تلقى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا من الرئيس التركي رجب طيب أردوغان أمس.",
			published: "2024-03-02", countries: [][]string{{"RU", "TR"}}, date: "2024-03-01", kind: "phone_call",
		},
		{
			name: "background-is-not-an-event",
			text: "وتذكر الرئيس الصيني اجتماعه مع الرئيس الفرنسي في العام الماضي.", published: "2024-05-06",
		},
		{
			name: "scheduled-is-not-a-meeting",
			text: "ومن المقرر أن يلتقي الرئيس الأمريكي نظيره الصيني الأسبوع المقبل.", published: "2024-05-06",
		},
		{
			name:      "english-weekday-against-dateline",
			text:      "NEW DELHI, March 4 (Reuters) -- Indian Prime Minister Narendra Modi held talks with visiting Saudi Crown Prince Mohammed bin Salman on Monday.",
			published: "2024-03-04", countries: [][]string{{"IN", "SA"}}, date: "2024-03-04", kind: "talks",
		},
		{
			name: "english-future-is-not-a-meeting",
			text: "The foreign ministers of Japan and Vietnam will meet in Hanoi next week.", published: "2024-05-06",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.text, tt.published)
			var got [][]string
			for _, m := range r.Meetings {
				got = append(got, m.Countries)
			}
			if !slices.EqualFunc(got, tt.countries, slices.Equal) {
				t.Fatalf("meetings %v, want %v", got, tt.countries)
			}
			if len(r.Meetings) == 0 {
				return
			}
			m := r.Meetings[0]
			if m.Date != tt.date {
				t.Errorf("date %q, want %q", m.Date, tt.date)
			}
			if m.Kind != tt.kind {
				t.Errorf("kind %q, want %q", m.Kind, tt.kind)
			}
			for _, p := range tt.people {
				if !slices.Contains(m.People, p) {
					t.Errorf("people %v lack %s", m.People, p)
				}
			}
			if m.Kind == "phone_call" && m.Place != "" {
				t.Errorf("phone call placed in %s", m.Place)
			}
		})
	}
}

func TestVisitsAgreementsUpgrades(t *testing.T) {
	r := run(t, "أعلن الرئيس الإماراتي ورئيس وزراء فيتنام اليوم الارتقاء بالعلاقات إلى شراكة استراتيجية شاملة، ووقع الجانبان مذكرة تفاهم في مجال الطاقة. ومن المقرر أن يقوم رئيس وزراء فيتنام بزيارة رسمية إلى الإمارات الشهر المقبل.", "2024-10-01")
	if len(r.PartnershipUpgrades) != 1 || r.PartnershipUpgrades[0].Level != "comprehensive strategic partnership" ||
		!slices.Equal(r.PartnershipUpgrades[0].Countries, []string{"AE", "VN"}) {
		t.Errorf("upgrades = %+v", r.PartnershipUpgrades)
	}
	if len(r.Agreements) != 1 || r.Agreements[0].Kind != "mou" || !slices.Equal(r.Agreements[0].Fields, []string{"energy"}) {
		t.Errorf("agreements = %+v", r.Agreements)
	}
	if len(r.Visits) != 1 || r.Visits[0].VisitorCountry != "VN" || r.Visits[0].HostCountry != "AE" ||
		r.Visits[0].Status != "announced" || r.Visits[0].Kind != "official" {
		t.Errorf("visits = %+v", r.Visits)
	}
}

func TestEvidencePointsIntoText(t *testing.T) {
	b, err := os.ReadFile("../testdata/xinhua-ar-2023-05-18.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(string(b))
	r := run(t, text, "")
	runes := []rune(text)
	check := func(evs []extract.Evidence) {
		if len(evs) == 0 {
			t.Error("a fact without evidence")
		}
		for _, e := range evs {
			if got := string(runes[e.Start:e.End]); got != e.Quote {
				t.Errorf("[%d:%d] = %q, quote %q", e.Start, e.End, got, e.Quote)
			}
		}
	}
	for _, m := range r.Meetings {
		check(m.Evidence)
	}
	for _, a := range r.Agreements {
		check(a.Evidence)
	}
	for _, u := range r.PartnershipUpgrades {
		check(u.Evidence)
	}
	for _, s := range r.Statements {
		check(s.Evidence)
	}
}

func TestSameIDsAcrossLanguages(t *testing.T) {
	ids := func(name string) []string {
		b, err := os.ReadFile("../testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		r := run(t, string(b), "2023-05-18")
		var out []string
		for _, m := range r.Meetings {
			out = append(out, m.ID)
		}
		for _, a := range r.Agreements {
			out = append(out, a.ID)
		}
		for _, u := range r.PartnershipUpgrades {
			out = append(out, u.ID)
		}
		for _, v := range r.Visits {
			out = append(out, v.ID)
		}
		slices.Sort(out)
		return out
	}
	ar, en := ids("xinhua-ar-2023-05-18.txt"), ids("xinhua-en-2023-05-18.txt")
	if len(ar) < 5 || !slices.Equal(ar, en) {
		t.Errorf("Arabic ids %v, English ids %v", ar, en)
	}
}

func TestBadInput(t *testing.T) {
	x := extractor(t)
	tests := []struct {
		name, text, lang string
	}{
		{"no-letters", "1234 ... !!!", "auto"},
		{"invalid-utf8", "\xff\xfe", "auto"},
		{"mixed-scripts", "Президент Путин встретился с президентом Китая", "auto"},
		{"unsupported-language", "text", "fr"},
		{"french-detected", "Le président français a reçu son homologue marocain à l'Élysée mardi et les deux chefs d'État ont signé des accords pour la coopération.", "auto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := x.Extract(tt.text, extract.Options{Lang: tt.lang}); err == nil {
				t.Error("no error")
			}
		})
	}
	r, err := x.Extract("الطقس حار اليوم في معظم المناطق.", extract.Options{})
	if err != nil || !r.Empty() {
		t.Errorf("text without diplomacy: %v, %+v", err, r)
	}
}
