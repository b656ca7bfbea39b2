package read

import (
	"fmt"
	"slices"
	"strings"
)

// nested is a list hanging from a node: the participants of a meeting, the
// sources of an event, the signatories of an agreement. The loaders read it
// for many nodes in one statement; a page whose client selected it reads it
// with its rows instead (see prefetch), sparing that statement.
type nested struct {
	name  string // names the lookup in logs and in the loaders
	label string // of the node it hangs from
	page  string // Cypher for a page's node e (see preProj)
	rel   rel    // the loaders' lookup for a batch of keys
}

// newNested makes a nested list from body, Cypher that, for the node bound
// to variable v, returns the items in order, one map per row.
func newNested(name, label string, body func(v string) string) nested {
	return nested{name: name, label: label, page: body("e"), rel: rel{name,
		fmt.Sprintf("UNWIND $keys AS key MATCH (n:%s {%s: key}) RETURN key, COLLECT { %s } AS items", label, keyProp(label), body("n")), label, nil}}
}

// byLabel makes a nested list for each label that can have one.
func byLabel(labels []string, of func(label string) nested) map[string]nested {
	m := make(map[string]nested, len(labels))
	for _, l := range labels {
		m[l] = of(l)
	}
	return m
}

var (
	participants = byLabel([]string{Meeting, Visit, Summit}, func(label string) nested {
		return newNested("participants of "+label, label, func(v string) string {
			return fmt.Sprintf(`MATCH (%s)<-[r:PARTICIPATED_IN]-(p:Person)
				WITH r, p ORDER BY CASE r.role WHEN 'host' THEN 0 WHEN 'visitor' THEN 1 WHEN 'guest' THEN 2 ELSE 3 END, p.name
				RETURN {role: r.role, person: %s}`, v, ref("p", "Person"))
		})
	})
	places = byLabel([]string{Meeting, Visit, Summit}, func(label string) nested {
		return newNested("place of "+label, label, func(v string) string {
			return fmt.Sprintf("MATCH (%s)-[:HELD_IN]->(pl:Place) RETURN %s", v, projAs("pl", "Place"))
		})
	})
	sources = byLabel([]string{Meeting, Visit, Summit, Agreement, Upgrade, Statement}, func(label string) nested {
		return newNested("sources of "+label, label, func(v string) string {
			return fmt.Sprintf(`MATCH (%s)-[r:REPORTED_IN]->(a:Article)
				WITH r, a ORDER BY a.published, a.id, r.sentence
				RETURN {rep: r {.*}, article: %s}`, v, projAs("a", "Article"))
		})
	})
)

// Link is a way from a node to others that resolvers follow: a label, a
// relationship pattern and a target label, all constants.
type Link struct {
	to string
	q  nested
}

// link reads people and countries as references to the caches, other
// nodes whole.
func link(from, pattern, to string) Link {
	px, tl := proj("x"), ""
	switch to {
	case "":
	case "Person", "Country":
		tl, px = ":"+to, ref("x", to)
	default:
		tl, px = ":"+to, projAs("x", to)
	}
	return Link{to, newNested(from+pattern+to, from, func(v string) string {
		return fmt.Sprintf(`MATCH (%s)%s(x%s) WITH DISTINCT x ORDER BY x.date DESC, x.name RETURN %s`, v, pattern, tl, px)
	})}
}

var (
	MeetingPartOf      = link(Meeting, "-[:PART_OF]->", "")
	MeetingAgreements  = link(Meeting, "-[:PRODUCED]->", Agreement)
	MeetingUpgrades    = link(Meeting, "-[:ANNOUNCED]->", Upgrade)
	VisitVisitor       = link(Visit, "<-[:PARTICIPATED_IN {role: 'visitor'}]-", "Person")
	VisitSummit        = link(Visit, "-[:FOR]->", Summit)
	VisitMeetings      = link(Visit, "<-[:PART_OF]-", Meeting)
	SummitMeetings     = link(Summit, "<-[:PART_OF]-", Meeting)
	SummitVisits       = link(Summit, "<-[:FOR]-", Visit)
	AgreementSigned    = link(Agreement, "<-[:SIGNED]-", "Person")
	AgreementWitnessed = link(Agreement, "<-[:WITNESSED]-", "Person")
	AgreementMeeting   = link(Agreement, "<-[:PRODUCED]-", Meeting)
	UpgradeMeeting     = link(Upgrade, "<-[:ANNOUNCED]-", Meeting)
	OrgCountries       = link("Organization", "-[:INVOLVES]->", "Country")
	ProjectCountries   = link("Project", "-[:INVOLVES]->", "Country")
	InitiativeProposer = link("Initiative", "-[:PROPOSED_BY]->", "Country")
	InitiativeBackers  = link("Initiative", "<-[:SUPPORTS]-", "Country")
	ArticleEvents      = link("Article", "<-[:REPORTED_IN]-", "")
	CountrySupports    = link("Country", "-[:SUPPORTS]->", "Initiative")
	StatementBy        = link(Statement, "-[:BY]->", "Country")
	StatementOn        = link(Statement, "-[:ON]->", "")
)

// prefetchable are the nested lists a page may read with its rows, by the
// label of its rows and the GraphQL field that asks for them.
var prefetchable = map[[2]string]nested{
	{Meeting, "participants"}:   participants[Meeting],
	{Meeting, "participations"}: participants[Meeting],
	{Meeting, "partOf"}:         MeetingPartOf.q,
	{Meeting, "agreements"}:     MeetingAgreements.q,
	{Meeting, "upgrades"}:       MeetingUpgrades.q,
	{Visit, "visitor"}:          VisitVisitor.q,
	{Visit, "summit"}:           VisitSummit.q,
	{Visit, "meetings"}:         VisitMeetings.q,
	{Summit, "meetings"}:        SummitMeetings.q,
	{Summit, "visits"}:          SummitVisits.q,
	{Agreement, "signatories"}:  AgreementSigned.q,
	{Agreement, "witnesses"}:    AgreementWitnessed.q,
	{Agreement, "meeting"}:      AgreementMeeting.q,
	{Upgrade, "meeting"}:        UpgradeMeeting.q,
	{Statement, "by"}:           StatementBy.q,
	{Statement, "on"}:           StatementOn.q,
	{"Country", "supports"}:     CountrySupports.q,
	{Meeting, "place"}:          places[Meeting],
	{Visit, "place"}:            places[Visit],
	{Summit, "place"}:           places[Summit],
	{Meeting, "sources"}:        sources[Meeting],
	{Visit, "sources"}:          sources[Visit],
	{Summit, "sources"}:         sources[Summit],
	{Agreement, "sources"}:      sources[Agreement],
	{Upgrade, "sources"}:        sources[Upgrade],
	{Statement, "sources"}:      sources[Statement],
}

// prefetch is what a page of rows of label (anyEvent for a mix) reads with
// its rows for the fields its client selected under each node.
func prefetch(label string, fields []string) []nested {
	labels := []string{label}
	if label == anyEvent {
		labels = []string{Meeting, Visit, Summit, Agreement, Upgrade}
	}
	var out []nested
	for _, l := range labels {
		for _, f := range fields {
			q, ok := prefetchable[[2]string{l, f}]
			if ok && !slices.ContainsFunc(out, func(o nested) bool { return o.name == q.name }) {
				out = append(out, q)
			}
		}
	}
	return out
}

// preProj is the projection key that carries qs for a page's node e: one
// list of items per lookup, null where the node is not of its label.
func preProj(qs []nested) string {
	if len(qs) == 0 {
		return ""
	}
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = fmt.Sprintf("CASE WHEN e:%s THEN COLLECT { %s } END", q.label, q.page)
	}
	return ", _pre: [" + strings.Join(parts, ", ") + "]"
}
