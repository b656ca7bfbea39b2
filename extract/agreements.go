package extract

import (
	"slices"
	"strings"

	"github.com/diplograph/diplograph/lexicon"
)

// countriesOf returns the parties of sentence s; "the two sides" and a
// sentence naming fewer than two parties fall back to the article's dyad.
func (d *doc) countriesOf(s int) []string {
	fromActors, named := d.parties(s)
	cs := sortedSet(append(fromActors, named...))
	if len(cs) < 2 {
		cs = sortedSet(append(cs, d.summitMembers(s)...))
	}
	if len(cs) < 2 || len(d.find(s, "both")) > 0 && len(fromActors) < 2 {
		if dy := d.dyad(); len(dy) >= 2 {
			if len(cs) <= 1 || len(d.find(s, "both")) > 0 {
				for _, c := range dy {
					cs = addUnique(cs, c)
				}
			}
		}
	}
	return sortedSet(cs)
}

func (d *doc) findAgreements() {
	for s := range d.sents {
		for _, i := range d.find(s, "agreement") {
			e := d.entry(i, "agreement")
			if d.flagged(i, "past") || d.flagged(i, "negation") {
				continue
			}
			sign := d.nearestSign(s, i)
			joint := strings.Contains(d.toks[d.ments[i].First].Norm, "مشترك") ||
				strings.Contains(d.between(d.ments[i].First, d.ments[i].Last), "مشترك") ||
				strings.Contains(strings.ToLower(d.between(d.ments[i].First, d.ments[i].Last)), "joint")
			if sign < 0 && !(joint && (e.ID == "joint_statement" || e.ID == "joint_declaration")) {
				continue
			}
			if sign >= 0 && (d.flagged(sign, "future") || d.flagged(sign, "negation")) {
				continue
			}
			cs := d.countriesOf(s)
			if len(cs) < 2 {
				continue
			}
			if d.refersBack(i, cs) {
				continue
			}
			a := Agreement{
				Kind:       e.ID,
				Countries:  cs,
				Fields:     d.fields(s, i),
				Signed:     true,
				Date:       d.sentenceDate(s),
				Evidence:   []Evidence{d.evidence(s)},
				Confidence: 0.8,
			}
			role := "signatory"
			if sign >= 0 && d.entry(sign, "sign").ID == "witnessed" {
				role = "witness"
			}
			for _, ac := range d.actors[s] {
				if slices.Contains(cs, ac.country) {
					d.addParticipant(&a.Participants, d.participant(ac, role))
				}
			}
			if len(a.Participants) == 0 && len(d.find(s, "both")) > 0 {
				// «وقع الرئيسان»: the principals of the meeting
				if m := d.mainMeeting(); m != nil {
					for _, p := range m.Participants {
						if p.Role != "attendee" && slices.Contains(cs, p.Country) {
							p.Role = role
							d.addParticipant(&a.Participants, p)
						}
					}
				}
			}
			if role == "witness" && len(a.Participants) == 0 {
				// «وشهدا التوقيع»: the two who signed the sentence's first
				// document witnessed this one.
				for _, old := range d.res.Agreements {
					if old.Evidence[0].Sentence == s {
						for _, p := range old.Participants {
							p.Role = "witness"
							d.addParticipant(&a.Participants, p)
						}
					}
				}
			}
			d.mergeAgreement(a)
			d.signingMeeting(a, s, sign)
		}
	}
	for k := range d.res.Agreements {
		if a := &d.res.Agreements[k]; a.Fields == nil {
			a.Fields = []string{}
		}
	}
}

// nearestSign returns the sign mention that governs agreement mention i:
// the closest one before it in the sentence, else one shortly after it. A
// witness verb since the previous document wins: in «وقع الرئيسان إعلانا
// مشتركا وشهدا التوقيع على وثائق» the documents were witnessed.
func (d *doc) nearestSign(s, i int) int {
	best, witness := -1, -1
	for _, j := range d.sentMents[s] {
		switch {
		case j < i && d.is(j, "agreement"):
			witness = -1
		case j < i && d.is(j, "sign") && d.ments[i].First-d.ments[j].Last <= signReach(d.entry(j, "sign").ID):
			best = j
			if d.entry(j, "sign").ID == "witnessed" {
				witness = j
			}
		case j > i && best < 0 && d.is(j, "sign") && d.ments[j].First-d.ments[i].Last <= min(12, signReach(d.entry(j, "sign").ID)):
			return j
		}
	}
	if witness >= 0 {
		return witness
	}
	return best
}

func (d *doc) mergeAgreement(a Agreement) {
	for k := range d.res.Agreements {
		old := &d.res.Agreements[k]
		if old.Kind == a.Kind && slices.Equal(old.Countries, a.Countries) {
			for _, f := range a.Fields {
				old.Fields = addUnique(old.Fields, f)
			}
			for _, p := range a.Participants {
				d.addParticipant(&old.Participants, p)
			}
			old.Evidence = appendEvidence(old.Evidence, a.Evidence...)
			if old.Date == "" {
				old.Date = a.Date
			}
			return
		}
	}
	d.res.Agreements = append(d.res.Agreements, a)
}

// fields lists the cooperation fields named after the agreement mention a
// in its sentence: a list that starts within a few words of the document and
// runs on while fields follow closely, up to the next document named.
func (d *doc) fields(s, a int) []string {
	var out []string
	// "a defence cooperation agreement": English names the field first
	if j := a - 1; d.lang == "en" && j >= 0 && d.sentenceOf(j) == s && d.is(j, "field") && d.ments[a].First-d.ments[j].Last <= 2 {
		out = append(out, d.entry(j, "field").ID)
	}
	last := d.ments[a].Last
	for _, i := range d.sentMents[s] {
		m := d.ments[i]
		switch {
		case i <= a:
		case d.is(i, "agreement") || m.First-last > 4:
			return out
		case d.is(i, "field"):
			out = addUnique(out, d.entry(i, "field").ID)
			last = m.Last
		}
	}
	return out
}

// signingMeeting records that representatives of two or more countries who
// sign, or witness a signing, together in person have met.
func (d *doc) signingMeeting(a Agreement, s, sign int) {
	var cs []string
	for _, p := range a.Participants {
		cs = addUnique(cs, p.Country)
	}
	if len(cs) < 2 || sign < 0 || len(d.find(s, "meeting")) > 0 && d.entry(d.find(s, "meeting")[0], "meeting").ID == "phone_call" {
		return
	}
	pl := d.place(s)
	m := Meeting{Kind: "meeting", Countries: sortedSet(cs), Place: d.placeName(pl), Date: a.Date,
		Evidence: []Evidence{d.evidence(s)}, Confidence: 0.7}
	if pl != nil {
		m.PlaceID = pl.ID
	}
	d.mergeMeeting(m, s, sign)
}

// refersBack reports a generic mention ("the documents", «الوثائق») of an
// agreement already found between the same countries; its evidence joins
// that agreement.
func (d *doc) refersBack(i int, cs []string) bool {
	m := d.ments[i]
	if m.Last-m.First != 1 {
		return false
	}
	generic := map[string]bool{"documents": true, "document": true, "agreement": true, "وثايق": true, "وثيقه": true, "اتفاقيه": true, "اتفاق": true}
	if !generic[lexicon.Key(d.toks[m.First].Text)] {
		return false
	}
	definite := m.First > 0 && (d.toks[m.First-1].Norm == "the" || d.toks[m.First-1].Norm == "these" || d.toks[m.First-1].Norm == "هذه") ||
		strings.HasPrefix(d.toks[m.First].Norm, "ال")
	if !definite {
		return false
	}
	for k := range d.res.Agreements {
		if a := &d.res.Agreements[k]; slices.Equal(a.Countries, cs) {
			a.Evidence = appendEvidence(a.Evidence, d.evidence(d.sentenceOf(i)))
			return true
		}
	}
	return false
}

// signReach is how many tokens may stand between a sign verb and the
// document it governs: Arabic puts the signatories' long titles between
// «وقع» and its object, while "exchanged" signs only what follows it
// («تبادلا أربع مذكرات تفاهم», not «تبادل السفراء ... والاتفاقية»).
func signReach(kind string) int {
	switch kind {
	case "exchanged":
		return 3
	case "listed": // «وتضمنت هذه الاتفاقيات مذكرة تفاهم», "documents signed included an MoU"
		return 6
	}
	return 40
}
