package read

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/vikstrous/dataloadgen"

	"github.com/diplograph/diplograph/graph/model"
)

// Loaders batch the lookups that the resolvers of one request make for
// many parents (the participants of every meeting in a page, the offices of
// every participant…) into one query per kind of lookup, and cache them
// for the request. Make one per request with Reader.Loaders.
//
// Batching does not rest on timing alone: every node the request has read
// is remembered with its siblings (the other nodes of the same label in the
// same result). The first resolver that asks a lookup for one of them asks
// it for all its siblings at once, so the participants of every meeting of
// a page are read by one query however the resolvers are scheduled.
type Loaders struct {
	r  *Reader
	mu sync.Mutex
	m  map[string]*dataloadgen.Loader[string, []map[string]any]
	// siblings maps label and id to the ids of that label read together
	siblings map[[2]string][]string
	// groups holds the lookups made for a whole group of siblings
	groups map[string]*groupFetch
	// primed holds lookups read along with a page, by lookup name and key
	primed map[[2]string][]map[string]any
}

// groupFetch is one lookup for a group of siblings; done closes when vals
// or err is set.
type groupFetch struct {
	done chan struct{}
	vals map[string][]map[string]any
	err  error
}

// Loaders returns fresh loaders for one request.
func (r *Reader) Loaders() *Loaders {
	return &Loaders{r: r, m: map[string]*dataloadgen.Loader[string, []map[string]any]{},
		siblings: map[[2]string][]string{}, groups: map[string]*groupFetch{}, primed: map[[2]string][]map[string]any{}}
}

type loadersKey struct{}

// WithLoaders returns a context carrying l, so that every query of the
// request registers the nodes it reads with l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// LoadersFrom returns the loaders of the request, nil outside one.
func LoadersFrom(ctx context.Context) *Loaders {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	return l
}

// remember records the nodes found in v (maps made by proj), grouped by
// label, as siblings.
func (l *Loaders) remember(v any) {
	groups := map[string][]string{}
	walkNodes(v, func(label, id string) { groups[label] = append(groups[label], id) })
	l.mu.Lock()
	defer l.mu.Unlock()
	for label, ids := range groups {
		ids = slices.Compact(slices.Sorted(slices.Values(ids)))
		for _, id := range ids {
			l.siblings[[2]string{label, id}] = ids
		}
	}
}

func walkNodes(v any, visit func(label, id string)) {
	switch v := v.(type) {
	case map[string]any:
		if labels := strs(v["_labels"]); len(labels) > 0 {
			id := str(v, "id")
			if id == "" {
				id = str(v, "code")
			}
			if id != "" {
				visit(labels[0], id)
			}
		}
		for k, x := range v {
			if k != "_labels" {
				walkNodes(x, visit)
			}
		}
	case []any:
		for _, x := range v {
			walkNodes(x, visit)
		}
	}
}

// prime records the items of lookup name for key, read with a page.
func (l *Loaders) prime(name, key string, items []map[string]any) {
	l.mu.Lock()
	l.primed[[2]string{name, key}] = items
	l.mu.Unlock()
}

// Alone records a node a root field asked for by itself, such as
// country(code): with no siblings to gather, what is asked of it is read at
// once instead of after the loaders' window.
func (l *Loaders) Alone(label, id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.siblings[[2]string{label, id}]; !ok {
		l.siblings[[2]string{label, id}] = []string{id}
	}
}

func (l *Loaders) siblingsOf(label, id string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.siblings[[2]string{label, id}]
}

// rel is a batched lookup: Cypher that, for each key of $keys, returns the
// key and the list of maps found for it (as items). parent is the label of
// the nodes whose keys it takes, if they are nodes.
type rel struct {
	name   string
	cypher string
	parent string
	params map[string]any // besides $keys
}

// related returns the items of key, read in one query with those of the
// key's siblings and of every other key asked within the loader's wait.
func (l *Loaders) related(ctx context.Context, q rel, key string) ([]map[string]any, error) {
	l.mu.Lock()
	items, ok := l.primed[[2]string{q.name, key}]
	l.mu.Unlock()
	if ok {
		return items, nil
	}
	if q.parent != "" {
		if sib := l.siblingsOf(q.parent, key); slices.Contains(sib, key) {
			return l.group(ctx, q, sib, key)
		}
	}
	return l.loader(q).Load(ctx, key)
}

// group reads q for every sibling in one query, the first time any of them
// asks; the others wait for that query. Unlike a batching window this does
// not depend on how the resolvers are scheduled.
func (l *Loaders) group(ctx context.Context, q rel, sib []string, key string) ([]map[string]any, error) {
	id := q.name + "\x00" + strings.Join(sib, "\x00")
	l.mu.Lock()
	g, ok := l.groups[id]
	if !ok {
		g = &groupFetch{done: make(chan struct{})}
		l.groups[id] = g
	}
	l.mu.Unlock()
	if !ok {
		vals, errs := l.fetch(ctx, q, sib)
		if len(errs) > 0 {
			g.err = errs[0]
		} else {
			g.vals = make(map[string][]map[string]any, len(sib))
			for i, k := range sib {
				g.vals[k] = vals[i]
			}
		}
		close(g.done)
	}
	select {
	case <-g.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.vals[key], g.err
}

func (l *Loaders) loader(q rel) *dataloadgen.Loader[string, []map[string]any] {
	l.mu.Lock()
	ld, ok := l.m[q.name]
	if !ok {
		ld = dataloadgen.NewLoader(func(ctx context.Context, keys []string) ([][]map[string]any, []error) {
			return l.fetch(ctx, q, keys)
		}, dataloadgen.WithWait(l.r.wait), dataloadgen.WithBatchCapacity(1000))
		l.m[q.name] = ld
	}
	l.mu.Unlock()
	return ld
}

func (l *Loaders) fetch(ctx context.Context, q rel, keys []string) ([][]map[string]any, []error) {
	params := map[string]any{"keys": keys}
	for k, v := range q.params {
		params[k] = v
	}
	recs, err := l.r.query(ctx, q.name, q.cypher, params)
	if err != nil {
		return nil, []error{err}
	}
	byKey := make(map[string][]map[string]any, len(recs))
	for _, rec := range recs {
		k, _ := rec.Get("key")
		items, _ := rec.Get("items")
		s, _ := k.(string)
		byKey[s] = append(byKey[s], maps(items)...)
	}
	out := make([][]map[string]any, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

func first[T any](items []map[string]any, err error, decode func(map[string]any) T) (T, error) {
	var zero T
	if err != nil || len(items) == 0 {
		return zero, err
	}
	return decode(items[0]), nil
}

func all[T any](items []map[string]any, err error, decode func(map[string]any) T) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		out = append(out, decode(it))
	}
	return out, nil
}

// byKey finds nodes of label by their key.
func byKey(label string) rel { return byKeys[label] }

// byKeys holds the lookups by key of every label node(id) knows, built once:
// they run for every miss of the caches.
var byKeys = func() map[string]rel {
	m := make(map[string]rel, len(nodeLabels))
	for _, label := range nodeLabels {
		prop := keyProp(label)
		m[label] = rel{"node " + label, fmt.Sprintf(`
			MATCH (n:%s) WHERE n.%s IN $keys
			RETURN n.%s AS key, [%s] AS items`, label, prop, prop, projAs("n", label)), "", nil}
	}
	return m
}()

// nodeRel finds nodes of any label by id.
var nodeRel = rel{"node", "UNWIND $keys AS key " + lookup("key") + " RETURN key, collect(" + proj("n") + ") AS items", "", nil}

// Node returns the node with this id (a country's code), nil if none.
func (l *Loaders) Node(ctx context.Context, id string) (model.Node, error) {
	items, err := l.related(ctx, nodeRel, id)
	return first(items, err, decodeNode)
}

// Nodes returns the nodes with these ids in one query, nil for unknown ids.
func (l *Loaders) Nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	found, err := l.loader(nodeRel).LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.Node, len(ids))
	for i, items := range found {
		if len(items) > 0 {
			out[i] = decodeNode(items[0])
		}
	}
	return out, nil
}

// Country returns the country with this code, nil if unknown.
func (l *Loaders) Country(ctx context.Context, code string) (*model.Country, error) {
	cs, err := l.Countries(ctx, []string{code})
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	return cs[0], nil
}

// Countries returns the countries of codes that exist, in that order.
func (l *Loaders) Countries(ctx context.Context, codes []string) ([]*model.Country, error) {
	return fromRefs(ctx, l, l.r.countries, "Country", codes, country)
}

// People returns the people of ids that exist, in that order.
func (l *Loaders) People(ctx context.Context, ids []string) ([]*model.Person, error) {
	return fromRefs(ctx, l, l.r.people, "Person", ids, person)
}

// fromRefs returns the nodes of label with these keys that exist, in that
// order, from c or, for those it lacks, from Neo4j.
func fromRefs[T any](ctx context.Context, l *Loaders, c *refs[T], label string, keys []string, decode func(map[string]any) T) ([]T, error) {
	if vs, ok := c.fresh(keys); ok {
		return vs, nil
	}
	found, err := cached(ctx, l, c, label, keys, decode)
	return ordered(keys, found), err
}

// cached returns the nodes of label with these keys from c, reading those
// it lacks in one query; unknown keys are left out.
func cached[T any](ctx context.Context, l *Loaders, c *refs[T], label string, keys []string, decode func(map[string]any) T) (map[string]T, error) {
	found, missing := c.get(keys)
	if len(missing) > 0 {
		items, err := l.nodes(ctx, label, missing)
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			if len(it) > 0 {
				v := decode(it[0])
				c.put(missing[i], v)
				found[missing[i]] = v
			}
		}
	}
	return found, nil
}

// nodes reads the nodes of label with these keys, with those other
// resolvers ask for within the loader's wait (a fresh server fills its
// cache in a few statements), or at once for a node alone (see Alone).
func (l *Loaders) nodes(ctx context.Context, label string, keys []string) ([][]map[string]any, error) {
	if len(keys) == 1 && slices.Equal(l.siblingsOf(label, keys[0]), keys) {
		items, errs := l.fetch(ctx, byKey(label), keys)
		if len(errs) > 0 {
			return nil, errs[0]
		}
		return items, nil
	}
	return l.loader(byKey(label)).LoadAll(ctx, keys)
}

// ordered lists the values of keys found, in the order of keys.
func ordered[T any](keys []string, found map[string]T) []T {
	out := make([]T, 0, len(keys))
	for _, k := range keys {
		if v, ok := found[k]; ok {
			out = append(out, v)
		}
	}
	return out
}

// ref is the projection of a person or country whose properties come from
// the cache: its key, and its labels so that the loaders know the nodes
// read together.
func ref(v, label string) string {
	if label == "Country" {
		return v + " {.code, _labels: labels(" + v + ")}"
	}
	return v + " {.id, _labels: labels(" + v + ")}"
}

// Typed returns the node of label with this id, nil if none.
func (l *Loaders) Typed(ctx context.Context, label, id string) (model.Node, error) {
	switch label {
	case "Person":
		ps, err := l.People(ctx, []string{id})
		if err != nil || len(ps) == 0 {
			return nil, err
		}
		return ps[0], nil
	case "Country":
		c, err := l.Country(ctx, id)
		if err != nil || c == nil {
			return nil, err
		}
		return c, nil
	}
	items, err := l.related(ctx, byKey(label), id)
	return first(items, err, decodeNode)
}

// Participations returns who took part in an event, hosts and visitors
// first.
func (l *Loaders) Participations(ctx context.Context, label, id string) ([]*model.Participation, error) {
	items, err := l.related(ctx, participants[label].rel, id)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = str(mapOf(it["person"]), "id")
	}
	people, err := cached(ctx, l, l.r.people, "Person", ids, person)
	if err != nil {
		return nil, err
	}
	out := make([]*model.Participation, 0, len(items))
	for i, it := range items {
		if p := people[ids[i]]; p != nil {
			out = append(out, &model.Participation{Role: str(it, "role"), Person: p})
		}
	}
	return out, nil
}

// Place returns where an event was held.
func (l *Loaders) Place(ctx context.Context, label, id string) (*model.Place, error) {
	items, err := l.related(ctx, places[label].rel, id)
	return first(items, err, place)
}

// Sources returns the evidence of an event, earliest article first.
func (l *Loaders) Sources(ctx context.Context, label, id string) ([]*model.Source, error) {
	items, err := l.related(ctx, sources[label].rel, id)
	return all(items, err, source)
}

// Offices returns the offices a person held, most recent first.
func (l *Loaders) Offices(ctx context.Context, personID string) ([]*model.Office, error) {
	items, err := l.related(ctx, rel{"offices", `
		UNWIND $keys AS key MATCH (p:Person {id: key})-[h:HOLDS_OFFICE]->(c:Country)
		WITH key, h, c ORDER BY h.until IS NULL DESC, h.since DESC
		RETURN key, collect({person: key, office: h {.*}, country: c.code}) AS items`, "Person", nil}, personID)
	return withCountries(ctx, l, items, err, office)
}

// OfficeHolders returns who held offices of a country, most recent first.
func (l *Loaders) OfficeHolders(ctx context.Context, code string) ([]*model.Office, error) {
	items, err := l.related(ctx, rel{"office holders", `
		UNWIND $keys AS key MATCH (p:Person)-[h:HOLDS_OFFICE]->(c:Country {code: key})
		WITH key, p, h, c ORDER BY h.until IS NULL DESC, h.since DESC, p.name
		RETURN key, collect({person: p.id, office: h {.*}, country: c.code}) AS items`, "Country", nil}, code)
	return withCountries(ctx, l, items, err, office)
}

// withCountries decodes items that name a country by its code (key
// "country") with that country from the cache; items of unknown countries
// are left out.
func withCountries[T any](ctx context.Context, l *Loaders, items []map[string]any, err error, decode func(map[string]any, *model.Country) T) ([]T, error) {
	if err != nil {
		return nil, err
	}
	countries, err := cached(ctx, l, l.r.countries, "Country", keys(items, "country"), country)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		if c := countries[str(it, "country")]; c != nil {
			out = append(out, decode(it, c))
		}
	}
	return out, nil
}

// Partners returns the current partnerships of a country, highest first,
// then by name. PARTNER_OF carries the level of the latest upgrade
// (store/events.go), so this is one hop per partner; the names to sort by
// are in the reference cache, so Neo4j does not read them. fields are the
// selected fields of Partner, nested ones as "level.rank" (see
// partnerProps); nil reads every property.
func (l *Loaders) Partners(ctx context.Context, code string, fields []string) ([]*model.Partner, error) {
	p := partnerProjection(fields)
	items, err := l.related(ctx, rel{"partners " + p, `
		UNWIND $keys AS key MATCH (:Country {code: key})-[p:PARTNER_OF]-(o:Country)
		RETURN key, collect({p: ` + p + `, country: o.code}) AS items`, "Country", nil}, code)
	ps, err := withCountries(ctx, l, items, err, partner)
	sortPartners(ps)
	return ps, err
}

// partnerProps are the PARTNER_OF properties that fields of Partner read.
var partnerProps = map[string]string{
	"since": "since", "upgrade": "upgrade", "level.name": "level", "level.rank": "rank",
	"level.id": "level_id", "level.scale": "scale", "level.qualifiers": "qualifiers",
}

// partnerProjection projects the properties of PARTNER_OF p that fields
// read, and its rank, which orders the list: of a country's 150 partners,
// most answers want two or three of seven.
func partnerProjection(fields []string) string {
	if fields == nil {
		return "p {.*}"
	}
	props := []string{"rank"}
	for _, f := range fields {
		if prop, ok := partnerProps[f]; ok && !slices.Contains(props, prop) {
			props = append(props, prop)
		}
	}
	slices.Sort(props)
	return "p {." + strings.Join(props, ", .") + "}"
}

// sortPartners orders partners by rank, highest first, then by name. An
// unknown rank comes first, where Cypher's ORDER BY p.rank DESC puts null.
func sortPartners(ps []*model.Partner) {
	slices.SortFunc(ps, func(a, b *model.Partner) int {
		ra, rb := a.Level.Rank, b.Level.Rank
		switch {
		case ra == nil && rb != nil:
			return -1
		case ra != nil && rb == nil:
			return 1
		case ra != nil && *ra != *rb:
			return cmp.Compare(*rb, *ra)
		}
		return strings.Compare(a.Country.Name, b.Country.Name)
	})
}

// Container returns the place a place lies in.
func (l *Loaders) Container(ctx context.Context, placeID string) (*model.Place, error) {
	items, err := l.related(ctx, rel{"place container", `
		UNWIND $keys AS key MATCH (:Place {id: key})-[:LOCATED_IN]->(x:Place)
		RETURN key, collect(` + projAs("x", "Place") + `) AS items`, "Place", nil}, placeID)
	return first(items, err, place)
}

func keys(items []map[string]any, k string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = str(it, k)
	}
	return out
}

func nodes[T model.Node](vs []T, err error) ([]model.Node, error) {
	if err != nil {
		return nil, err
	}
	out := make([]model.Node, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out, nil
}

// Linked returns the nodes that link reaches from the node with this id.
func (l *Loaders) Linked(ctx context.Context, link Link, id string) ([]model.Node, error) {
	items, err := l.related(ctx, link.q.rel, id)
	if err != nil {
		return nil, err
	}
	switch link.to {
	case "Person":
		return nodes(l.People(ctx, keys(items, "id")))
	case "Country":
		return nodes(l.Countries(ctx, keys(items, "code")))
	}
	return all(items, nil, decodeNode)
}

// PreviousLevel returns the level an upgrade started from, where known.
func (l *Loaders) PreviousLevel(ctx context.Context, upgradeID string) (*model.PartnershipLevel, error) {
	items, err := l.related(ctx, rel{"previous level", `
		UNWIND $keys AS key MATCH (:PartnershipUpgrade {id: key})-[:FROM_LEVEL]->(l:PartnershipLevel)
		RETURN key, collect(l {.*}) AS items`, Upgrade, nil}, upgradeID)
	return first(items, err, scaleLevel)
}

// ArticleText returns the text of an article.
func (l *Loaders) ArticleText(ctx context.Context, id string) (string, error) {
	items, err := l.related(ctx, rel{"article text", `
		MATCH (a:Article) WHERE a.id IN $keys
		RETURN a.id AS key, [{text: a.text}] AS items`, "Article", nil}, id)
	return first(items, err, func(m map[string]any) string { return str(m, "text") })
}

// RunFailures returns the failures of an ingestion run.
func (l *Loaders) RunFailures(ctx context.Context, runID string) ([]*model.IngestFailure, error) {
	items, err := l.related(ctx, rel{"run failures", `
		UNWIND $keys AS key MATCH (:IngestRun {id: key})-[:HAD_FAILURE]->(f:IngestFailure)
		WITH key, f ORDER BY f.at DESC
		RETURN key, collect(f {.*}) AS items`, "IngestRun", nil}, runID)
	return all(items, err, ingestFailure)
}

// PersonMeetings returns the meetings a person took part in, dated from..to,
// newest first, at most first: for each person, the first entries of its
// dated edges in the index (see at), whatever the number of its meetings.
func (l *Loaders) PersonMeetings(ctx context.Context, personID string, from, to *model.Date, first int) ([]*model.Meeting, error) {
	if first < 1 || first > MaxFirst {
		return nil, inputErrorf("first must be between 1 and %d, got %d", MaxFirst, first)
	}
	lo, hi := stampRange(from, to)
	items, err := l.related(ctx, rel{fmt.Sprintf("meetings of Person %s..%s, %d", lo, hi, first), `
		UNWIND $keys AS key
		CALL { WITH key
			MATCH (e:Meeting)<-[d_:PARTICIPATED_IN]-() USING INDEX d_:PARTICIPATED_IN(at)
			WHERE d_.at >= key + $lo AND d_.at <= key + $hi
			WITH e, d_ ORDER BY d_.at DESC, e.id ASC LIMIT $first
			RETURN collect(` + projAs("e", Meeting) + `) AS items }
		RETURN key, items`, "Person", map[string]any{"lo": lo, "hi": hi, "first": first}}, personID)
	return all(items, err, meeting)
}
