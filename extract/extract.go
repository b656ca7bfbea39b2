package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diplograph/diplograph/lexicon"
)

// ErrNoText is returned for input that holds no words at all.
var ErrNoText = errors.New("no text")

// Options tell the extractor what it cannot read from the text.
type Options struct {
	Lang      string // "ar", "en", or "" / "auto" to detect
	Published string // YYYY-MM-DD, used for "today" and weekdays
	ArticleID string // scopes undated events; ArticleID(text) when empty
}

// Extractor is safe for concurrent use.
type Extractor struct {
	lx *lexicon.Lexicon
}

// New returns an extractor over lx.
func New(lx *lexicon.Lexicon) *Extractor { return &Extractor{lx: lx} }

// ArticleID is the content hash that identifies an article: SHA-256 of its
// NFC text with surrounding space removed.
func ArticleID(text string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(norm.NFC.String(text))))
	return hex.EncodeToString(sum[:])
}

// Extract reads one article.
func (x *Extractor) Extract(text string, opt Options) (*Result, error) {
	if !utf8.ValidString(text) {
		return nil, errors.New("text is not valid UTF-8")
	}
	if strings.IndexFunc(text, func(r rune) bool { return unicode.IsLetter(r) }) < 0 {
		return nil, ErrNoText
	}
	lang := opt.Lang
	if lang == "" || lang == "auto" {
		var err error
		if lang, err = DetectLang(x.lx, text); err != nil {
			return nil, err
		}
	}
	if lang != "ar" && lang != "en" {
		return nil, fmt.Errorf("unsupported language %q (want ar or en)", lang)
	}
	if opt.Published != "" {
		if _, ok := parseDay(opt.Published); !ok {
			return nil, fmt.Errorf("published date %q is not YYYY-MM-DD", opt.Published)
		}
	}
	d := newDoc(x.lx, text, lang, opt)
	d.run()
	return d.res, nil
}
