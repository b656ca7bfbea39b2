package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Token is a word, a number or a punctuation mark of the original text.
// Start and End are byte offsets into that text, so every fact found on
// tokens can point back to the exact characters that state it.
type Token struct {
	Text       string   // as written
	Norm       string   // Fold(Text)
	Key        string   // Key(Text): how the lexicon indexes the word
	Variants   []string // Variants(Text) for an Arabic word that may carry proclitics, else nil
	Start, End int
	Sentence   int
	Punct      bool
}

// A Sentence is a span of the original text.
type Sentence struct {
	Start, End  int // byte offsets
	First, Last int // token indexes, Last exclusive
}

// Tokenize splits text into tokens and sentences. A sentence ends at a line
// break, or at . ! ? ؟ followed by a space, a quote or a letter of another
// script; "U.S." and "Mr." do not end one.
func Tokenize(text string) ([]Token, []Sentence) {
	toks := make([]Token, 0, len(text)/6+1) // about one token per 6 bytes of news text
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			j := i + n
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if isWordRune(r2) || unicode.Is(unicode.Mn, r2) || r2 == 'ـ' {
					j += n2
					continue
				}
				// an apostrophe or a dot inside a Latin word: Xi'an, U.S.
				if (r2 == '\'' || r2 == '’' || r2 == '.') && j+n2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+n2:])
					if r3 < unicode.MaxLatin1 && unicode.IsLetter(r3) && isLatinWord(text[i:j]) {
						j += n2
						continue
					}
				}
				break
			}
			// keep the final dot of an abbreviation such as U.S.
			if j < len(text) && text[j] == '.' && isAbbrev(text[i:j]) {
				j++
			}
			w := text[i:j]
			f := Fold(w)
			t := Token{Text: w, Norm: f, Key: keyOf(w, f), Start: i, End: j}
			if r, _ := utf8.DecodeRuneInString(w); strings.ContainsRune(proclitics, r) {
				t.Variants = Variants(w)
			}
			toks = append(toks, t)
			i = j
		case unicode.IsSpace(r):
			if r == '\n' {
				toks = append(toks, Token{Text: "\n", Norm: "\n", Key: "\n", Start: i, End: i + n, Punct: true})
			}
			i += n
		default:
			f := Fold(text[i : i+n])
			toks = append(toks, Token{Text: text[i : i+n], Norm: f, Key: f, Start: i, End: i + n, Punct: true})
			i += n
		}
	}
	return splitSentences(text, toks)
}

func splitSentences(text string, toks []Token) ([]Token, []Sentence) {
	var sents []Sentence
	out := toks[:0]
	start := 0 // index in out of the current sentence's first token
	flush := func() {
		if start < len(out) {
			s := Sentence{Start: out[start].Start, End: out[len(out)-1].End, First: start, Last: len(out)}
			for k := start; k < len(out); k++ {
				out[k].Sentence = len(sents)
			}
			sents = append(sents, s)
		}
		start = len(out)
	}
	for k, t := range toks {
		if t.Text == "\n" {
			flush()
			continue
		}
		out = append(out, t)
		if t.Punct && endsSentence(text, toks, k) {
			flush()
		}
	}
	flush()
	return out, sents
}

func endsSentence(text string, toks []Token, k int) bool {
	switch toks[k].Text {
	case "!", "?", "؟":
		return true
	case ".":
	default:
		return false
	}
	if k+1 >= len(toks) {
		return true
	}
	next := toks[k+1]
	if next.Start > toks[k].End { // followed by a space
		r, _ := utf8.DecodeRuneInString(next.Text)
		return !unicode.IsLower(r) && !unicode.IsDigit(r)
	}
	// no space: "الشاملة.جاء" ends a sentence, "3.5" does not
	r, _ := utf8.DecodeRuneInString(next.Text)
	return unicode.Is(unicode.Arabic, r)
}

func isWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case 0x0621 <= r && r <= 0x064A, 0x0660 <= r && r <= 0x0669: // Arabic letters and digits
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isLatinWord(s string) bool {
	for _, r := range s {
		if r >= unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// abbreviations whose final dot does not end a sentence.
var abbrevs = map[string]bool{
	"u.s": true, "u.k": true, "u.n": true, "u.a.e": true, "mr": true, "mrs": true, "ms": true,
	"dr": true, "jr": true, "sr": true, "st": true, "no": true, "gen": true, "lt": true, "col": true,
	"prof": true, "sen": true, "rep": true, "gov": true, "h.e": true, "h.h": true, "h.m": true, "s": true,
}

func isAbbrev(w string) bool { return abbrevs[strings.ToLower(w)] }
