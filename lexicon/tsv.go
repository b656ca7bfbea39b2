package lexicon

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// A LineError is a problem with one line of a data file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// An ErrorList collects every bad line of a load so that all of them can be
// fixed in one pass.
type ErrorList []*LineError

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	msgs := make([]string, 0, len(l))
	for _, e := range l {
		msgs = append(msgs, e.Error())
	}
	return fmt.Sprintf("%d errors:\n%s", len(l), strings.Join(msgs, "\n"))
}

// Err returns nil for an empty list.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// A row is one data line: its cells by column name.
type row struct {
	file  string
	line  int
	cells map[string]string
}

func (r row) get(col string) string { return strings.TrimSpace(r.cells[col]) }

// list splits a multi-valued cell.
func (r row) list(col string) []string {
	var out []string
	for v := range strings.SplitSeq(r.cells[col], "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (r row) errorf(format string, args ...any) *LineError {
	return &LineError{File: r.file, Line: r.line, Msg: fmt.Sprintf(format, args...)}
}

// readTSV reads a tab-separated file whose first non-comment line names the
// columns; it checks that the wanted columns are present.
func readTSV(fsys fs.FS, name string, want ...string) ([]row, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		header []string
		rows   []row
		errs   ErrorList
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "\t")
		if header == nil {
			header = cells
			for _, w := range want {
				if !contains(header, w) {
					errs = append(errs, &LineError{File: name, Line: n, Msg: fmt.Sprintf("header lacks column %q", w)})
				}
			}
			continue
		}
		if len(cells) > len(header) {
			errs = append(errs, &LineError{File: name, Line: n, Msg: fmt.Sprintf("%d cells, header has %d", len(cells), len(header))})
			continue
		}
		r := row{file: name, line: n, cells: make(map[string]string, len(header))}
		for i, c := range cells {
			r.cells[header[i]] = c
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if header == nil {
		errs = append(errs, &LineError{File: name, Line: 1, Msg: "no header line"})
	}
	if len(errs) > 0 {
		return rows, errs
	}
	return rows, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// appendErr adds err to list, flattening ErrorLists.
func appendErr(list ErrorList, err error) ErrorList {
	if err == nil {
		return list
	}
	var el ErrorList
	if errors.As(err, &el) {
		return append(list, el...)
	}
	var le *LineError
	if errors.As(err, &le) {
		return append(list, le)
	}
	return append(list, &LineError{Msg: err.Error()})
}
