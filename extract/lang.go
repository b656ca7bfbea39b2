package extract

import (
	"fmt"
	"unicode"
)

// DetectLang tells Arabic from English by the script of the letters. The
// two languages this extractor reads do not share a script, so counting
// letters is exact where a statistical model would only be probable; a text
// whose letters are mixed is refused rather than guessed.
func DetectLang(text string) (string, error) {
	var arabic, latin, other int
	for _, r := range text {
		if arabic+latin+other >= 4000 {
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
	case latin*10 >= total*7:
		return "en", nil
	}
	return "", fmt.Errorf("cannot detect the language: %d%% Arabic, %d%% Latin, %d%% other letters; pass --lang",
		arabic*100/total, latin*100/total, other*100/total)
}
