package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/diplograph/diplograph/lexicon"
)

// doc is one article while it is read. The stages run in order: mentions,
// dates, actors, then events, each reading what the earlier ones found.
type doc struct {
	lx    *lexicon.Lexicon
	text  string
	lang  string
	opt   Options
	toks  []lexicon.Token
	sents []lexicon.Sentence
	ments []lexicon.Mention
	// byTok maps a token to the mention covering it, or -1.
	byTok []int
	// sentMents lists the mention indexes of each sentence.
	sentMents [][]int
	// runeOff maps a byte offset to a code point offset.
	runeOff []int

	ref      string // reference day: dateline, else published
	refYear  int    // year of ref, else the latest year the text names
	dateline *Dateline
	dlEnd    int       // first token after the dateline
	actors   [][]actor // per sentence
	used     []bool    // mention consumed by an actor
	named    []string  // the two countries named most, once computed

	res *Result
}

// actor is a person, or an office of a country, named in a sentence.
type actor struct {
	person      *lexicon.Person
	office      string
	country     string
	first, last int // tokens
	visiting    bool
	inferred    bool // person resolved from an office, not named
}

func (a actor) id() string {
	if a.person != nil {
		return a.person.ID
	}
	return a.office + "@" + a.country
}

func newDoc(lx *lexicon.Lexicon, text, lang string, opt Options) *doc {
	d := &doc{lx: lx, text: text, lang: lang, opt: opt, res: &Result{Lang: lang, Published: opt.Published}}
	d.toks, d.sents = lexicon.Tokenize(text)
	d.ments = d.withSurnames(lx.Match(d.toks))
	d.byTok = make([]int, len(d.toks))
	for i := range d.byTok {
		d.byTok[i] = -1
	}
	d.sentMents = make([][]int, len(d.sents))
	for i, m := range d.ments {
		for t := m.First; t < m.Last; t++ {
			d.byTok[t] = i
		}
		s := d.toks[m.First].Sentence
		d.sentMents[s] = append(d.sentMents[s], i)
	}
	d.runeOff = make([]int, len(text)+1)
	n := 0
	for i := range text {
		d.runeOff[i] = n
		n++
	}
	d.runeOff[len(text)] = n
	d.used = make([]bool, len(d.ments))
	return d
}

// withSurnames adds mentions of people by their surname alone once the
// article has named them in full: «أجرى شي محادثات مع سعيد» after «الرئيس
// التونسي قيس سعيد». The lexicon cannot list such surnames itself when they
// are common words; within one article they are not. A surname two named
// people share stays unresolved.
func (d *doc) withSurnames(ments []lexicon.Mention) []lexicon.Mention {
	owner := map[string]string{}
	for _, m := range ments {
		for _, e := range m.Entries {
			if e.Type != "person" {
				continue
			}
			p := d.lx.People[e.ID]
			for _, name := range []string{p.Name, p.NameAr} {
				f := strings.Fields(name)
				if len(f) < 2 {
					continue
				}
				key := lexicon.Key(f[len(f)-1])
				if utf8.RuneCountInString(key) < 3 {
					continue
				}
				if o, ok := owner[key]; ok && o != p.ID {
					owner[key] = "" // shared: ambiguous
				} else {
					owner[key] = p.ID
				}
			}
		}
	}
	if len(owner) == 0 {
		return ments
	}
	covered := make([]bool, len(d.toks))
	for _, m := range ments {
		for k := m.First; k < m.Last; k++ {
			covered[k] = true
		}
	}
	added := false
	for k, t := range d.toks {
		if covered[k] || t.Punct {
			continue
		}
		vars := t.Variants
		if vars == nil {
			vars = []string{t.Key}
		}
		for _, v := range vars {
			if id := owner[v]; id != "" {
				ments = append(ments, lexicon.Mention{First: k, Last: k + 1, Entries: []lexicon.Entry{{Type: "person", ID: id}}})
				added = true
				break
			}
		}
	}
	if added {
		slices.SortFunc(ments, func(a, b lexicon.Mention) int { return a.First - b.First })
	}
	return ments
}

func (d *doc) run() {
	d.findDateline()
	d.findActors()
	d.findEvents()
	d.collectEntities()
}

// entry returns the entry of type t of mention i, or nil; i may be -1.
func (d *doc) entry(i int, t string) *lexicon.Entry {
	if i < 0 || i >= len(d.ments) {
		return nil
	}
	for k := range d.ments[i].Entries {
		e := &d.ments[i].Entries[k]
		if e.Type == t && (e.Lang == d.lang || e.Lang == "") {
			return e
		}
	}
	// names of countries, people and places are written the same way in
	// any language's text once transliterated; accept them across languages.
	switch t {
	case "country", "person", "place", "org", "demonym":
		for k := range d.ments[i].Entries {
			if e := &d.ments[i].Entries[k]; e.Type == t {
				return e
			}
		}
	}
	return nil
}

// entries returns every entry of type t of mention i.
func (d *doc) entries(i int, t string) []lexicon.Entry {
	var out []lexicon.Entry
	for _, e := range d.ments[i].Entries {
		if e.Type == t {
			out = append(out, e)
		}
	}
	return out
}

// is reports whether mention i has an entry of type t.
func (d *doc) is(i int, t string) bool { return d.entry(i, t) != nil }

// sentenceOf returns the sentence of mention i.
func (d *doc) sentenceOf(i int) int { return d.toks[d.ments[i].First].Sentence }

// find returns the mentions of type t in sentence s, in order.
func (d *doc) find(s int, t string) []int {
	var out []int
	for _, i := range d.sentMents[s] {
		if d.is(i, t) {
			out = append(out, i)
		}
	}
	return out
}

// flagged reports whether a marker of type t (past, future, negation)
// applies to mention i: a "sentence" marker anywhere in its sentence, a
// "near" one within a few tokens and not across a comma.
func (d *doc) flagged(i int, t string) bool {
	s := d.sentenceOf(i)
	m := d.ments[i]
	for _, j := range d.find(s, t) {
		e := d.entry(j, t)
		if e.ID == "sentence" {
			return true
		}
		mj := d.ments[j]
		var lo, hi int
		if mj.First >= m.Last {
			lo, hi = m.Last, mj.First
			if hi-lo > 6 {
				continue
			}
		} else if mj.Last <= m.First {
			lo, hi = mj.Last, m.First
			if hi-lo > 5 {
				continue
			}
		} else {
			continue
		}
		if !d.commaBetween(lo, hi) {
			return true
		}
	}
	if t == "past" {
		return d.pastYearNear(m)
	}
	return false
}

func (d *doc) commaBetween(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		switch d.toks[k].Text {
		case ",", "،", ";", "؛", ":", "(", ")":
			return true
		}
	}
	return false
}

// pastYearNear reports a time in the past named after m: a year before the
// reference year ("signed in 2001") or a month called the last one
// («في يونيو الماضي», "last June").
func (d *doc) pastYearNear(m lexicon.Mention) bool {
	// "In 2011, three years after my arrival in Russia": a year just before
	for k := max(m.First-8, 0); k < m.First; k++ {
		if y := atoi(d.toks[k].Norm); d.refYear > 0 && y >= 1900 && y < d.refYear && d.toks[k].Sentence == d.toks[m.First].Sentence {
			return true
		}
	}
	for k := m.Last; k < len(d.toks) && k < m.Last+20 && d.toks[k].Sentence == d.toks[m.First].Sentence; k++ {
		if y := atoi(d.toks[k].Norm); d.refYear > 0 && y >= 1900 && y < d.refYear {
			return true
		}
		if i := d.byTok[k]; i >= 0 && d.is(i, "month") {
			mn := d.ments[i]
			if mn.Last < len(d.toks) && lexicon.Key(d.toks[mn.Last].Text) == "ماضي" ||
				mn.First > 0 && d.toks[mn.First-1].Norm == "last" {
				return true
			}
		}
	}
	return false
}

// evidence returns the evidence for sentence s.
func (d *doc) evidence(s int) Evidence {
	sn := d.sents[s]
	return Evidence{Sentence: s, Start: d.runeOff[sn.Start], End: d.runeOff[sn.End], Quote: d.text[sn.Start:sn.End]}
}

func atoi(s string) int {
	n := 0
	if s == "" || len(s) > 9 {
		return 0
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func isNumber(s string) bool { return atoi(s) > 0 || s == "0" }

// sortedSet returns the distinct non-empty values sorted.
func sortedSet(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func addUnique(xs []string, x string) []string {
	if x == "" || slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// between returns the tokens [lo, hi) as text.
func (d *doc) between(lo, hi int) string {
	if lo >= hi {
		return ""
	}
	return d.text[d.toks[lo].Start:d.toks[hi-1].End]
}
