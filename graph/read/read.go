// Package read is the query layer of the GraphQL API: parameterised Cypher
// over the graph that store/ writes, keyset pages, per-request batched
// loaders and the decoding of records into graph/model types. Labels and
// relationship types in the Cypher come from this package's constants, never
// from input.
package read

import (
	"context"
	"fmt"
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
}

// New returns a reader of st. wait is the batching window of loaders; 0
// means 2ms, enough for the resolvers of one list level to ask together.
func New(st *store.Store, wait time.Duration) *Reader {
	if wait <= 0 {
		wait = 2 * time.Millisecond
	}
	return &Reader{st: st, wait: wait}
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
	Meeting     = "Meeting"
	Visit       = "Visit"
	Summit      = "Summit"
	Agreement   = "Agreement"
	Upgrade     = "PartnershipUpgrade"
	eventLabels = "e:Meeting OR e:Visit OR e:Summit OR e:Agreement OR e:PartnershipUpgrade"
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

// proj is the map a node variable v is read as: its properties (an
// article's text left out: it is loaded only when asked for), its labels,
// and for a partnership upgrade the steps of the scale it goes to and from.
func proj(v string) string {
	return fmt.Sprintf("%[1]s {.*, text: null, _labels: labels(%[1]s), "+
		"_to: [(%[1]s)-[:TO_LEVEL]->(lv_) | lv_ {.id, .name, .rank}][0], "+
		"_from: [(%[1]s)-[:FROM_LEVEL]->(lv_) | lv_ {.id, .name, .rank}][0]}", v)
}
