package read

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/diplograph/diplograph/graph/model"
	"github.com/diplograph/diplograph/lexicon"
)

// where gathers the conditions and parameters of a list's filter.
type where struct {
	conds  []string
	params map[string]any
}

func newWhere() *where { return &where{params: map[string]any{}} }

// add appends a condition with its parameters, given as name, value pairs.
func (w *where) add(cond string, kv ...any) {
	w.conds = append(w.conds, cond)
	for i := 0; i+1 < len(kv); i += 2 {
		w.params[kv[i].(string)] = kv[i+1]
	}
}

func (w *where) clause() string {
	if len(w.conds) == 0 {
		return " WHERE true"
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func (w *where) dates(from, to *model.Date) {
	if from != nil {
		w.add("e.date >= date($from)", "from", string(*from))
	}
	if to != nil {
		w.add("e.date <= date($to)", "to", string(*to))
	}
}

func (w *where) eq(prop, param string, v *string) {
	if v != nil && *v != "" {
		w.add(fmt.Sprintf("e.%s = $%s", prop, param), param, strings.ToLower(strings.TrimSpace(*v)))
	}
}

// Codes normalises country codes as clients type them: trimmed, upper
// case, without repeats.
func Codes(in []string) []string {
	var out []string
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// match is how a list of events finds its rows: Cypher that binds e, and
// order, an expression that sorts the rows as their dates do and that an
// index provides in order ("" if none; see list.order).
type match struct{ cypher, order string }

// eventMatch binds e to events of label dated from..to involving every
// country of codes. One country's events are found through its dated edges,
// two countries' through their pair's (see at; store/events.go: dated,
// paired), by a range seek in date order; countries past the second are
// checked on each event. Summits are not paired: of several countries, it
// starts from the one with the fewest summits (a degree, which Neo4j keeps
// per node and type) and checks the others on each.
func eventMatch(label string, codes []string, from, to *model.Date, w *where) match {
	rel := countryRel(label)
	switch {
	case len(codes) == 1:
		at(w, codes[0], from, to)
		return match{outEdges(label, rel), "d_.at"}
	case len(codes) > 1 && label != Summit:
		return pairMatch(label, rel, codes, from, to, w)
	}
	w.dates(from, to)
	if len(codes) == 0 {
		return match{"MATCH (e:" + label + ")", ""}
	}
	w.add(fmt.Sprintf("all(code IN $countries WHERE code = c.code OR EXISTS { (e)-[:%s]->(:Country {code: code}) })", rel), "countries", codes)
	return match{fmt.Sprintf(`MATCH (c:Country) WHERE c.code IN $countries
		WITH c ORDER BY COUNT { (c)<-[:%[1]s]-() } ASC LIMIT 1
		MATCH (c)<-[:%[1]s]-(e:%[2]s)`, rel, label), ""}
}

// pairMatch binds e to events of label of the first two countries of codes
// through their pair's stamps; the other countries are checked on each
// event by its edges of type rel. With label pairedLabels, the range holds
// every kind, one after the other, so the rows are not in date order.
func pairMatch(label, rel string, codes []string, from, to *model.Date, w *where) match {
	m := match{outEdges(label, "PAIR"), "d_.at"}
	key := pair(codes[0], codes[1])
	if label == pairedLabels {
		at(w, key, nil, nil)
		w.dates(from, to)
		m.order = ""
	} else {
		at(w, key+"|"+label, from, to)
	}
	if len(codes) > 2 {
		w.add(fmt.Sprintf("all(code IN $others WHERE EXISTS { (e)-[:%s]->(:Country {code: code}) })", rel), "others", codes[2:])
	}
	return m
}

// pairedLabels are the events with PAIR edges.
const pairedLabels = "Meeting|Visit|Agreement|PartnershipUpgrade"

// pair is the key of the pair of countries a and b (store/events.go: paired).
func pair(a, b string) string { return min(a, b) + "|" + max(a, b) }

// outEdges and personEdges bind e to the events of labels (a label
// expression) by their edges d_ of type rel to a country or a pair, or from
// a person, through rel's index on at; the WHERE that follows keeps the
// stamps in range (see at).
func outEdges(labels, rel string) string {
	return "MATCH (e:" + labels + ")-[d_:" + rel + "]->() USING INDEX d_:" + rel + "(at)"
}

func personEdges(labels, rel string) string {
	return "MATCH (e:" + labels + ")<-[d_:" + rel + "]-() USING INDEX d_:" + rel + "(at)"
}

// at sets $atLo..$atHi to the stamps (store/events.go: "<key>|<date>") of
// the edges of key, a country code, a pair of codes (with a label) or a
// person id, to events dated from..to; without dates, to all its events,
// undated ones too.
func at(w *where, key string, from, to *model.Date) {
	lo, hi := stampRange(from, to)
	w.add("d_.at >= $atLo AND d_.at <= $atHi", "atLo", key+lo, "atHi", key+hi)
}

// stampRange is the range of the part of a stamp after its key for events
// dated from..to. An undated event's stamp ends in "|", before every date:
// it is in the range only when neither bound is given.
func stampRange(from, to *model.Date) (lo, hi string) {
	lo, hi = "|", "|~"
	switch {
	case from != nil:
		lo = "|" + string(*from)
	case to != nil:
		lo = "|0"
	}
	if to != nil {
		hi = "|" + string(*to)
	}
	return lo, hi
}

func eventList(kind, label string, m match, w *where) list {
	return list{kind: kind, match: m.cypher + w.clause(), sort: "toString(e.date)", order: m.order, desc: true, id: "e.id", proj: projAs("e", label), label: label}
}

// Meetings lists meetings, newest first.
func (r *Reader) Meetings(ctx context.Context, f *model.MeetingFilter, p Page) (Conn[*model.Meeting], error) {
	if f == nil {
		f = &model.MeetingFilter{}
	}
	w := newWhere()
	codes := Codes(f.Countries)
	var m match
	if len(f.People) > 0 && len(codes) == 0 {
		// the first person's dated edges, as eventMatch takes the first
		// country's; then only the others are checked
		m = match{personEdges(Meeting, "PARTICIPATED_IN"), "d_.at"}
		at(w, f.People[0], f.From, f.To)
		w.params["people"] = f.People
		if len(f.People) > 1 {
			w.add("all(pid IN $people[1..] WHERE EXISTS { (:Person {id: pid})-[:PARTICIPATED_IN]->(e) })")
		}
	} else {
		m = eventMatch(Meeting, codes, f.From, f.To, w)
		if len(f.People) > 0 {
			w.add("all(pid IN $people WHERE EXISTS { (:Person {id: pid})-[:PARTICIPATED_IN]->(e) })", "people", f.People)
		}
	}
	w.eq("kind", "kind", f.Kind)
	if f.Place != nil && *f.Place != "" {
		// a city matches the meetings in it, a province or country those anywhere inside
		w.add(`EXISTS { (e)-[:HELD_IN]->(:Place)-[:LOCATED_IN*0..3]->(x)
			WHERE x.id = $place OR x.code = toUpper($place) OR toLower(x.name) = toLower($place) OR x.name_ar = $place }`, "place", strings.TrimSpace(*f.Place))
	}
	return fetch(ctx, r, eventList("meeting", Meeting, m, w), w.params, p, meeting)
}

// Visits lists visits, newest first.
func (r *Reader) Visits(ctx context.Context, f *model.VisitFilter, p Page) (Conn[*model.Visit], error) {
	if f == nil {
		f = &model.VisitFilter{}
	}
	w := newWhere()
	m := eventMatch(Visit, Codes(f.Countries), f.From, f.To, w)
	w.eq("status", "status", f.Status)
	w.eq("kind", "kind", f.Kind)
	if f.Visitor != nil && *f.Visitor != "" {
		w.add("e.visitor_country = $visitor", "visitor", strings.ToUpper(strings.TrimSpace(*f.Visitor)))
	}
	if f.Host != nil && *f.Host != "" {
		w.add("e.host_country = $host", "host", strings.ToUpper(strings.TrimSpace(*f.Host)))
	}
	return fetch(ctx, r, eventList("visit", Visit, m, w), w.params, p, visit)
}

// Summits lists summits, newest first.
func (r *Reader) Summits(ctx context.Context, f *model.SummitFilter, p Page) (Conn[*model.Summit], error) {
	if f == nil {
		f = &model.SummitFilter{}
	}
	w := newWhere()
	m := eventMatch(Summit, Codes(f.Countries), f.From, f.To, w)
	w.eq("series", "series", f.Series)
	return fetch(ctx, r, eventList("summit", Summit, m, w), w.params, p, summit)
}

// Agreements lists agreements, newest first.
func (r *Reader) Agreements(ctx context.Context, f *model.AgreementFilter, p Page) (Conn[*model.Agreement], error) {
	if f == nil {
		f = &model.AgreementFilter{}
	}
	w := newWhere()
	m := eventMatch(Agreement, Codes(f.Countries), f.From, f.To, w)
	w.eq("kind", "kind", f.Kind)
	if f.Field != nil && *f.Field != "" {
		w.add("any(x IN coalesce(e.fields, []) WHERE toLower(x) = toLower($field))", "field", strings.TrimSpace(*f.Field))
	}
	return fetch(ctx, r, eventList("agreement", Agreement, m, w), w.params, p, agreement)
}

// Upgrades lists partnership upgrades, newest first.
func (r *Reader) Upgrades(ctx context.Context, f *model.UpgradeFilter, p Page) (Conn[*model.PartnershipUpgrade], error) {
	if f == nil {
		f = &model.UpgradeFilter{}
	}
	w := newWhere()
	m := eventMatch(Upgrade, Codes(f.Countries), f.From, f.To, w)
	w.eq("status", "status", f.Status)
	return fetch(ctx, r, eventList("upgrade", Upgrade, m, w), w.params, p, upgrade)
}

// EventFilter selects the events of a timeline: those involving every
// country of Countries, or those a person took part in.
type EventFilter struct {
	Countries []string
	Person    string
	From, To  *model.Date
}

// Events lists events of every kind, newest first.
func (r *Reader) Events(ctx context.Context, f EventFilter, p Page) (Conn[model.Event], error) {
	w := newWhere()
	var parts []string
	switch codes := Codes(f.Countries); {
	case f.Person != "":
		at(w, f.Person, f.From, f.To)
		c := w.clause()
		parts = []string{personEdges("Meeting|Visit|Summit", "PARTICIPATED_IN") + c, personEdges(Agreement, "SIGNED") + c, personEdges(Agreement, "WITNESSED") + c}
	case len(codes) == 1:
		at(w, codes[0], f.From, f.To)
		c := w.clause()
		parts = []string{outEdges("Meeting|Visit|Summit", "INVOLVES") + c, outEdges(Agreement, "PARTY") + c, outEdges(Upgrade, "BETWEEN") + c}
	case len(codes) > 1:
		// the pair's events and, as summits are not paired, the summits as
		// the summits list finds them; the two parts share the parameters
		pm := pairMatch(pairedLabels, "INVOLVES|PARTY|BETWEEN", codes, f.From, f.To, w)
		sw := &where{params: w.params}
		sm := eventMatch(Summit, codes, f.From, f.To, sw)
		parts = []string{pm.cypher + w.clause(), sm.cypher + sw.clause()}
	default:
		return Conn[model.Event]{}, inputErrorf("give a country or a person")
	}
	// UNION keeps each event once, however many of its edges matched
	m := "CALL { " + strings.Join(parts, " RETURN e UNION ") + " RETURN e }"
	l := list{kind: "event", match: m, sort: "toString(e.date)", desc: true, id: "e.id", proj: projAs("e", anyEvent), label: anyEvent}
	return fetch(ctx, r, l, w.params, p, decodeEvent)
}

// textMatch is the condition of a name search in countries and people:
// English names and aliases case-insensitively, Arabic ones folded.
func textMatch(w *where, search *string) {
	if search == nil || strings.TrimSpace(*search) == "" {
		return
	}
	s := strings.TrimSpace(*search)
	w.add(`(toLower(e.name) CONTAINS $q OR toLower(coalesce(e.aliases_en, '')) CONTAINS $q
		OR coalesce(e.search_ar, '') CONTAINS $folded OR coalesce(e.name_ar, '') CONTAINS $raw)`,
		"q", strings.ToLower(s), "folded", lexicon.Fold(s), "raw", s)
}

// Countries lists countries by name.
func (r *Reader) Countries(ctx context.Context, search *string, p Page) (Conn[*model.Country], error) {
	w := newWhere()
	textMatch(w, search)
	l := list{kind: "country", match: "MATCH (e:Country)" + w.clause(), sort: "e.name", id: "e.code", proj: projAs("e", "Country"), label: "Country"}
	return fetch(ctx, r, l, w.params, p, country)
}

// People lists people by name; country keeps those who held an office of it.
func (r *Reader) People(ctx context.Context, search, countryCode *string, p Page) (Conn[*model.Person], error) {
	w := newWhere()
	textMatch(w, search)
	if countryCode != nil && *countryCode != "" {
		w.add("EXISTS { (e)-[:HOLDS_OFFICE]->(:Country {code: $country}) }", "country", strings.ToUpper(strings.TrimSpace(*countryCode)))
	}
	l := list{kind: "person", match: "MATCH (e:Person)" + w.clause(), sort: "e.name", id: "e.id", proj: projAs("e", "Person")}
	return fetch(ctx, r, l, w.params, p, person)
}

// Articles lists articles, newest published first.
func (r *Reader) Articles(ctx context.Context, f *model.ArticleFilter, p Page) (Conn[*model.Article], error) {
	if f == nil {
		f = &model.ArticleFilter{}
	}
	w := newWhere()
	m := "MATCH (e:Article)"
	if f.Search != nil && strings.TrimSpace(*f.Search) != "" {
		q := luceneQuery(*f.Search, false)
		if q == "" {
			return Conn[*model.Article]{}, inputErrorf("search has no words")
		}
		w.params["q"] = q
		// Each language has its index (schema/migrations.cypher); a search
		// without a language asks both.
		switch lang := strings.ToLower(deref(f.Lang)); lang {
		case "ar", "en":
			m = `CALL db.index.fulltext.queryNodes('article_text_` + lang + `', $q) YIELD node WITH node AS e`
		default:
			m = `CALL { CALL db.index.fulltext.queryNodes('article_text_ar', $q) YIELD node RETURN node
			       UNION CALL db.index.fulltext.queryNodes('article_text_en', $q) YIELD node RETURN node } WITH node AS e`
		}
	}
	if f.Lang != nil && *f.Lang != "" {
		w.add("e.lang = $lang", "lang", strings.ToLower(*f.Lang))
	}
	if f.Outlet != nil && *f.Outlet != "" {
		w.add("toLower(e.outlet) = toLower($outlet)", "outlet", *f.Outlet)
	}
	if f.From != nil {
		w.add("e.published >= date($from)", "from", string(*f.From))
	}
	if f.To != nil {
		w.add("e.published <= date($to)", "to", string(*f.To))
	}
	l := list{kind: "article", match: m + w.clause(), sort: "toString(e.published)", desc: true, id: "e.id", proj: projAs("e", "Article")}
	return fetch(ctx, r, l, w.params, p, article)
}

// statementRels are the relationships from a statement to its countries:
// the stating one, the one it is on, those it is between.
const statementRels = "BY|ON|BETWEEN"

// Statements lists statements by name.
func (r *Reader) Statements(ctx context.Context, f *model.StatementFilter, p Page) (Conn[*model.Statement], error) {
	if f == nil {
		f = &model.StatementFilter{}
	}
	w := newWhere()
	m := "MATCH (e:" + Statement + ")"
	if codes := Codes(f.Countries); len(codes) > 0 {
		w.add("all(code IN $countries WHERE EXISTS { (e)-[:"+statementRels+"]->(:Country {code: code}) })", "countries", codes)
		m = "MATCH (:Country {code: $countries[0]})<-[:" + statementRels + "]-(e:" + Statement + ") WITH DISTINCT e"
	}
	w.eq("kind", "kind", f.Kind)
	if by := Codes([]string{deref(f.By)}); len(by) > 0 {
		w.add("EXISTS { (e)-[:BY]->(:Country {code: $by}) }", "by", by[0])
	}
	if on := strings.TrimSpace(deref(f.On)); on != "" {
		w.add("EXISTS { (e)-[:ON]->(o) WHERE o.id = $on OR o.code = toUpper($on) }", "on", on)
	}
	l := list{kind: "statement", match: m + w.clause(), sort: "e.name", id: "e.id", proj: projAs("e", Statement), label: Statement}
	return fetch(ctx, r, l, w.params, p, statement)
}

// IngestRuns lists scheduled runs, newest first.
func (r *Reader) IngestRuns(ctx context.Context, job *string, p Page) (Conn[*model.IngestRun], error) {
	w := newWhere()
	if job != nil && *job != "" {
		w.add("e.job = $job", "job", *job)
	}
	l := list{kind: "run", match: "MATCH (e:IngestRun)" + w.clause(), sort: "toString(e.started)", desc: true, id: "e.id", proj: "e {.*, _labels: labels(e)}"}
	return fetch(ctx, r, l, w.params, p, ingestRun)
}

// IngestFailures lists failed inputs, most recent first.
func (r *Reader) IngestFailures(ctx context.Context, job *string, p Page) (Conn[*model.IngestFailure], error) {
	w := newWhere()
	if job != nil && *job != "" {
		w.add("e.job = $job", "job", *job)
	}
	l := list{kind: "failure", match: "MATCH (e:IngestFailure)" + w.clause(), sort: "toString(e.at)", desc: true, id: "e.id", proj: "e {.*}"}
	return fetch(ctx, r, l, w.params, p, ingestFailure)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
