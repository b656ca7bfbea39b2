package lexicon

import (
	"slices"
	"testing"
	"testing/fstest"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"alef-forms-fold", "أإآٱ", "اااا"},
		{"hamza-on-seats-kept", "رئيس مؤتمر", "رئيس مؤتمر"},
		{"ya-and-alef-maqsura", "الروسى", "الروسي"},
		{"ta-marbuta", "قمة", "قمه"},
		{"tatweel-and-harakat-dropped", "مُحَمَّـــد", "محمد"},
		{"arabic-indic-digits", "١٨ مايو ٢٠٢٣", "18 مايو 2023"},
		{"persian-letters", "پینگ", "بينك"},
		{"latin-accents-and-case", "Erdoğan Brasília", "erdogan brasilia"},
		{"curly-apostrophe", "Xi’an", "xi'an"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestVariants(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // must all be present
	}{
		{"clitic-ba-and-article", "بالصين", []string{"صين"}},
		{"clitic-wa-before-name", "ووانغ", []string{"وانغ"}},
		{"clitic-lam-drops-alef", "للصين", []string{"صين"}},
		{"word-starting-with-ba-kept", "بكين", []string{"بكين"}},
		{"hamza-alef-is-not-article", "ألمانيا", []string{"المانيا"}},
		{"english-possessive", "China's", []string{"china"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Variants(tt.in)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Variants(%q) = %q, lacks %q", tt.in, got, w)
				}
			}
		})
	}
}

func TestTokenizeSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"newline-ends-sentence", "التقى الرئيسان.\nووقعا اتفاقية", 2},
		{"missing-space-after-stop", "الشاملة.جاء ذلك", 2},
		{"abbreviation-does-not-end", "The U.S. President met him. Then they left.", 2},
		{"decimal-does-not-end", "It grew 3.5 percent.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, sents := Tokenize(tt.in); len(sents) != tt.want {
				t.Errorf("%d sentences, want %d", len(sents), tt.want)
			}
		})
	}
}

func TestTokenOffsetsPointIntoText(t *testing.T) {
	text := "شيآن 18 مايو 2023 (شينخوا) عقد الرئيس الصيني"
	toks, _ := Tokenize(text)
	for _, tk := range toks {
		if text[tk.Start:tk.End] != tk.Text {
			t.Errorf("token %q at [%d:%d] is %q in the text", tk.Text, tk.Start, tk.End, text[tk.Start:tk.End])
		}
	}
}

// minimal is a lexicon with every file present, for tests of the loader.
func minimal(extra map[string]string) fstest.MapFS {
	files := map[string]string{
		"countries.tsv":     "code\tkind\tname_en\taliases_en\tdemonyms_en\tname_ar\taliases_ar\tadjectives_ar\tcapital\nCN\tcountry\tChina\tPRC\tChinese\tالصين\t\tصيني|صينية\tbeijing\nUK\tcountry\tUnited Kingdom\tUK\tBritish\tبريطانيا\t\t\t\n",
		"places.tsv":        "id\tkind\tname_en\taliases_en\tname_ar\taliases_ar\tcountry\tparent\nbeijing\tcity\tBeijing\t\tبكين\t\tCN\t\n",
		"organizations.tsv": "id\tkind\tname_en\taliases_en\tname_ar\taliases_ar\tcountries\n",
		"offices.tsv":       "id\trank\ttitle_en\ttitles_en\ttitles_ar\npresident\t100\tPresident\tPresident\tرئيس\n",
		"levels.tsv":        "id\trank\tname_en\twords\nstrategic-partnership\t40\tstrategic partnership\tstrategic\n",
		"ar/phrases.tsv":    "type\tvalue\tflag\tphrase\nmeeting\ttalks\t\tمحادثات\n",
		"en/phrases.tsv":    "type\tvalue\tflag\tphrase\nmeeting\ttalks\t\ttalks\n",
		"partnerships.tsv":  "a\tb\tlevel\tsince\tqualifiers\n",
		"stopwords.tsv":     "lang\twords\nen\tthe|of\n",
		"groups.tsv":        "id\tcountries\tname_en\tphrases_en\tphrases_ar\n",
		"people-test.tsv":   "id\tname_en\taliases_en\tname_ar\taliases_ar\toffices\nxi-jinping\tXi Jinping\tXi\tشي جين بينغ\tشي\tpresident/CN/2013-03-14/\n",
	}
	for k, v := range extra {
		files[k] = v
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func TestLoadReportsEveryBadLine(t *testing.T) {
	fsys := minimal(map[string]string{
		"people-test.tsv": "id\tname_en\taliases_en\tname_ar\taliases_ar\toffices\n" +
			"a\tA\t\t\t\tpresident/CN/2020-13-01/\n" +
			"\tB\t\t\t\t\n" +
			"c\tC\t\t\t\tpresident/CN/2020/2019\n",
	})
	_, err := Load(fsys)
	el, ok := err.(ErrorList)
	if !ok || len(el) != 3 {
		t.Fatalf("Load error = %v, want 3 line errors", err)
	}
	for i, line := range []int{2, 3, 4} {
		if el[i].Line != line || el[i].File != "people-test.tsv" {
			t.Errorf("error %d at %s:%d, want people-test.tsv:%d", i, el[i].File, el[i].Line, line)
		}
	}
}

func TestMatchLongestWithClitics(t *testing.T) {
	lx, err := Load(minimal(nil))
	if err != nil {
		t.Fatal(err)
	}
	toks, _ := Tokenize("وأجرى شي جين بينغ محادثات بالصين مع UK وليس Uk")
	var got []string
	for _, m := range lx.Match(toks) {
		got = append(got, m.Entries[0].Type+":"+m.Entries[0].ID)
	}
	want := []string{"person:xi-jinping", "meeting:talks", "country:CN", "country:UK"}
	if !slices.Equal(got, want) {
		t.Errorf("matches = %q, want %q", got, want)
	}
}

func TestOfficeHolders(t *testing.T) {
	lx, err := Load(minimal(nil))
	if err != nil {
		t.Fatal(err)
	}
	if hs := lx.OfficeHolders("president", "CN", "2023-05-18"); len(hs) != 1 || hs[0].ID != "xi-jinping" {
		t.Errorf("president of CN on 2023-05-18 = %v", hs)
	}
	if hs := lx.OfficeHolders("president", "CN", "2010-01-01"); len(hs) != 0 {
		t.Errorf("president of CN in 2010 = %v, want none known", hs)
	}
}
