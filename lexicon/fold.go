package lexicon

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Arabic letters folded for matching. The list is written out by name so
// that nothing else (ئ, ؤ in particular) is folded by accident: a blanket
// NFD-and-drop-marks pass turns رئيس into رييس.
const (
	alef            = 'ا'
	alefMadda       = 'آ'
	alefHamzaAbove  = 'أ'
	alefHamzaBelow  = 'إ'
	alefWasla       = 'ٱ'
	alefMaksura     = 'ى'
	yeh             = 'ي'
	farsiYeh        = 'ی'
	tehMarbuta      = 'ة'
	heh             = 'ه'
	kaf             = 'ك'
	keheh           = 'ک'
	gaf             = 'گ'
	peh             = 'پ'
	beh             = 'ب'
	tcheh           = 'چ'
	jeem            = 'ج'
	veh             = 'ڤ'
	feh             = 'ف'
	tatweel         = 'ـ'
	superscriptAlef = '\u0670'
)

// foldRune maps one rune of original text to its matching form. It returns
// utf8.RuneError for runes that are dropped (diacritics, tatweel) and keeps
// everything else one-to-one so that offsets survive.
func foldRune(r rune) rune {
	switch r {
	case alefMadda, alefHamzaAbove, alefHamzaBelow, alefWasla:
		return alef
	case alefMaksura, farsiYeh:
		return yeh
	case tehMarbuta:
		return heh
	case keheh, gaf:
		return kaf
	case peh:
		return beh
	case tcheh:
		return jeem
	case veh:
		return feh
	case tatweel, superscriptAlef:
		return utf8.RuneError
	case '’', '‘', 'ʼ', '`', '´':
		return '\''
	case '‐', '‑', '‒', '–', '—', '−':
		return '-'
	}
	if r >= '٠' && r <= '٩' { // Arabic-Indic digits
		return '0' + (r - '٠')
	}
	if r >= '۰' && r <= '۹' { // Extended (Persian) digits
		return '0' + (r - '۰')
	}
	if r >= 0x064B && r <= 0x065F { // harakat, shadda, sukun and friends
		return utf8.RuneError
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r >= 0x0600 && r <= 0x06FF && !(r >= 0x06D6 && r <= 0x06ED) {
		return r // the rest of the Arabic block folds to itself
	}
	if unicode.Is(unicode.Latin, r) {
		// Latin letters with accents: é -> e, ğ -> g, so "Erdoğan" matches "Erdogan".
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		return unicode.ToLower(base)
	}
	if unicode.Is(unicode.Mn, r) {
		return utf8.RuneError
	}
	return unicode.ToLower(r)
}

// Fold returns the matching form of s: Arabic orthographic variants and
// diacritics folded, Latin lower-cased without accents, digits made ASCII.
func Fold(s string) string {
	// Most words need no change: return them without allocating.
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if foldRune(r) != r {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for _, r := range s[i:] {
		if f := foldRune(r); f != utf8.RuneError {
			b = utf8.AppendRune(b, f)
		}
	}
	return string(b)
}

// proclitics are the letters a word may begin with when a conjunction or a
// preposition is attached to it.
const proclitics = "وفبلك"

// Arabic proclitics, in the order they attach: a conjunction, then a
// preposition, then the article.
var (
	conjunctions = []string{"و", "ف"}
	prepositions = []string{"ب", "ل", "ك"}
)

// stripArticle removes a literal definite article when enough of the word
// is left. It runs before folding: ألمانيا starts with a hamza, not with
// the article, and must keep its first letters.
func stripArticle(w string) string {
	if rest, ok := strings.CutPrefix(w, "ال"); ok && utf8.RuneCountInString(rest) >= 2 {
		return rest
	}
	return w
}

// unmark drops diacritics and tatweel but keeps letters as written, so that
// clitics and the article can be recognised before letters are folded.
func unmark(w string) string {
	if !strings.ContainsFunc(w, func(r rune) bool { return foldRune(r) == utf8.RuneError }) {
		return w
	}
	return strings.Map(func(r rune) rune {
		if foldRune(r) == utf8.RuneError {
			return -1
		}
		return r
	}, w)
}

// Key is the form under which a word is indexed: the article removed, then
// folded; an English possessive is dropped too.
func Key(w string) string {
	return keyOf(w, "")
}

// keyOf is Key with the folded word already known (or "").
func keyOf(w, folded string) string {
	if folded != "" && !strings.HasPrefix(w, "ال") && !strings.Contains(w, "'") && !strings.Contains(w, "’") {
		return folded
	}
	w = unmark(w)
	if rest, ok := strings.CutSuffix(w, "'s"); ok && rest != "" {
		w = rest
	} else if rest, ok := strings.CutSuffix(w, "’s"); ok && rest != "" {
		w = rest
	}
	return Fold(stripArticle(w))
}

// Variants lists the keys a word may stand for once its proclitics are
// removed, its own key first. بالصين gives صين (ب + ال + صين), بكين gives
// بكين and كين; the matcher prefers the longest phrase that matches.
func Variants(w string) []string {
	out := []string{Key(w)}
	w = unmark(w)
	if r, _ := utf8.DecodeRuneInString(w); !strings.ContainsRune(proclitics, r) {
		return out // no proclitic to try off
	}
	add := func(s string) {
		if utf8.RuneCountInString(s) < 2 {
			return
		}
		k := Fold(stripArticle(s))
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, c := range append([]string{""}, conjunctions...) {
		afterConj, ok := strings.CutPrefix(w, c)
		if !ok {
			continue
		}
		if c != "" {
			add(afterConj)
		}
		// ل before the article drops its alef: للصين = ل + الصين.
		if rest, ok := strings.CutPrefix(afterConj, "لل"); ok {
			add("ال" + rest)
		}
		for _, p := range prepositions {
			if rest, ok := strings.CutPrefix(afterConj, p); ok {
				add(rest)
			}
		}
	}
	return out
}

// IsArabic reports whether s has an Arabic letter.
func IsArabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) {
			return true
		}
	}
	return false
}
