package ingest

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/store"
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

// FolderSource reads the text files of a folder that are new or changed
// since the job last read them. What it read (size, time, content hash) is
// remembered per job in the graph, so that unchanged files are not even
// opened.
type FolderSource struct {
	Path     string
	Job      string
	Memory   *store.Store // nil: read every file
	Defaults Document     // Lang and Outlet
	MaxItems int
	MaxBytes int64
}

// List walks the folder and returns an item per text file.
func (s FolderSource) List(ctx context.Context) (Batch, error) {
	st, err := os.Stat(s.Path)
	if err != nil {
		return Batch{}, fmt.Errorf("folder: %w", err)
	}
	if !st.IsDir() {
		return Batch{}, fmt.Errorf("folder %s: not a directory", s.Path)
	}
	known := map[string]store.FileState{}
	if s.Memory != nil {
		if known, err = s.Memory.FileStates(ctx, s.Job); err != nil {
			return Batch{}, err
		}
	}
	var b Batch
	for _, name := range expand(s.Path) {
		if s.MaxItems > 0 && len(b.Items) >= s.MaxItems {
			break
		}
		b.Items = append(b.Items, s.item(name, known[name]))
	}
	return b, nil
}

func (s FolderSource) item(name string, was store.FileState) Item {
	var now store.FileState
	return Item{
		Source: name,
		Load: func(ctx context.Context) (Document, error) {
			fi, err := os.Stat(name)
			if err != nil {
				return Document{Source: name}, &InputError{Source: name, Err: err, Offset: -1}
			}
			now = store.FileState{Path: name, ModTime: fi.ModTime().UTC(), Size: fi.Size()}
			if was.Path != "" && was.Size == now.Size && was.ModTime.Equal(now.ModTime) {
				return Document{Source: name}, ErrNotModified
			}
			doc, err := readFile(name, nil, s.MaxBytes)
			if doc.Lang == "" {
				doc.Lang = s.Defaults.Lang
			}
			if doc.Outlet == "" {
				doc.Outlet = s.Defaults.Outlet
			}
			if err == nil {
				now.Hash = extract.ArticleID(doc.Text)
			}
			return doc, err
		},
		Commit: func(ctx context.Context) error {
			if s.Memory == nil || now.Path == "" {
				return nil
			}
			return s.Memory.SaveFileState(ctx, s.Job, now)
		},
	}
}

// FileItems returns an item per file of paths (files, folders, globs, "-"),
// in order, for the ingest command.
func FileItems(paths []string, stdin io.Reader, maxBytes int64) []Item {
	var out []Item
	for _, p := range paths {
		for _, name := range expand(p) {
			out = append(out, Item{Source: name, Load: func(context.Context) (Document, error) {
				return readFile(name, stdin, maxBytes)
			}})
		}
	}
	return out
}
