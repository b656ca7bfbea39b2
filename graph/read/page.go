package read

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Page sizes of connections.
const (
	DefaultFirst = 20
	MaxFirst     = 100
)

// Page asks for the rows after a cursor. Want says which parts of the
// connection the client selected, so that nothing unasked is computed.
type Page struct {
	First int
	after *cursor
	Total bool // totalCount was asked for
	Rows  bool // edges or pageInfo were asked for
	// Fields are the fields asked for under each node; the nested lists
	// among them are read with the page (see prefetch).
	Fields []string
}

// NewPage checks first and decodes after for a connection of kind (a
// cursor of another connection is refused). A first above MaxFirst is an
// error rather than a silent cap, so that a client never mistakes a short
// page for the end of the list.
func NewPage(kind string, first *int, after *string) (Page, error) {
	p := Page{First: DefaultFirst, Total: true, Rows: true}
	if first != nil {
		if *first < 0 || *first > MaxFirst {
			return p, inputErrorf("first must be between 0 and %d, got %d", MaxFirst, *first)
		}
		p.First = *first
	}
	if after != nil && *after != "" {
		c, err := decodeCursor(kind, *after)
		if err != nil {
			return p, err
		}
		p.after = c
	}
	return p, nil
}

// cursor is the sort key of a row: the value sorted on and the id that
// breaks ties. It is opaque to clients: base64 of JSON.
type cursor struct {
	Kind string `json:"k"`
	Key  string `json:"s"`
	ID   string `json:"i"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(kind, s string) (*cursor, error) {
	bad := inputErrorf("invalid cursor %q: pass the cursor or endCursor of this connection", Truncate(s, 40))
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Kind != kind || c.ID == "" {
		return nil, bad
	}
	return &c, nil
}

// Truncate shortens s to n runes for quoting in messages.
func Truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Edge is one row of a connection.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// Conn is a page of a connection.
type Conn[T any] struct {
	Edges     []Edge[T]
	HasNext   bool
	EndCursor *string
	Total     int
}

// list describes a keyset-paged list: the Cypher that binds each row to e
// (parameterised, ending so that a WITH can follow), the sort key, and how
// a row is projected.
type list struct {
	kind  string // cursor kind
	match string
	sort  string // Cypher string expression sorted on
	// order, when set, is an expression of match's variables that sorts the
	// rows as sort does and that an index provides in order (a dated edge's
	// stamp): Neo4j then reads only the first rows of the index instead of
	// sorting them all.
	order string
	desc  bool
	id    string // Cypher expression of the tie-breaking id
	proj  string // Cypher projection of e
	label string // of the rows, for prefetch; "" for none
}

// fetch runs one statement that returns the page and, when asked, the total
// count. Rows come after the cursor by (sort, id): keyset paging, so deep
// pages cost the same as the first and rows inserted meanwhile do not shift
// the pages. With both asked, the rows are matched once: counted, and the
// page taken from them; a list whose rows come in index order (l.order)
// instead counts in one pass over the index and reads only the first
// entries for the page.
func fetch[T any](ctx context.Context, r *Reader, l list, params map[string]any, p Page, decode func(map[string]any) T) (Conn[T], error) {
	var conn Conn[T]
	if params == nil {
		params = map[string]any{}
	}
	rows := p.Rows && p.First > 0
	cmp, order := ">", "ASC"
	if l.desc {
		cmp, order = "<", "DESC"
	}
	if rows {
		params["afterSet"] = p.after != nil
		params["afterKey"], params["afterID"] = "", ""
		if p.after != nil {
			params["afterKey"], params["afterID"] = p.after.Key, p.after.ID
		}
		params["limit"] = p.First + 1
	}
	pre := prefetch(l.label, p.Fields)
	proj := l.proj
	if l.label != "" && p.Fields != nil {
		proj = projFor("e", l.label, p.Fields)
	}
	if len(pre) > 0 {
		proj = strings.TrimSuffix(proj, "}") + preProj(pre) + "}"
	}
	key := fmt.Sprintf("WITH e, coalesce(%s, '') AS sk, %s AS sid", l.sort, l.id)
	by := "sk"
	if l.order != "" {
		key = fmt.Sprintf("WITH e, %s AS ok_, coalesce(%s, '') AS sk, %s AS sid", l.order, l.sort, l.id)
		by = "ok_"
	}
	after := fmt.Sprintf("(NOT $afterSet OR sk %s $afterKey OR (sk = $afterKey AND sid > $afterID))", cmp)
	page := fmt.Sprintf(`%s
			%s WHERE %s
			WITH e, sk, sid ORDER BY %s %s, sid ASC LIMIT $limit
			RETURN collect({n: %s, sk: sk, id: sid}) AS rows`, l.match, key, after, by, order, proj)
	var cypher string
	switch {
	case rows && p.Total && l.order != "":
		// counting walks the index alone; the page reads its first rows
		cypher = "CALL { " + l.match + " RETURN count(*) AS total }\nCALL { " + page + " }\nRETURN total, rows"
	case rows && p.Total:
		cypher = fmt.Sprintf(`%s
			%s
			WITH count(*) AS total, collect(CASE WHEN %s THEN {e: e, sk: sk, sid: sid} END) AS candidates
			CALL { WITH candidates UNWIND candidates AS c
				WITH c ORDER BY c.sk %s, c.sid ASC LIMIT $limit
				WITH c.e AS e, c.sk AS sk, c.sid AS sid
				RETURN collect({n: %s, sk: sk, id: sid}) AS rows }
			RETURN total, rows`, l.match, key, after, order, proj)
	case rows:
		cypher = page
	case p.Total:
		cypher = l.match + " RETURN count(e) AS total"
	default:
		return conn, nil
	}
	recs, err := r.query(ctx, l.kind+" page", cypher, params)
	if err != nil {
		return conn, err
	}
	if len(recs) == 0 {
		return conn, nil
	}
	rec := recs[0].AsMap()
	if t, ok := rec["total"].(int64); ok {
		conn.Total = int(t)
	}
	found := maps(rec["rows"])
	if len(found) > p.First {
		conn.HasNext = true
		found = found[:p.First]
	}
	ld := LoadersFrom(ctx)
	for _, row := range found {
		n := mapOf(row["n"])
		c := cursor{Kind: l.kind, Key: str(row, "sk"), ID: str(row, "id")}.encode()
		conn.Edges = append(conn.Edges, Edge[T]{Cursor: c, Node: decode(n)})
		conn.EndCursor = &c
		if ld == nil {
			continue
		}
		lists, _ := n["_pre"].([]any)
		for i, q := range pre {
			if i < len(lists) && lists[i] != nil {
				ld.prime(q.name, str(row, "id"), maps(lists[i]))
			}
		}
	}
	return conn, nil
}
