// Package read is the query layer of the GraphQL API: parameterised Cypher
// over the graph that store/ writes, keyset pages, per-request batched
// loaders and the decoding of records into graph/model types. Labels and
// relationship types in the Cypher come from this package's constants, never
// from input.
package read

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/store"
)

// Reader runs the queries of the API on a store.
type Reader struct {
	st *store.Store
	// wait is how long a loader collects keys before it sends one query.
	wait time.Duration

	countries *refs[*model.Country]
	people    *refs[*model.Person]
}

// New returns a reader of st. wait is the batching window of loaders; 0
// means 2ms, enough for the resolvers of one list level to ask together.
func New(st *store.Store, wait time.Duration) *Reader {
	if wait <= 0 {
		wait = 2 * time.Millisecond
	}
	return &Reader{st: st, wait: wait, countries: newRefs[*model.Country](refTTL), people: newRefs[*model.Person](refTTL)}
}

func inputErrorf(format string, args ...any) error {
	return &model.InputError{Msg: fmt.Sprintf(format, args...)}
}

// query runs one read statement; what names the statement in errors.
func (r *Reader) query(ctx context.Context, what, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if err := ctx.Err(); err != nil {
		// the driver may still run a statement on a pooled connection
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	recs, err := r.st.Read(ctx, cypher, params)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if l := LoadersFrom(ctx); l != nil {
		// the nodes of all records of one statement are siblings
		all := make([]any, len(recs))
		for i, rec := range recs {
			all[i] = rec.Values
		}
		l.remember(all)
	}
	return recs, nil
}

// Eventish labels, in the order the Event interface lists them.
const (
	Meeting   = "Meeting"
	Visit     = "Visit"
	Summit    = "Summit"
	Agreement = "Agreement"
	Upgrade   = "PartnershipUpgrade"
	// anyEvent stands for any of them, in lists that mix them.
	anyEvent = "Event"
)

// Statement labels stated positions, which are not events.
const Statement = "Statement"

// countryRel is the relationship from an event or statement to its
// countries.
func countryRel(label string) string {
	switch label {
	case Agreement:
		return "PARTY"
	case Upgrade, Statement:
		return "BETWEEN"
	}
	return "INVOLVES"
}

// keyProp is the property that identifies a node of label.
func keyProp(label string) string {
	if label == "Country" {
		return "code"
	}
	return "id"
}

// props are the properties read of each label: what the decoders use,
// never the search copies (search_ar) or an article's texts, which can be
// kilobytes per node and are loaded only when asked for.
var props = map[string]string{
	"Country":      ".code, .name, .name_ar, .kind, .aliases_en, .aliases_ar",
	"Person":       ".id, .name, .name_ar, .aliases_en, .aliases_ar",
	"Place":        ".id, .kind, .name, .name_ar, .country",
	"Organization": ".id, .kind, .name, .name_ar",
	"Initiative":   ".id, .kind, .name, .name_ar",
	"Project":      ".id, .kind, .name, .name_ar",
	"Article":      ".id, .url, .source, .outlet, .published, .lang, .title, .dateline, .dateline_date, .ingested",
	Meeting:        ".id, .kind, .date, .name, .countries",
	Visit:          ".id, .kind, .status, .date, .name, .countries, .visitor_country, .host_country",
	Summit:         ".id, .name, .series, .date, .countries",
	Agreement:      ".id, .kind, .fields, .signed, .date, .name, .countries",
	Upgrade:        ".id, .date, .name, .countries, .status, .level, .rank, .qualifiers",
	Statement:      ".id, .kind, .name, .topics, .year, .countries",
	anyEvent:       ".id, .kind, .status, .date, .name, .countries, .visitor_country, .host_country, .series, .fields, .signed, .level, .rank, .qualifiers",
}

// projAs is the map a node variable v of label is read as. Events and
// statements carry the codes of the countries their edges reach (_c), so
// that their countries need no query of their own; an upgrade carries the
// step of the scale it goes to (_to).
func projAs(v, label string) string { return projFor(v, label, nil) }

// projFor is projAs for a client that selected fields (nil: not known):
// the pattern comprehensions are read only for the fields that need them.
func projFor(v, label string, fields []string) string {
	asked := func(f string) bool { return fields == nil || slices.Contains(fields, f) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s {%s, _labels: labels(%[1]s)", v, props[label])
	if asked("countries") {
		switch label {
		case Meeting, Visit, Summit, Agreement, Upgrade, Statement:
			fmt.Fprintf(&b, ", _c: [(%s)-[:%s]->(c_:Country) | c_.code]", v, countryRel(label))
		case anyEvent:
			fmt.Fprintf(&b, ", _c: [(%s)-[:INVOLVES|PARTY|BETWEEN]->(c_:Country) | c_.code]", v)
		}
	}
	if asked("level") {
		switch label {
		case Upgrade:
			fmt.Fprintf(&b, ", _to: %s", toLevel(v))
		case anyEvent:
			fmt.Fprintf(&b, ", _to: CASE WHEN %s:%s THEN %s END", v, Upgrade, toLevel(v))
		}
	}
	b.WriteString("}")
	return b.String()
}

func toLevel(v string) string {
	return fmt.Sprintf("[(%s)-[:TO_LEVEL]->(lv_) | lv_ {.id, .name, .rank}][0]", v)
}

// proj is the map a node v of a label not known in advance is read as: its
// properties without texts and search copies, its labels, and the extras
// of projAs.
func proj(v string) string {
	return fmt.Sprintf("%[1]s {.*, text: null, text_ar: null, text_en: null, title_ar: null, title_en: null, search_ar: null, "+
		"_labels: labels(%[1]s), _c: [(%[1]s:%[2]s|%[3]s|%[4]s|%[5]s|%[6]s|%[7]s)-[:INVOLVES|PARTY|BETWEEN]->(c_:Country) | c_.code], "+
		"_to: CASE WHEN %[1]s:%[5]s THEN %[8]s END}", v, Meeting, Visit, Summit, Agreement, Upgrade, Statement, toLevel(v))
}
