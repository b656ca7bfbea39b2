package lexicon

import "strings"

// A Mention is a phrase of the lexicon found in a text: tokens [First, Last).
type Mention struct {
	First, Last int
	Entries     []Entry
}

// phraseKeys splits a lexicon phrase into the keys of its tokens.
func phraseKeys(phrase string) []string {
	toks, _ := Tokenize(phrase)
	keys := make([]string, 0, len(toks))
	for _, t := range toks {
		keys = append(keys, t.Key)
	}
	return keys
}

func (lx *Lexicon) addAll(e Entry, phrases []string) {
	for _, p := range phrases {
		lx.add(e, p)
	}
}

func (lx *Lexicon) add(e Entry, phrase string) {
	e.Acronym = isAcronym(phrase)
	keys := phraseKeys(phrase)
	if len(keys) == 0 {
		return
	}
	for i := 1; i < len(keys); i++ {
		lx.prefixes[strings.Join(keys[:i], " ")] = true
	}
	k := strings.Join(keys, " ")
	for _, old := range lx.index[k] {
		if old == e {
			return
		}
	}
	lx.index[k] = append(lx.index[k], e)
	lx.maxLen = max(lx.maxLen, len(keys))
}

// Match finds lexicon phrases in tokens, longest first, left to right,
// never across a sentence boundary. Arabic proclitics on the first word of a
// phrase are tried off (بالصين matches الصين).
func (lx *Lexicon) Match(toks []Token) []Mention {
	var out []Mention
	for i := 0; i < len(toks); {
		best := Mention{First: i, Last: i}
		variants := toks[i].Variants
		if variants == nil {
			variants = []string{toks[i].Key}
		}
		for _, v := range variants {
			k := v
			for j := i + 1; ; j++ {
				if es, ok := lx.index[k]; ok && j > best.Last {
					if es = caseFit(es, toks[i:j]); len(es) > 0 {
						best = Mention{First: i, Last: j, Entries: es}
					}
				}
				if j >= len(toks) || toks[j].Sentence != toks[i].Sentence || !lx.prefixes[k] {
					break
				}
				k += " " + toks[j].Key
			}
		}
		if best.Last > i {
			out = append(out, best)
			i = best.Last
			continue
		}
		i++
	}
	return out
}

func isAcronym(phrase string) bool {
	letters := 0
	for _, r := range phrase {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '.' || r == ' ':
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 6
}

// caseFit drops acronym entries when the text is not in capitals.
func caseFit(es []Entry, toks []Token) []Entry {
	acronym := false
	for _, e := range es {
		acronym = acronym || e.Acronym
	}
	if !acronym {
		return es
	}
	upper := true
	for _, t := range toks {
		if strings.ToUpper(t.Text) != t.Text {
			upper = false
		}
	}
	if upper {
		return es
	}
	var out []Entry
	for _, e := range es {
		if !e.Acronym {
			out = append(out, e)
		}
	}
	if len(out) == len(es) {
		return es
	}
	return out
}
