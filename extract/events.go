package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/diplograph/diplograph/lexicon"
)

// eventID is the deterministic id of an event: the same event reported by
// two articles, in any language, gets the same id. Undated events are
// scoped to their article, since nothing else tells them apart.
func eventID(kind string, parts ...string) string {
	h := sha256.Sum256([]byte(kind + "|" + strings.Join(parts, "|")))
	return kind + "-" + hex.EncodeToString(h[:8])
}

func (d *doc) scope(date string) string {
	if date != "" {
		return date
	}
	if d.opt.ArticleID == "" {
		d.opt.ArticleID = ArticleID(d.text) // hashed only when an event needs it
	}
	return "article:" + d.opt.ArticleID
}

func (d *doc) findEvents() {
	d.findMeetings()
	d.findSummits()
	d.findAgreements()
	d.finishMeetings()
	d.findVisits()
	d.findUpgrades()
	d.findStatements()
	d.link()
}

// live returns the first mention of type t in sentence s that reports
// something happening now: not future, not background, not negated.
func (d *doc) live(s int, t string) (int, *lexicon.Entry) {
	for _, i := range d.find(s, t) {
		e := d.entry(i, t)
		if e.Flag == "future" || e.Flag == "past" {
			continue
		}
		if d.flagged(i, "past") || d.flagged(i, "future") || d.flagged(i, "negation") {
			continue
		}
		return i, e
	}
	return -1, nil
}

// parties returns the countries a sentence names as acting: its actors'
// countries, then country names that are not the place of something.
func (d *doc) parties(s int) (fromActors, named []string) {
	for _, a := range d.actors[s] {
		fromActors = addUnique(fromActors, a.country)
	}
	for _, i := range d.find(s, "country") {
		if d.used[i] || d.isLocation(i) || d.ments[i].First < d.dlEnd {
			continue
		}
		code := d.entry(i, "country").ID
		// Blocs are named as parties far less often than as the setting
		// ("the SCO summit"); the EU is the exception that signs and visits.
		if c := d.lx.Countries[code]; c.Kind == "bloc" && code != "EU" {
			continue
		}
		named = addUnique(named, code)
	}
	// a capital named as an actor stands for its country: «مباحثات بين
	// الرياض وطهران», "Beijing and Moscow agreed"
	for _, i := range d.find(s, "place") {
		if d.used[i] || d.isLocation(i) || d.inActor(s, i) || d.ments[i].First < d.dlEnd {
			continue
		}
		if c := d.capitalOf(d.entry(i, "place").ID); c != "" {
			named = addUnique(named, c)
		}
	}
	for _, i := range d.find(s, "group") {
		for _, c := range d.lx.Groups[d.entry(i, "group").ID] {
			named = addUnique(named, c)
		}
	}
	// "the Chinese side", «الجانب الكويتي»
	for _, i := range d.find(s, "side") {
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(d.ments) && d.sentenceOf(j) == s && d.is(j, "demonym") {
				named = addUnique(named, d.entry(j, "demonym").ID)
			}
		}
	}
	return fromActors, named
}

// locatives are the words that make the country after them a place.
var locatives = map[string]bool{"في": true, "الي": true, "الى": true, "داخل": true, "in": true, "to": true, "into": true, "at": true, "arrived": true, "visit": true}

func (d *doc) isLocation(i int) bool {
	m := d.ments[i]
	if k := m.First - 1; k >= 0 && locatives[d.toks[k].Norm] {
		return true
	}
	// a clitic preposition: بالصين, في + ...
	t := d.toks[m.First].Norm
	if d.lang == "ar" && (strings.HasPrefix(t, "بال") || strings.HasPrefix(t, "وبال")) {
		return true
	}
	return false
}

// place returns the most specific place named in sentence s, not counting
// places that are part of a title ("Crown Prince of Abu Dhabi").
func (d *doc) place(s int) *lexicon.Place {
	var best *lexicon.Place
	spec := map[string]int{"venue": 3, "city": 2, "province": 1, "region": 0}
	for _, i := range d.find(s, "place") {
		if d.used[i] || d.inActor(s, i) {
			continue
		}
		p := d.lx.Places[d.entry(i, "place").ID]
		if best == nil || spec[p.Kind] > spec[best.Kind] {
			best = p
		}
	}
	if best == nil && len(d.find(s, "here")) > 0 && d.dateline != nil && d.dateline.PlaceID != "" {
		best = d.lx.Places[d.dateline.PlaceID]
	}
	return best
}

func (d *doc) inActor(s, i int) bool {
	m := d.ments[i]
	for _, a := range d.actors[s] {
		if m.First >= a.first && m.Last <= a.last {
			return true
		}
	}
	// «ولي عهد أبوظبي»: a place right after a title belongs to it
	if k := i - 1; k >= 0 && d.sentenceOf(k) == s && d.is(k, "title") && d.ments[k].Last == m.First {
		return true
	}
	return false
}

// placeName is the city of a place: the venue's city when it is a venue.
func (d *doc) placeName(p *lexicon.Place) string {
	if p == nil {
		return ""
	}
	if p.Kind == "venue" && p.Parent != "" {
		if c := d.lx.Places[p.Parent]; c != nil {
			return c.Name
		}
	}
	return p.Name
}

func (d *doc) placeCountry(p *lexicon.Place) string {
	for p != nil {
		if p.Country != "" {
			return p.Country
		}
		p = d.lx.Places[p.Parent]
	}
	return ""
}

func (d *doc) participant(a actor, role string) Participant {
	p := Participant{Country: a.country, Office: a.office, Role: role, inferred: a.inferred}
	if a.person != nil {
		p.ID, p.Name = a.person.ID, a.person.Name
	}
	return p
}

// mainMeeting is the first meeting found: the one an article is about.
func (d *doc) mainMeeting() *Meeting {
	if len(d.res.Meetings) == 0 {
		return nil
	}
	return &d.res.Meetings[0]
}

// dyad returns the countries the article is about: those of its main
// meeting, else the two it names most. "The two sides", "the six leaders"
// refer to them.
func (d *doc) dyad() []string {
	if m := d.mainMeeting(); m != nil {
		return m.Countries
	}
	if d.named == nil {
		d.named = d.mostNamed()
	}
	return d.named
}

// mostNamed returns the two countries the article names most as parties.
func (d *doc) mostNamed() []string {
	count := map[string]int{}
	var order []string
	for s := range d.sents {
		a, n := d.parties(s)
		for _, c := range append(a, n...) {
			if count[c] == 0 {
				order = append(order, c)
			}
			count[c]++
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return count[b] - count[a] })
	if len(order) >= 2 {
		return sortedSet(order[:2])
	}
	return []string{}
}

func (d *doc) findMeetings() {
	for s := range d.sents {
		i, e := d.live(s, "meeting")
		if i < 0 {
			if j, e := d.live(s, "sign"); j >= 0 && (e.ID == "signed" || e.ID == "witnessed") {
				d.signersMet(s, j)
			} else if len(d.find(s, "attend")) > 0 {
				d.addAttendees(s)
			}
			continue
		}
		fromActors, named := d.parties(s)
		countries := slices.Clone(fromActors)
		if e.Flag == "weak" && len(countries) < 2 {
			continue
		}
		if bt := d.betweenParties(s, i); len(bt) >= 2 {
			countries, fromActors = bt, bt
		}
		if len(countries) < 2 {
			for _, c := range named {
				countries = addUnique(countries, c)
			}
		}
		if len(countries) == 0 {
			countries = slices.Clone(d.summitMembers(s))
		}
		// "before the meeting", «عقب المحادثات»: the meeting already found
		if m := d.mainMeeting(); m != nil && d.definite(i) && !slices.Equal(sortedSet(countries), m.Countries) {
			m.Evidence = appendEvidence(m.Evidence, d.evidence(s))
			d.addParticipants(m, s, i)
			continue
		}
		if len(countries) < 2 && len(d.find(s, "both")) > 0 {
			if m := d.mainMeeting(); m != nil {
				countries = append(countries, m.Countries...)
			}
		}
		// «أجرى شي محادثات مع سعيد»: one side named, the other only by a
		// name the lexicon lacks; the article's two main countries fill in.
		if len(countries) == 1 && e.Flag != "weak" && d.mainMeeting() == nil && d.withAfter(i) {
			if dy := d.dyad(); len(dy) == 2 && slices.Contains(dy, countries[0]) {
				countries = dy
			}
		}
		countries = sortedSet(countries)
		if len(countries) < 2 {
			// «المحادثات» on its own refers back to the meeting already found.
			if m := d.mainMeeting(); m != nil {
				m.Evidence = append(m.Evidence, d.evidence(s))
				d.addParticipants(m, s, i)
			}
			continue
		}
		kind := e.ID
		if d.phone(s) {
			kind = "phone_call"
		}
		pl := d.place(s)
		if kind == "phone_call" {
			pl = nil // the place of a call is at best where one side sat
		}
		m := Meeting{
			Kind:       kind,
			Countries:  countries,
			Place:      d.placeName(pl),
			Date:       d.sentenceDate(s),
			Evidence:   []Evidence{d.evidence(s)},
			Confidence: 0.8,
		}
		if pl != nil {
			m.PlaceID = pl.ID
		}
		if len(fromActors) >= 2 {
			m.Confidence = 0.9
		}
		d.mergeMeeting(m, s, i)
	}
}

// finishMeetings folds partial reports into the meetings they describe and
// gives meetings their ids and people.
func (d *doc) finishMeetings() {
	d.foldPartial()
	lead := d.leadDate()
	for k := range d.res.Meetings {
		m := &d.res.Meetings[k]
		if m.Date == "" {
			m.Date = lead
		}
		m.ID = eventID("meeting", strings.Join(m.Countries, ","), d.scope(m.Date))
		for _, p := range m.Participants {
			if p.Name != "" {
				m.People = addUnique(m.People, p.Name)
			}
		}
		if m.People == nil {
			m.People = []string{}
		}
		if m.Participants == nil {
			m.Participants = []Participant{}
		}
	}
}

// mergeMeeting adds m, or folds it into a meeting of the same countries.
func (d *doc) mergeMeeting(m Meeting, s, trig int) {
	for k := range d.res.Meetings {
		old := &d.res.Meetings[k]
		if !slices.Equal(old.Countries, m.Countries) || old.Date != "" && m.Date != "" && old.Date != m.Date {
			continue
		}
		old.Evidence = append(old.Evidence, m.Evidence...)
		if old.Date == "" {
			old.Date = m.Date
		}
		if old.Place == "" {
			old.Place, old.PlaceID = m.Place, m.PlaceID
		}
		d.addParticipants(old, s, trig)
		return
	}
	d.res.Meetings = append(d.res.Meetings, m)
	d.addParticipants(&d.res.Meetings[len(d.res.Meetings)-1], s, trig)
}

// addParticipants adds the actors of sentence s to m with their roles.
func (d *doc) addParticipants(m *Meeting, s, trig int) {
	hostCountry := ""
	if p := d.lx.Places[m.PlaceID]; p != nil {
		hostCountry = d.placeCountry(p)
	}
	reception := d.entry(trig, "meeting") != nil && d.entry(trig, "meeting").ID == "reception"
	attend := len(d.find(s, "attend")) > 0
	for k, a := range d.actors[s] {
		if !slices.Contains(m.Countries, a.country) {
			continue
		}
		role := "participant"
		switch {
		case attend && k > 0 && d.hasHeadOf(m, a.country):
			role = "attendee"
		case a.visiting:
			role = "guest"
		case hostCountry != "" && slices.Contains(m.Countries, hostCountry):
			if a.country == hostCountry {
				role = "host"
			} else {
				role = "guest"
			}
		case reception:
			if k == 0 {
				role = "host"
			} else {
				role = "guest"
			}
		}
		d.addParticipant(&m.Participants, d.participant(a, role))
	}
}

// hasHeadOf reports whether m already has a participant of country.
func (d *doc) hasHeadOf(m *Meeting, country string) bool {
	for _, p := range m.Participants {
		if p.Country == country && p.Role != "attendee" {
			return true
		}
	}
	return false
}

func (d *doc) addParticipant(ps *[]Participant, p Participant) {
	for k, old := range *ps {
		if old.ID != "" && old.ID == p.ID || old.ID == "" && p.ID == "" && old.Country == p.Country && old.Office == p.Office {
			if old.Role == "participant" {
				(*ps)[k].Role = p.Role
			}
			return
		}
		// an office holder named later: «وزير الخارجية العراقي» then the name
		if old.ID == "" && p.ID != "" && old.Country == p.Country && old.Office == p.Office {
			(*ps)[k] = p
			return
		}
	}
	*ps = append(*ps, p)
}

// addAttendees adds the people of a sentence such as «حضر الأنشطة ...» to
// the meeting found last.
func (d *doc) addAttendees(s int) {
	if len(d.res.Meetings) == 0 || len(d.actors[s]) == 0 {
		return
	}
	m := &d.res.Meetings[len(d.res.Meetings)-1]
	for _, a := range d.actors[s] {
		if slices.Contains(m.Countries, a.country) && a.person != nil {
			d.addParticipant(&m.Participants, d.participant(a, "attendee"))
		}
	}
	m.Evidence = append(m.Evidence, d.evidence(s))
}

// signersMet records the meeting of people of two or more countries who sign
// or witness a signing together: "the signing ceremony took place in the
// presence of President X and his counterparts ...".
func (d *doc) signersMet(s, sign int) {
	fromActors, _ := d.parties(s)
	if len(fromActors) < 2 {
		return
	}
	pl := d.place(s)
	m := Meeting{Kind: "meeting", Countries: sortedSet(fromActors), Place: d.placeName(pl), Date: d.sentenceDate(s),
		Evidence: []Evidence{d.evidence(s)}, Confidence: 0.7}
	if pl != nil {
		m.PlaceID = pl.ID
	}
	d.mergeMeeting(m, s, sign)
}

// phone reports a phone or video call in sentence s.
func (d *doc) phone(s int) bool {
	for _, i := range d.find(s, "meeting") {
		if d.entry(i, "meeting").ID == "phone_call" {
			return true
		}
	}
	return false
}

// capitalOf returns the country whose capital is place, or "".
func (d *doc) capitalOf(place string) string {
	p := d.lx.Places[place]
	if p == nil || p.Country == "" {
		return ""
	}
	if c := d.lx.Countries[p.Country]; c != nil && c.Capital == place {
		return c.Code
	}
	return ""
}

// betweenParties reads "talks between X and Y" right after trigger i.
func (d *doc) betweenParties(s, trig int) []string {
	k := d.ments[trig].Last
	if k >= len(d.toks) || d.toks[k].Sentence != s || d.toks[k].Norm != "بين" && d.toks[k].Norm != "between" {
		return nil
	}
	var out []string
	for _, i := range d.sentMents[s] {
		m := d.ments[i]
		if m.First <= k {
			continue
		}
		if m.First > k+8 {
			break
		}
		switch {
		case d.is(i, "country"):
			out = addUnique(out, d.entry(i, "country").ID)
		case d.is(i, "demonym"):
			out = addUnique(out, d.entry(i, "demonym").ID)
		case d.is(i, "place"):
			out = addUnique(out, d.capitalOf(d.entry(i, "place").ID))
		}
		for _, a := range d.actors[s] {
			if a.first == m.First {
				out = addUnique(out, a.country)
			}
		}
	}
	return sortedSet(out)
}

// withAfter reports "with"/«مع» right after mention i.
func (d *doc) withAfter(i int) bool {
	for k := d.ments[i].Last; k < len(d.toks) && k <= d.ments[i].Last+3; k++ {
		if d.toks[k].Norm == "مع" || d.toks[k].Norm == "with" {
			return true
		}
	}
	return false
}

// summitMembers returns the members of a fixed-format summit named in
// sentence s ("the China-Central Asia Summit"): its participants when the
// sentence names no one.
func (d *doc) summitMembers(s int) []string {
	for _, i := range d.find(s, "org") {
		if o := d.lx.Orgs[d.entry(i, "org").ID]; (o.Kind == "summit" || o.Kind == "forum") && len(o.Countries) >= 3 {
			return o.Countries
		}
	}
	return nil
}

// definite reports a trigger that is a definite noun: "the meeting",
// «المحادثات», «اللقاء».
func (d *doc) definite(i int) bool {
	m := d.ments[i]
	if m.First > 0 {
		switch d.toks[m.First-1].Norm {
		case "the", "this", "that", "these":
			return true
		}
	}
	t := d.toks[m.First].Text
	for _, p := range []string{"ال", "وال", "فال", "بال", "لل"} {
		if strings.HasPrefix(t, p) {
			return d.lang == "ar"
		}
	}
	return false
}

// foldPartial merges a meeting into a larger one of the same article that
// includes all its countries when it names at most one person: a headline
// ("Blinken's meeting with UK counterparts") reporting part of the meeting
// the body describes. Two named people make a meeting of its own (a
// bilateral beside a trilateral).
func (d *doc) foldPartial() {
	ms := d.res.Meetings
	for k := 0; k < len(ms); k++ {
		small := ms[k]
		named := 0
		for _, p := range small.Participants {
			if p.ID != "" && !p.inferred {
				named++
			}
		}
		if named > 1 {
			continue
		}
		for j := range ms {
			big := &ms[j]
			if j == k || len(big.Countries) <= len(small.Countries) || small.Date != "" && big.Date != "" && small.Date != big.Date ||
				slices.ContainsFunc(small.Countries, func(c string) bool { return !slices.Contains(big.Countries, c) }) {
				continue
			}
			big.Evidence = appendEvidence(big.Evidence, small.Evidence...)
			for _, p := range small.Participants {
				d.addParticipant(&big.Participants, p)
			}
			ms = slices.Delete(ms, k, k+1)
			k--
			break
		}
	}
	d.res.Meetings = ms
}

// leadDate is the day the lead sentence gives for today's news ("XI'AN, May
// 18 (Xinhua) -- ... on Thursday", «هانوي 12 ديسمبر 2023 (شينخوا) ... اليوم
// (الثلاثاء)»): the day of the events an agency story reports without
// dating them again.
func (d *doc) leadDate() string {
	if d.dateline == nil || d.dateline.Date == "" {
		return ""
	}
	for s := 0; s < len(d.sents) && s < 3; s++ {
		if len(d.find(s, "dayrel")) > 0 || len(d.find(s, "weekday")) > 0 {
			return d.sentenceDate(s)
		}
	}
	return ""
}
