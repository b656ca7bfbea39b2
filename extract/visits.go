package extract

import (
	"slices"
	"strings"

	"github.com/diplograph/diplograph/lexicon"
)

var visitKindRank = map[string]int{"unspecified": 0, "working": 1, "official": 2, "state": 3}

func (d *doc) findVisits() {
	for s := range d.sents {
		for _, i := range d.find(s, "visit") {
			e := d.entry(i, "visit")
			if e.Flag == "past" || d.flagged(i, "past") || d.flagged(i, "negation") {
				continue
			}
			status := "made"
			if e.Flag == "future" || d.flagged(i, "future") {
				status = "announced"
			}
			hosts, from := d.visitHost(s, i)
			var a *actor
			var vc string
			if len(hosts) == 0 {
				var host string
				if a, vc, host = d.homeVisit(s, i); host == "" {
					a, vc, host = d.pairVisit(s, i)
				}
				if host == "" {
					continue
				}
				hosts = []string{host}
			} else {
				a, vc = d.visitor(s, i, hosts)
			}
			if from != "" && a == nil {
				vc = from
			}
			if vc == "" {
				continue
			}
			for _, host := range hosts {
				if host == vc {
					continue
				}
				kind := d.visitKind(s, i)
				v := Visit{
					VisitorCountry: vc,
					HostCountry:    host,
					Kind:           kind,
					Status:         status,
					Evidence:       []Evidence{d.evidence(s)},
					Confidence:     0.8,
				}
				if a != nil && a.person != nil {
					v.Visitor, v.VisitorID = a.person.Name, a.person.ID
					v.Confidence = 0.9
				}
				if status == "made" {
					v.Date = d.sentenceDate(s)
				}
				d.mergeVisit(v)
			}
		}
	}
	d.impliedVisits()
	for k := range d.res.Visits {
		v := &d.res.Visits[k]
		if v.Date == "" && v.Status == "made" {
			v.Date = d.meetingDay(v.VisitorCountry, v.HostCountry)
		}
		// A visit lasts days and two reports date it by different days:
		// its month, with the two countries, identifies it.
		var scope string
		if len(v.Date) >= 7 {
			scope = v.Date[:7]
		} else {
			scope = d.scope("")
		}
		v.ID = eventID("visit", v.VisitorCountry, v.HostCountry, scope)
	}
}

// impliedVisits adds the visit a meeting abroad implies when the article
// says a visit is going on without saying where: a visiting guest, a visit
// word in the meeting's own sentences, or «الزيارة» with no destination in
// a sentence that names the guest.
func (d *doc) impliedVisits() {
	for _, m := range d.res.Meetings {
		if len(m.Countries) != 2 || m.Kind == "phone_call" {
			continue
		}
		host := d.placeCountry(d.lx.Places[m.PlaceID])
		if !slices.Contains(m.Countries, host) {
			continue
		}
		guest := m.Countries[0]
		if guest == host {
			guest = m.Countries[1]
		}
		var visitor *Participant
		for k, p := range m.Participants {
			if p.Country == guest && p.Role != "attendee" {
				visitor = &m.Participants[k]
				break
			}
		}
		if !d.visitSaid(m) && (visitor == nil || visitor.Role != "guest" || !d.visiting(guest)) {
			continue
		}
		v := Visit{VisitorCountry: guest, HostCountry: host, Kind: "unspecified", Status: "made",
			Date: m.Date, Place: m.Place, PlaceID: m.PlaceID, Evidence: m.Evidence[:1], Confidence: 0.6}
		if visitor != nil {
			v.Visitor, v.VisitorID = visitor.Name, visitor.ID
		}
		d.mergeVisit(v)
	}
}

// visitSaid reports a live visit word in one of m's sentences, or, in
// Arabic, «الزيارة» with no destination: Arabic reports name the visit they
// are about that way, English ones name a destination.
func (d *doc) visitSaid(m Meeting) bool {
	for s := range d.sents {
		i, _ := d.live(s, "visit")
		if i < 0 {
			continue
		}
		hosts, _ := d.visitHost(s, i)
		host := d.placeCountry(d.lx.Places[m.PlaceID])
		if slices.ContainsFunc(m.Evidence, func(e Evidence) bool { return e.Sentence == s }) && (len(hosts) == 0 || slices.Contains(hosts, host)) {
			return true
		}
		if len(hosts) == 0 && d.lang == "ar" {
			// «ووصف بوتين الزيارة»: the visit the article is about
			return true
		}
	}
	return false
}

// visiting reports an actor of country introduced as visiting.
func (d *doc) visiting(country string) bool {
	for _, as := range d.actors {
		for _, a := range as {
			if a.visiting && a.country == country {
				return true
			}
		}
	}
	return false
}

// pairVisit reads «رفعت فيتنام والإمارات ... خلال الزيارة الرسمية لرئيس
// الوزراء»: a visit with no destination in a sentence that names two
// countries, one of them the visitor's; the other hosts.
func (d *doc) pairVisit(s, trig int) (*actor, string, string) {
	fromActors, named := d.parties(s)
	cs := sortedSet(append(fromActors, named...))
	if len(cs) != 2 {
		return nil, "", ""
	}
	// the visitor follows the visit word: «الزيارة الرسمية لرئيس الوزراء», "a visit by"
	var a *actor
	for k := range d.actors[s] {
		if b := &d.actors[s][k]; b.first >= d.ments[trig].Last && b.first <= d.ments[trig].Last+3 {
			a = b
			break
		}
	}
	if a == nil || !slices.Contains(cs, a.country) {
		return nil, "", ""
	}
	vc := a.country
	if cs[0] == vc {
		return a, vc, cs[1]
	}
	return a, vc, cs[0]
}

// visitKind is the kind the visit word or the sentence names: «زيارة دولة»,
// «الذي يقوم بزيارة دولة» (a longer trigger may have taken «بزيارة»).
func (d *doc) visitKind(s, i int) string {
	if k := d.entry(i, "visit").ID; k != "unspecified" {
		return k
	}
	if ks := d.find(s, "visit_kind"); len(ks) > 0 {
		return d.entry(ks[0], "visit_kind").ID
	}
	if k := d.ments[i].Last; k < len(d.toks) {
		switch d.toks[k].Key {
		case "دوله", "state":
			return "state"
		case "رسميه", "official":
			return "official"
		case "عمل", "working":
			return "working"
		}
	}
	return "unspecified"
}

// meetingDay returns the day of a dated meeting between the two countries.
func (d *doc) meetingDay(a, b string) string {
	for _, m := range d.res.Meetings {
		if m.Date != "" && slices.Contains(m.Countries, a) && slices.Contains(m.Countries, b) {
			return m.Date
		}
	}
	return ""
}

func (d *doc) mergeVisit(v Visit) {
	for k := range d.res.Visits {
		old := &d.res.Visits[k]
		if old.VisitorCountry != v.VisitorCountry || old.HostCountry != v.HostCountry {
			continue
		}
		if visitKindRank[v.Kind] > visitKindRank[old.Kind] {
			old.Kind = v.Kind
		}
		if v.Status == "made" && old.Status != "made" {
			old.Status = "made"
			old.Date = v.Date
		}
		if old.Visitor == "" {
			old.Visitor, old.VisitorID = v.Visitor, v.VisitorID
		}
		if old.Date == "" {
			old.Date = v.Date
		}
		if old.PlaceID == "" {
			old.Place, old.PlaceID = v.Place, v.PlaceID
		}
		old.Evidence = appendEvidence(old.Evidence, v.Evidence...)
		return
	}
	d.res.Visits = append(d.res.Visits, v)
}

func appendEvidence(evs []Evidence, more ...Evidence) []Evidence {
	for _, e := range more {
		if !slices.ContainsFunc(evs, func(o Evidence) bool { return o.Sentence == e.Sentence }) {
			evs = append(evs, e)
		}
	}
	return evs
}

// visitHost finds where a visit goes: the country or place after the visit
// word — and the countries joined to it, "his visits to Japan and China" —
// or the country of whoever invited the visitor. "from X to Y" also names
// the visitor's country.
func (d *doc) visitHost(s, trig int) (hosts []string, from string) {
	for _, j := range d.find(s, "invitation") {
		for _, a := range d.actors[s] {
			if a.first >= d.ments[j].Last && a.first <= d.ments[j].Last+3 {
				return []string{a.country}, ""
			}
		}
	}
	end := d.ments[trig].Last
	last := -1 // token after the last host found
	for _, j := range d.sentMents[s] {
		m := d.ments[j]
		if m.First < end || m.First > end+14 {
			continue
		}
		if last >= 0 && !d.joined(last, m.First) {
			break
		}
		// the destination follows the visit word, or a preposition of
		// direction: «يزور جاباروف الصين», «إلى روسيا», «لبريطانيا», "to India"
		if d.inActor(s, j) || last < 0 && m.First > end+1 && !d.towards(m.First) && !d.isFrom(m.First) {
			continue
		}
		c := ""
		if e := d.entry(j, "country"); e != nil {
			c = e.ID
		} else if e := d.entry(j, "place"); e != nil {
			c = d.placeCountry(d.lx.Places[e.ID])
		} else if e := d.entry(j, "demonym"); e != nil && d.capitalNear(m) {
			c = e.ID // "the Kyrgyz capital", «العاصمة الفرنسية»
		}
		if c == "" {
			continue
		}
		if d.isFrom(m.First) && from == "" && last < 0 {
			from = c
			continue
		}
		hosts = addUnique(hosts, c)
		last = m.Last
	}
	// "his Japan visit": the destination named right before the word
	if len(hosts) == 0 && d.lang == "en" {
		if j := slices.Index(d.sentMents[s], trig); j > 0 {
			if p := d.sentMents[s][j-1]; d.ments[p].Last == d.ments[trig].First && d.is(p, "country") {
				hosts = []string{d.entry(p, "country").ID}
			}
		}
	}
	return hosts, from
}

// homeVisit reads «وصل إلى البلاد», "arrived in the kingdom": a visit to
// the outlet's own country, which is the other side of the article: the
// visitor is the actor nearest the visit word, the host the other country
// of the sentence or of the article's main meeting.
func (d *doc) homeVisit(s, trig int) (*actor, string, string) {
	home := false
	for _, j := range d.find(s, "home") {
		if m := d.ments[j]; m.First >= d.ments[trig].Last && m.First <= d.ments[trig].Last+8 {
			home = true
		}
	}
	if !home {
		return nil, "", ""
	}
	a, vc := d.visitor(s, trig, nil)
	if vc == "" {
		return nil, "", ""
	}
	candidates := d.dyad()
	for _, b := range d.actors[s] {
		candidates = append([]string{b.country}, candidates...)
	}
	for _, c := range candidates {
		if c != "" && c != vc {
			return a, vc, c
		}
	}
	return nil, "", ""
}

// capitalNear reports the word "capital" next to mention m.
func (d *doc) capitalNear(m lexicon.Mention) bool {
	for _, k := range []int{m.First - 1, m.Last} {
		if k >= 0 && k < len(d.toks) {
			if key := lexicon.Key(d.toks[k].Text); key == "capital" || key == "عاصمه" {
				return true
			}
		}
	}
	return false
}

// joined reports that tokens [lo, hi) only coordinate: ",", "and", «و».
func (d *doc) joined(lo, hi int) bool {
	for k := lo; k < hi; k++ {
		switch d.toks[k].Norm {
		case ",", "،", "and", "و":
		default:
			return false
		}
	}
	return true
}

// towards reports a preposition of direction or place before token k,
// an article between them allowed ("to the Philippines").
func (d *doc) towards(k int) bool {
	p := k - 1
	if p > 0 && (d.toks[p].Norm == "the" || d.toks[p].Norm == "a") {
		p--
	}
	if p > 0 && d.toks[p].Norm == "من" && d.toks[p-1].Norm == "لكل" {
		return true
	}
	if p >= 0 {
		switch d.toks[p].Norm {
		case "الي", "الى", "في", "to", "in", "into", "for", "at", "arrived", "visit", "visiting", "visited":
			return true
		}
	}
	t := d.toks[k].Text
	return d.lang == "ar" && (strings.HasPrefix(t, "ل") && !strings.HasPrefix(t, "لل") || strings.HasPrefix(t, "لل") || strings.HasPrefix(t, "ب"))
}

func (d *doc) isFrom(k int) bool {
	if k == 0 {
		return false
	}
	switch d.toks[k-1].Norm {
	case "from", "قادما":
		return true
	case "من": // «لكل من روسيا وألمانيا» is "to each of", not "from"
		return k < 2 || d.toks[k-2].Key != "كل" && d.toks[k-2].Norm != "لكل"
	}
	return false
}

// visitor finds who makes the visit: the actor nearest the visit word whose
// country is not the host.
func (d *doc) visitor(s, trig int, hosts []string) (*actor, string) {
	var best *actor
	dist := 1 << 30
	m := d.ments[trig]
	for k := range d.actors[s] {
		a := &d.actors[s][k]
		if slices.Contains(hosts, a.country) || a.country == "" {
			continue
		}
		dd := m.First - a.last
		if a.first >= m.Last {
			dd = a.first - m.Last + 1 // a verb-first sentence names the visitor after the verb
		}
		if dd < 0 {
			dd = -dd
		}
		if dd < dist {
			best, dist = a, dd
		}
	}
	if best != nil {
		return best, best.country
	}
	_, named := d.parties(s)
	var others []string
	for _, c := range named {
		if !slices.Contains(hosts, c) {
			others = append(others, c)
		}
	}
	if len(others) == 1 {
		return nil, others[0]
	}
	if dy := d.dyad(); len(dy) == 2 && len(hosts) == 1 && slices.Contains(dy, hosts[0]) {
		if dy[0] == hosts[0] {
			return nil, dy[1]
		}
		return nil, dy[0]
	}
	return nil, ""
}

func (d *doc) findSummits() {
	for s := range d.sents {
		for _, i := range d.find(s, "org") {
			o := d.lx.Orgs[d.entry(i, "org").ID]
			if o.Kind != "summit" && o.Kind != "forum" {
				continue
			}
			if d.flagged(i, "past") {
				continue
			}
			year := ""
			if d.ref != "" {
				year = d.ref[:4]
			}
			sm := Summit{OrgID: o.ID, Name: o.Name, Countries: sortedSet(o.Countries), Evidence: []Evidence{d.evidence(s)}}
			if sm.Countries == nil {
				sm.Countries = []string{}
			}
			pl := d.place(s)
			if pl == nil && d.dateline != nil && d.dateline.PlaceID != "" {
				if p := d.lx.Places[d.dateline.PlaceID]; slices.Contains(o.Countries, d.placeCountry(p)) {
					pl = p
				}
			}
			if pl != nil {
				sm.Place, sm.PlaceID = d.placeName(pl), pl.ID
			}
			sm.Date = d.sentenceDate(s)
			sm.ID = eventID("summit", o.ID, year)
			if year == "" {
				sm.ID = eventID("summit", o.ID, d.scope(""))
			}
			merged := false
			for k := range d.res.Summits {
				if d.res.Summits[k].ID == sm.ID {
					d.res.Summits[k].Evidence = appendEvidence(d.res.Summits[k].Evidence, sm.Evidence...)
					merged = true
				}
			}
			if !merged {
				d.res.Summits = append(d.res.Summits, sm)
			}
		}
	}
}

// summitIn returns the summit named in sentence s, or "".
func (d *doc) summitIn(s int) string {
	for _, sm := range d.res.Summits {
		for _, ev := range sm.Evidence {
			if ev.Sentence == s {
				return sm.ID
			}
		}
	}
	// «لحضور القمة»: the summit named earlier
	if len(d.find(s, "summit_word")) > 0 && len(d.res.Summits) == 1 {
		return d.res.Summits[0].ID
	}
	return ""
}
