package extract

import (
	"slices"
	"strings"
)

// speaker returns the country of whoever speaks in sentence s: its first
// actor, else the speaker of the sentence before ("وأوضح أن بلاده ...").
func (d *doc) speaker(s int) string {
	for ; s >= 0; s-- {
		if len(d.actors[s]) > 0 {
			return d.actors[s][0].country
		}
	}
	return ""
}

func (d *doc) findStatements() {
	for s := range d.sents {
		d.supportStatements(s)
		d.relationsEstablished(s)
		for _, i := range d.find(s, "org") {
			o := d.lx.Orgs[d.entry(i, "org").ID]
			if o.Kind != "project" {
				continue
			}
			d.addStatement(Statement{Kind: "project", Object: o.ID, Countries: sortedSet(o.Countries)}, s)
		}
	}
	for k := range d.res.Statements {
		st := &d.res.Statements[k]
		st.ID = eventID("statement", st.Kind, st.Subject, st.Object, strings.Join(st.Topics, ","), strings.Join(st.Countries, ","))
	}
}

// supportStatements reads «قرغيزستان تدعم مبادرة الأمن العالمي» and
// «تدعم بقوة موقف الصين بشأن القضايا المتعلقة بتايوان».
func (d *doc) supportStatements(s int) {
	for _, v := range d.find(s, "support") {
		if d.flagged(v, "negation") {
			continue
		}
		subject := ""
		// the subject stands before the verb: a country, an actor, or «بلاده»
		for _, i := range d.sentMents[s] {
			if i >= v {
				break
			}
			switch {
			case d.is(i, "country") && !d.used[i]:
				subject = d.entry(i, "country").ID
			case d.is(i, "own_country"):
				subject = d.speaker(s)
			}
		}
		if subject == "" {
			for _, a := range d.actors[s] {
				if a.last <= d.ments[v].First {
					subject = a.country
				}
			}
		}
		if subject == "" {
			continue
		}
		position := false
		var backed string
		var topics []string
		for _, i := range d.sentMents[s] {
			if i <= v {
				continue
			}
			switch {
			case d.is(i, "org"):
				if o := d.lx.Orgs[d.entry(i, "org").ID]; o.Kind == "initiative" {
					d.addStatement(Statement{Kind: "supports", Subject: subject, Object: o.ID, Countries: []string{subject}}, s)
				}
			case d.is(i, "position"):
				position = true
			case position && backed == "" && d.is(i, "country"):
				backed = d.entry(i, "country").ID
			case backed != "" && (d.is(i, "country") || d.is(i, "place")):
				if e := d.entry(i, "country"); e != nil {
					topics = addUnique(topics, d.lx.Countries[e.ID].Name)
				} else {
					topics = addUnique(topics, d.lx.Places[d.entry(i, "place").ID].Name)
				}
			}
		}
		if backed != "" && backed != subject {
			d.addStatement(Statement{Kind: "backs", Subject: subject, Object: backed, Topics: topics, Countries: sortedSet([]string{subject, backed})}, s)
		}
	}
}

// relationsEstablished reads «مرور 31 عاما على تأسيس العلاقات» and
// "established diplomatic relations in 1992".
func (d *doc) relationsEstablished(s int) {
	rel := d.find(s, "relations_established")
	if len(rel) == 0 {
		return
	}
	refYear := d.refYear
	year := 0
	sn := d.sents[s]
	for k := sn.First; k < sn.Last; k++ {
		n := atoi(strings.TrimSuffix(d.toks[k].Norm, "-year"))
		switch {
		case n >= 1900 && n <= refYear:
			year = n
		case n > 0 && n < 200 && refYear > 0 && k+1 < sn.Last && d.byTok[k+1] >= 0 && d.is(d.byTok[k+1], "year_word"):
			year = refYear - n
		case n > 0 && n < 200 && refYear > 0 && strings.HasSuffix(d.toks[k].Norm, "-year"):
			year = refYear - n
		}
	}
	if year == 0 {
		return
	}
	cs := d.countriesOf(s)
	if len(cs) != 2 {
		return
	}
	d.addStatement(Statement{Kind: "relations_established", Countries: cs, Year: year}, s)
}

func (d *doc) addStatement(st Statement, s int) {
	for k := range d.res.Statements {
		old := &d.res.Statements[k]
		if old.Kind == st.Kind && old.Subject == st.Subject && old.Object == st.Object && slices.Equal(old.Countries, st.Countries) {
			for _, t := range st.Topics {
				old.Topics = addUnique(old.Topics, t)
			}
			old.Evidence = appendEvidence(old.Evidence, d.evidence(s))
			return
		}
	}
	st.Evidence = []Evidence{d.evidence(s)}
	d.res.Statements = append(d.res.Statements, st)
}

// link ties events together: talks that are part of a visit or a summit,
// agreements and upgrades produced by a meeting, and fills dates from them.
func (d *doc) link() {
	for k := range d.res.Meetings {
		m := &d.res.Meetings[k]
		for _, v := range d.res.Visits {
			if v.Status == "made" && slices.Contains(m.Countries, v.HostCountry) && slices.Contains(m.Countries, v.VisitorCountry) &&
				(m.Date == "" || v.Date == "" || m.Date == v.Date) {
				m.PartOf = addUnique(m.PartOf, v.ID)
				// during a visit the visited side hosts
				for k, p := range m.Participants {
					switch {
					case p.Role == "attendee":
					case p.Country == v.HostCountry:
						m.Participants[k].Role = "host"
					case p.Country == v.VisitorCountry:
						m.Participants[k].Role = "guest"
					}
				}
			}
		}
		for _, ev := range m.Evidence {
			if len(d.find(ev.Sentence, "sideline")) > 0 {
				if sm := d.summitIn(ev.Sentence); sm != "" {
					m.PartOf = addUnique(m.PartOf, sm)
				}
			}
		}
	}
	for k := range d.res.Visits {
		v := &d.res.Visits[k]
		for _, ev := range v.Evidence {
			if sm := d.summitIn(ev.Sentence); sm != "" && v.Summit == "" {
				v.Summit = sm
			}
		}
	}
	producer := func(cs []string) *Meeting {
		for k := range d.res.Meetings {
			m := &d.res.Meetings[k]
			if len(cs) > 0 && !slices.ContainsFunc(cs, func(c string) bool { return !slices.Contains(m.Countries, c) }) {
				return m
			}
		}
		return nil
	}
	for k := range d.res.Agreements {
		a := &d.res.Agreements[k]
		if m := producer(a.Countries); m != nil {
			a.Meeting = m.ID
			if a.Date == "" {
				a.Date = m.Date
			}
		}
		// ids once dates are known: the day a document was signed is the
		// day of the meeting that produced it, in every report
		a.ID = eventID("agreement", a.Kind, strings.Join(a.Countries, ","), d.scope(a.Date))
	}
	for k := range d.res.PartnershipUpgrades {
		u := &d.res.PartnershipUpgrades[k]
		if m := producer(u.Countries); m != nil {
			u.Meeting = m.ID
			if u.Date == "" {
				u.Date = m.Date
			}
		}
	}
}

// collectEntities lists every country, person, place and organisation the
// events refer to, with names in both languages.
func (d *doc) collectEntities() {
	countries := map[string]bool{}
	people := map[string]bool{}
	places := map[string]bool{}
	orgs := map[string]bool{}
	addCountries := func(cs ...string) {
		for _, c := range cs {
			if c != "" {
				countries[c] = true
			}
		}
	}
	addPlace := func(id string) {
		for p := d.lx.Places[id]; p != nil && !places[p.ID]; p = d.lx.Places[p.Parent] {
			places[p.ID] = true
			addCountries(p.Country)
		}
	}
	addPeople := func(ps []Participant) {
		for _, p := range ps {
			addCountries(p.Country)
			if p.ID != "" {
				people[p.ID] = true
			}
		}
	}
	for _, m := range d.res.Meetings {
		addCountries(m.Countries...)
		addPeople(m.Participants)
		addPlace(m.PlaceID)
	}
	for _, v := range d.res.Visits {
		addCountries(v.VisitorCountry, v.HostCountry)
		if v.VisitorID != "" {
			people[v.VisitorID] = true
		}
		addPlace(v.PlaceID)
	}
	for _, a := range d.res.Agreements {
		addCountries(a.Countries...)
		addPeople(a.Participants)
	}
	for _, u := range d.res.PartnershipUpgrades {
		addCountries(u.Countries...)
	}
	for _, sm := range d.res.Summits {
		addCountries(sm.Countries...)
		addPlace(sm.PlaceID)
		orgs[sm.OrgID] = true
	}
	for _, st := range d.res.Statements {
		addCountries(st.Subject)
		addCountries(st.Countries...)
		if d.lx.Countries[st.Object] != nil {
			addCountries(st.Object)
		} else if st.Object != "" {
			orgs[st.Object] = true
		}
	}
	// initiatives and organisations named anywhere are entities too
	for i := range d.ments {
		if e := d.entry(i, "org"); e != nil {
			orgs[e.ID] = true
		}
	}
	if d.dateline != nil {
		addPlace(d.dateline.PlaceID)
	}
	ents := &d.res.Entities
	for _, c := range sortedKeys(countries) {
		if lc := d.lx.Countries[c]; lc != nil {
			ents.Countries = append(ents.Countries, CountryRef{Code: c, Kind: lc.Kind, Name: lc.Name, NameAr: lc.NameAr, Aliases: lc.Aliases})
		}
	}
	for _, id := range sortedKeys(people) {
		p := d.lx.People[id]
		ref := PersonRef{ID: id, Name: p.Name, NameAr: p.NameAr, Aliases: p.Aliases}
		for _, o := range p.Offices {
			title := o.Office
			if t := d.lx.Offices[o.Office]; t != nil {
				title = t.Title
			}
			ref.Offices = append(ref.Offices, OfficeRef{Office: o.Office, Title: title, Country: o.Country, Since: o.Since, Until: o.Until})
			addCountries(o.Country)
		}
		ents.People = append(ents.People, ref)
	}
	// offices may name countries not yet listed
	for _, c := range sortedKeys(countries) {
		if lc := d.lx.Countries[c]; lc != nil && !slices.ContainsFunc(ents.Countries, func(r CountryRef) bool { return r.Code == c }) {
			ents.Countries = append(ents.Countries, CountryRef{Code: c, Kind: lc.Kind, Name: lc.Name, NameAr: lc.NameAr, Aliases: lc.Aliases})
		}
	}
	for _, id := range sortedKeys(places) {
		p := d.lx.Places[id]
		ents.Places = append(ents.Places, PlaceRef{ID: id, Kind: p.Kind, Name: p.Name, NameAr: p.NameAr, Country: p.Country, Parent: p.Parent, Aliases: p.Aliases})
	}
	for _, id := range sortedKeys(orgs) {
		o := d.lx.Orgs[id]
		ents.Orgs = append(ents.Orgs, OrgRef{ID: id, Kind: o.Kind, Name: o.Name, NameAr: o.NameAr, Countries: o.Countries, Aliases: o.Aliases})
	}
	if ents.Countries == nil {
		ents.Countries = []CountryRef{}
	}
	if ents.People == nil {
		ents.People = []PersonRef{}
	}
	if ents.Places == nil {
		ents.Places = []PlaceRef{}
	}
	if ents.Orgs == nil {
		ents.Orgs = []OrgRef{}
	}
	if d.res.Meetings == nil {
		d.res.Meetings = []Meeting{}
	}
	if d.res.Visits == nil {
		d.res.Visits = []Visit{}
	}
	if d.res.Agreements == nil {
		d.res.Agreements = []Agreement{}
	}
	if d.res.PartnershipUpgrades == nil {
		d.res.PartnershipUpgrades = []Upgrade{}
	}
	if d.res.Summits == nil {
		d.res.Summits = []Summit{}
	}
	if d.res.Statements == nil {
		d.res.Statements = []Statement{}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
