package ingest

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// textExts are the file names a folder is searched for.
var textExts = []string{".txt", ".text", ".md"}

// dateInName finds a YYYY-MM-DD in a file name: agencies' archives name
// files by date, and it resolves «اليوم» when the text has no dateline.
var dateInName = regexp.MustCompile(`(19|20)\d\d-[01]\d-[0-3]\d`)

// Files yields the documents of paths: files, folders (their text files,
// recursively), globs and "-" for stdin. Each unreadable or invalid input
// is yielded with its error, and the others still come.
func Files(paths []string, stdin io.Reader, maxBytes int64) func(yield func(Document, error) bool) {
	return func(yield func(Document, error) bool) {
		for _, p := range paths {
			for _, name := range expand(p) {
				if !yield(readFile(name, stdin, maxBytes)) {
					return
				}
			}
		}
	}
}

// expand turns a folder or glob into file names; anything else is returned
// as is, so that a missing file is reported by the read.
func expand(p string) []string {
	if p == "-" {
		return []string{p}
	}
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		var out []string
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, path) // reported when read
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return filepath.SkipDir
			}
			if !d.IsDir() && slices.Contains(textExts, strings.ToLower(filepath.Ext(path))) {
				out = append(out, path)
			}
			return nil
		})
		return out
	}
	if strings.ContainsAny(p, "*?[") {
		if m, err := filepath.Glob(p); err == nil && len(m) > 0 {
			return m
		}
	}
	return []string{p}
}

func readFile(name string, stdin io.Reader, maxBytes int64) (Document, error) {
	doc := Document{Source: name}
	if name == "-" {
		text, err := ReadText(stdin, "stdin", maxBytes)
		doc.Text = text
		return doc, err
	}
	f, err := os.Open(name)
	if err != nil {
		return doc, &InputError{Source: name, Err: err, Offset: -1}
	}
	defer f.Close()
	if abs, err := filepath.Abs(name); err == nil {
		doc.URL = "file://" + filepath.ToSlash(abs)
	}
	doc.Published = dateInName.FindString(filepath.Base(name))
	doc.Text, err = ReadText(f, name, maxBytes)
	return doc, err
}
