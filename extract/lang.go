package extract

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/diplograph/diplograph/lexicon"
)

// DetectLang tells Arabic from English. The script of the letters settles
// Arabic against Latin exactly; among Latin-script languages the commonest
// function words (lexicon/data/stopwords.tsv) tell English from French,
// Spanish and the others, which are refused rather than silently read as
// English. (A statistical detector such as lingua-go was measured: 135 MB of
// models in the binary and 9 ms an article, against 1 ms for all of
// extraction; for two languages in two scripts these counts suffice.)
func DetectLang(lx *lexicon.Lexicon, text string) (string, error) {
	var arabic, latin, other int
	for _, r := range text {
		if arabic+latin+other >= 1000 {
			break // enough letters to tell
		}
		switch {
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		default:
			other++
		}
	}
	total := arabic + latin + other
	switch {
	case total == 0:
		return "", fmt.Errorf("cannot detect the language: no letters")
	case arabic*10 >= total*7:
		return "ar", nil
	case latin*10 < total*7:
		return "", fmt.Errorf("cannot detect the language: %d%% Arabic, %d%% Latin, %d%% other letters; pass --lang",
			arabic*100/total, latin*100/total, other*100/total)
	}
	return latinLang(lx, text)
}

// latinLang counts each language's function words among the first words.
func latinLang(lx *lexicon.Lexicon, text string) (string, error) {
	hits := map[string]int{}
	n := 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		if n++; n > 400 {
			break
		}
		f := lexicon.Fold(w)
		for lang, set := range lx.Stopwords {
			if set[f] {
				hits[lang]++
			}
		}
	}
	best, second := "", 0
	for lang, h := range hits {
		if best == "" || h > hits[best] || h == hits[best] && lang < best {
			best = lang
		}
	}
	for lang, h := range hits {
		if lang != best && h > second {
			second = h
		}
	}
	switch {
	case best == "" && n < 20:
		return "en", nil // a headline: too short to tell, and Latin script
	case best == "" || n >= 20 && hits[best]*20 < n:
		return "", fmt.Errorf("cannot detect the language: Latin letters but too few common words of any language; pass --lang")
	case best != "en":
		return "", fmt.Errorf("language looks like %q (%d common words, English %d): only ar and en are supported", best, hits[best], hits["en"])
	}
	return "en", nil
}
