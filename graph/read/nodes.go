package read

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/lexicon"
)

// nodeLabels are the labels node(id) looks in, each by its unique key.
var nodeLabels = []string{"Country", "Person", "Place", "Organization", "Initiative", "Project",
	Meeting, Visit, Summit, Agreement, Upgrade, Statement, "Article"}

// lookup binds n to the node whose id (a country's code) is key, a
// parameter or a variable of the enclosing query, using each label's
// uniqueness constraint.
func lookup(key string) string {
	imp := ""
	if !strings.HasPrefix(key, "$") {
		imp = "WITH " + key + " "
	}
	var parts []string
	for _, l := range nodeLabels {
		parts = append(parts, fmt.Sprintf("%sMATCH (n:%s {%s: %s}) RETURN n", imp, l, keyProp(l), key))
	}
	return "CALL { " + strings.Join(parts, " UNION ") + " }"
}

// Relation reads the current partnership of two countries; nil if either
// is unknown.
func (r *Reader) Relation(ctx context.Context, a, b string) (*model.Relation, error) {
	recs, err := r.query(ctx, "relation", `
		MATCH (a:Country {code: $a}), (b:Country {code: $b})
		OPTIONAL MATCH (a)-[p:PARTNER_OF]-(b)
		RETURN `+projAs("a", "Country")+` AS a, `+projAs("b", "Country")+` AS b, p {.*} AS p`,
		map[string]any{"a": a, "b": b})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m := recs[0].AsMap()
	rel := &model.Relation{A: country(mapOf(m["a"])), B: country(mapOf(m["b"]))}
	if p := mapOf(m["p"]); p != nil {
		rel.Since = optDate(p, "since")
		rel.UpgradeID = str(p, "upgrade")
		rel.Level = partnerLevel(p)
	}
	return rel, nil
}

// PartnershipHistory lists the upgrades between two countries, oldest
// first; those without a date come last.
func (r *Reader) PartnershipHistory(ctx context.Context, a, b string) ([]*model.PartnershipUpgrade, error) {
	recs, err := r.query(ctx, "partnership history", `
		MATCH (:Country {code: $a})<-[:BETWEEN]-(e:PartnershipUpgrade)-[:BETWEEN]->(:Country {code: $b})
		WITH DISTINCT e ORDER BY e.date ASC, e.rank ASC, e.id ASC
		RETURN `+projAs("e", Upgrade)+` AS e`, map[string]any{"a": a, "b": b})
	if err != nil {
		return nil, err
	}
	out := make([]*model.PartnershipUpgrade, 0, len(recs))
	for _, rec := range recs {
		m, _ := rec.Get("e")
		out = append(out, upgrade(mapOf(m)))
	}
	return out, nil
}

// Full-text indexes (schema/migrations.cypher).
const (
	namesAr  = "names_ar"
	namesEn  = "names_en"
	eventsEn = "events_en"
)

// SearchHit is a node found by full-text search with its score.
type SearchHit struct {
	Node  model.Node
	Score float64
}

// Search finds entities by name and events by caption. Arabic text is
// folded the way the writer folded every spelling into search_ar, so any
// variant the lexicon knows matches; a fuzzy term (one edit) catches
// spellings it does not know.
func (r *Reader) Search(ctx context.Context, text, lang string, first int) ([]SearchHit, error) {
	if first < 1 || first > MaxFirst {
		return nil, inputErrorf("first must be between 1 and %d, got %d", MaxFirst, first)
	}
	if lang == "" {
		lang = "en"
		if lexicon.IsArabic(text) {
			lang = "ar"
		}
	}
	var indexes []string
	switch lang {
	case "ar":
		indexes = []string{namesAr}
	case "en":
		indexes = []string{namesEn, eventsEn}
	default:
		return nil, inputErrorf("lang must be ar or en, got %q", lang)
	}
	q := luceneQuery(text, lang == "ar")
	if q == "" {
		return nil, inputErrorf("search text has no words")
	}
	var calls []string
	for _, ix := range indexes {
		// ix is one of the constants above
		calls = append(calls, fmt.Sprintf("CALL db.index.fulltext.queryNodes('%s', $q, {limit: $limit}) YIELD node, score RETURN node, score", ix))
	}
	recs, err := r.query(ctx, "search", `
		CALL { `+strings.Join(calls, " UNION ALL ")+` }
		WITH node, score ORDER BY score DESC LIMIT $limit
		RETURN `+proj("node")+` AS n, score`, map[string]any{"q": q, "limit": first})
	if err != nil {
		return nil, err
	}
	var hits []SearchHit
	for _, rec := range recs {
		m := rec.AsMap()
		if n := decodeNode(mapOf(m["n"])); n != nil {
			s, _ := m["score"].(float64)
			hits = append(hits, SearchHit{Node: n, Score: s})
		}
	}
	return hits, nil
}

// luceneQuery turns what a person typed into a Lucene query: words only
// (so no Lucene syntax gets through), every word required, each either
// exactly (boosted) or one edit away. Arabic words are folded first.
func luceneQuery(text string, arabic bool) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) })
	var groups []string
	for _, w := range words {
		if arabic || lexicon.IsArabic(w) {
			w = lexicon.Fold(w)
		}
		w = strings.ToLower(w)
		switch n := len([]rune(w)); {
		case n < 2:
			continue
		case n < 4:
			groups = append(groups, w)
		default:
			groups = append(groups, "("+w+"^2 OR "+w+"~1)")
		}
	}
	return strings.Join(groups, " AND ")
}

// MaxHops bounds path searches.
const (
	DefaultHops = 4
	MaxHops     = 6
)

// pathRels are the relationships a path may follow: facts between
// entities and events, not provenance (REPORTED_IN would join everything an
// article mentions) nor the partnership scale (TO_LEVEL would join every
// pair at the same level).
const pathRels = "PARTICIPATED_IN|INVOLVES|HELD_IN|PART_OF|FOR|PARTY|SIGNED|WITNESSED|PRODUCED|BETWEEN|ANNOUNCED|PARTNER_OF|HOLDS_OFFICE|LOCATED_IN|PROPOSED_BY|SUPPORTS|BACKS"

// Path finds a shortest connection between two nodes; nil when there is
// none within maxHops.
func (r *Reader) Path(ctx context.Context, from, to string, maxHops int) (*model.Path, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return nil, inputErrorf("maxHops must be between 1 and %d, got %d", MaxHops, maxHops)
	}
	if from == to {
		return nil, inputErrorf("from and to are the same node")
	}
	// maxHops is a checked integer: variable-length bounds cannot be parameters
	recs, err := r.query(ctx, "path", lookup("$from")+` WITH n AS a LIMIT 1
		`+lookup("$to")+` WITH a, n AS b LIMIT 1
		MATCH p = shortestPath((a)-[:`+pathRels+fmt.Sprintf("*..%d", maxHops)+`]-(b))
		WHERE none(x IN nodes(p) WHERE x:Statement OR x:Article OR x:PartnershipLevel)
		RETURN [x IN nodes(p) | {n: `+proj("x")+`, eid: elementId(x)}] AS nodes,
		       [r IN relationships(p) | {type: type(r), start: elementId(startNode(r)), end: elementId(endNode(r))}] AS rels`,
		map[string]any{"from": from, "to": to})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	m := recs[0].AsMap()
	byEID := map[string]model.Node{}
	path := &model.Path{Nodes: []model.Node{}, Steps: []*model.PathStep{}, Events: []model.Event{}}
	for _, x := range maps(m["nodes"]) {
		n := decodeNode(mapOf(x["n"]))
		if n == nil {
			continue
		}
		byEID[str(x, "eid")] = n
		path.Nodes = append(path.Nodes, n)
		if e, ok := n.(model.Event); ok {
			path.Events = append(path.Events, e)
		}
	}
	for _, rel := range maps(m["rels"]) {
		s, e := byEID[str(rel, "start")], byEID[str(rel, "end")]
		if s != nil && e != nil {
			path.Steps = append(path.Steps, &model.PathStep{From: s, Relation: str(rel, "type"), To: e})
		}
	}
	path.Length = len(path.Steps)
	return path, nil
}
