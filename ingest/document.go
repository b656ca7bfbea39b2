// Package ingest reads articles from files, folders, URLs and feeds,
// extracts the diplomatic events they report and writes them to the graph,
// one article per transaction, recording every failure with its reason.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Document is one article's text with what its source tells about it.
type Document struct {
	Source    string // file path, URL or "-": where it was read from
	URL       string // canonical URL, when it has one
	Title     string
	Text      string
	Lang      string // "ar", "en", or "" to detect
	Published string // YYYY-MM-DD
	Outlet    string
}

// Input errors, matched with errors.Is.
var (
	ErrEmpty    = errors.New("empty")
	ErrBinary   = errors.New("binary data, not text")
	ErrNotUTF8  = errors.New("not UTF-8 text")
	ErrTooLarge = errors.New("larger than the size limit")
	ErrHTML     = errors.New("HTML markup, not plain text")
)

// An InputError says what is wrong with one input.
type InputError struct {
	Source string
	Err    error
	Offset int // byte offset of the problem, -1 if none
}

func (e *InputError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s: %v at byte %d", e.Source, e.Err, e.Offset)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

// ReadText reads at most max bytes of article text from r and checks that
// it is text a person wrote: not empty, not binary, UTF-8, not HTML.
func ReadText(r io.Reader, source string, max int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", source, err)
	}
	if int64(len(b)) > max {
		return "", &InputError{Source: source, Err: fmt.Errorf("%w of %d bytes", ErrTooLarge, max), Offset: -1}
	}
	return CheckText(b, source)
}

// CheckText validates raw article bytes and returns them as NFC text with a
// byte order mark and surrounding space removed.
func CheckText(b []byte, source string) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", &InputError{Source: source, Err: ErrBinary, Offset: i}
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return "", &InputError{Source: source, Err: ErrNotUTF8, Offset: off}
	}
	s := strings.TrimSpace(norm.NFC.String(string(b)))
	if s == "" || strings.IndexFunc(s, unicode.IsLetter) < 0 {
		return "", &InputError{Source: source, Err: ErrEmpty, Offset: -1}
	}
	if looksLikeHTML(s) {
		return "", &InputError{Source: source, Err: ErrHTML, Offset: -1}
	}
	return s, nil
}

// looksLikeHTML reports markup at the head of the text.
func looksLikeHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 512)])
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<body") || strings.Contains(head, "<head>") ||
		strings.HasPrefix(head, "<") && strings.Count(head, "</") >= 2
}
