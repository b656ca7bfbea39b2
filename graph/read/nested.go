package read

import (
	"fmt"
	"strings"
)

// nested is a list hanging from a node: the participants of a meeting, the
// sources of an event, the signatories of an agreement. The loaders read it
// for many nodes in one statement; a page whose client selected it reads it
// with its rows instead (see prefetch), sparing that statement.
type nested struct {
	name  string // names the lookup in logs and in the loaders
	label string // of the node it hangs from
	// body is Cypher that, for the node bound to variable v, returns the
	// items in order, one map per row.
	body func(v string) string
}

func keyProp(label string) string {
	if label == "Country" {
		return "code"
	}
	return "id"
}

// rel is the loaders' lookup of q for a batch of keys.
func (q nested) rel() rel {
	return rel{q.name, fmt.Sprintf("UNWIND $keys AS key MATCH (n:%s {%s: key}) RETURN key, COLLECT { %s } AS items",
		q.label, keyProp(q.label), q.body("n")), q.label}
}

func participantsOf(label string) nested {
	return nested{"participants of " + label, label, func(v string) string {
		return fmt.Sprintf(`MATCH (%s)<-[r:PARTICIPATED_IN]-(p:Person)
			WITH r, p ORDER BY CASE r.role WHEN 'host' THEN 0 WHEN 'visitor' THEN 1 WHEN 'guest' THEN 2 ELSE 3 END, p.name
			RETURN {role: r.role, person: %s}`, v, ref("p", "Person"))
	}}
}

func sourcesOf(label string) nested {
	return nested{"sources of " + label, label, func(v string) string {
		return fmt.Sprintf(`MATCH (%s)-[r:REPORTED_IN]->(a:Article)
			WITH r, a ORDER BY a.published, a.id, r.sentence
			RETURN {rep: r {.*}, article: %s}`, v, projAs("a", "Article"))
	}}
}

// linkedOf is the nodes that link reaches: people and countries as
// references to the caches, other nodes whole.
func linkedOf(link Link) nested {
	px := proj("x")
	tl := ""
	switch link.To {
	case "":
	case "Person", "Country":
		tl, px = ":"+link.To, ref("x", link.To)
	default:
		tl, px = ":"+link.To, projAs("x", link.To)
	}
	return nested{link.From + link.Pattern + link.To, link.From, func(v string) string {
		return fmt.Sprintf(`MATCH (%s)%s(x%s) WITH DISTINCT x ORDER BY x.date DESC, x.name RETURN %s`, v, link.Pattern, tl, px)
	}}
}

// prefetchable are the nested lists a page may read with its rows, by the
// label of its rows and the GraphQL field that asks for them.
var prefetchable = map[[2]string]nested{
	{Meeting, "participants"}:   participantsOf(Meeting),
	{Meeting, "participations"}: participantsOf(Meeting),
	{Meeting, "partOf"}:         linkedOf(MeetingPartOf),
	{Meeting, "agreements"}:     linkedOf(MeetingAgreements),
	{Meeting, "upgrades"}:       linkedOf(MeetingUpgrades),
	{Visit, "visitor"}:          linkedOf(VisitVisitor),
	{Visit, "summit"}:           linkedOf(VisitSummit),
	{Visit, "meetings"}:         linkedOf(VisitMeetings),
	{Summit, "meetings"}:        linkedOf(SummitMeetings),
	{Summit, "visits"}:          linkedOf(SummitVisits),
	{Agreement, "signatories"}:  linkedOf(AgreementSigned),
	{Agreement, "witnesses"}:    linkedOf(AgreementWitnessed),
	{Agreement, "meeting"}:      linkedOf(AgreementMeeting),
	{Upgrade, "meeting"}:        linkedOf(UpgradeMeeting),
	{Statement, "by"}:           linkedOf(StatementBy),
	{Statement, "on"}:           linkedOf(StatementOn),
	{"Country", "supports"}:     linkedOf(CountrySupports),
	{Meeting, "sources"}:        sourcesOf(Meeting),
	{Visit, "sources"}:          sourcesOf(Visit),
	{Summit, "sources"}:         sourcesOf(Summit),
	{Agreement, "sources"}:      sourcesOf(Agreement),
	{Upgrade, "sources"}:        sourcesOf(Upgrade),
	{Statement, "sources"}:      sourcesOf(Statement),
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
			if ok && !containsNested(out, q.name) {
				out = append(out, q)
			}
		}
	}
	return out
}

func containsNested(qs []nested, name string) bool {
	for _, q := range qs {
		if q.name == name {
			return true
		}
	}
	return false
}

// preProj is the projection key that carries qs for the node variable v:
// one list of items per lookup, null where the node is not of its label.
func preProj(v string, qs []nested) string {
	if len(qs) == 0 {
		return ""
	}
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = fmt.Sprintf("CASE WHEN %s:%s THEN COLLECT { %s } END", v, q.label, q.body(v))
	}
	return ", _pre: [" + strings.Join(parts, ", ") + "]"
}
