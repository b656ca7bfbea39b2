package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/diplograph/diplograph/lexicon"
)

// Types of mention that together name one actor: «الرئيس الصيني شي جين
// بينغ», «Kyrgyz President Sadyr Japarov», «نظيره الأوغندي».
var actorParts = []string{"person", "title", "demonym", "country", "counterpart", "filler", "visiting"}

// gapOK reports whether the tokens between two parts of an actor are only
// punctuation or linking words.
func (d *doc) gapOK(lo, hi int) bool {
	if hi-lo > 2 {
		return false
	}
	for k := lo; k < hi; k++ {
		switch d.toks[k].Norm {
		case ",", "،", "-", "\"", "“", "”", "«", "»", "of", "the", "from", "(", ")":
			continue
		}
		return false
	}
	return true
}

func (d *doc) partType(i int) string {
	for _, t := range actorParts {
		if d.is(i, t) {
			return t
		}
	}
	return ""
}

// findActors groups adjacent name, title and nationality mentions into actors
// and resolves each to a person where the lexicon allows.
func (d *doc) findActors() {
	d.actors = make([][]actor, len(d.sents))
	var prev *actor
	for s := range d.sents {
		ms := d.sentMents[s]
		for k := 0; k < len(ms); k++ {
			// "Chinese, Kyrgyz presidents", «الرئيسان الصيني والقرغيزي»
			if list, n := d.demonymList(ms, k); len(list) > 0 {
				d.actors[s] = append(d.actors[s], list...)
				k += n - 1
				continue
			}
			t := d.partType(ms[k])
			if t == "" || t == "filler" || t == "country" && !d.possessiveTitle(ms, k) {
				continue
			}
			g := []int{ms[k]}
			has := map[string]bool{t: true}
			for k+1 < len(ms) {
				j := ms[k+1]
				tj := d.partType(j)
				last := d.ments[g[len(g)-1]]
				if tj == "" || !d.gapOK(last.Last, d.ments[j].First) {
					break
				}
				ok := false
				switch tj {
				case "filler", "visiting":
					ok = true
				case "person":
					ok = !has["person"]
				case "title":
					ok = !has["title"]
				case "counterpart": // "his Australian counterpart"
					ok = !has["counterpart"] && !has["person"] && !has["title"]
				case "demonym", "country":
					ok = !has["demonym"] && !has["country"] && (has["title"] || has["counterpart"] || has["person"] && tj == "demonym")
				}
				if !ok {
					break
				}
				g = append(g, j)
				has[tj] = true
				k++
			}
			a, ok := d.resolveActor(g, prev)
			if !ok {
				continue
			}
			for _, i := range g {
				d.used[i] = true
			}
			d.actors[s] = append(d.actors[s], a)
			prev = &d.actors[s][len(d.actors[s])-1]
		}
	}
}

// demonymList reads several nationalities sharing one title: a run of
// demonyms joined by commas or "and" next to a title or a "the two
// presidents" word. It returns one actor per nationality and the number of
// mentions read, or nil.
func (d *doc) demonymList(ms []int, k int) ([]actor, int) {
	start := k
	// «الرئيسان الصيني والقرغيزي»: the shared word comes first in Arabic
	if d.is(ms[k], "both") || d.is(ms[k], "title") {
		start = k + 1
	}
	var dems []int
	end := start
	for end < len(ms) {
		i := ms[end]
		if d.is(i, "filler") || d.is(i, "level_filler") { // ", " and "and"
			end++
			continue
		}
		if !d.is(i, "demonym") || len(dems) > 0 && !d.joined(d.ments[dems[len(dems)-1]].Last, d.ments[i].First) {
			break
		}
		dems = append(dems, i)
		end++
	}
	for end > start && !d.is(ms[end-1], "demonym") {
		end-- // a trailing filler belongs to what follows
	}
	if len(dems) < 2 {
		return nil, 0
	}
	office, n := "", end-k
	switch {
	case start > k:
		office = d.sharedOffice(ms[k])
	case end < len(ms) && d.ments[ms[end]].First == d.ments[ms[end-1]].Last:
		office = d.sharedOffice(ms[end])
		n++
	}
	if office == "" {
		return nil, 0
	}
	var out []actor
	for _, i := range dems {
		a := actor{office: office, country: d.entry(i, "demonym").ID, first: d.ments[i].First, last: d.ments[i].Last}
		if hs := d.holders(office, a.country); len(hs) == 1 {
			a.person, a.inferred = hs[0], true
		}
		d.used[i] = true
		out = append(out, a)
	}
	return out, n
}

// sharedOffice is the office a title or a "both" word names.
func (d *doc) sharedOffice(i int) string {
	if e := d.entry(i, "title"); e != nil {
		return e.ID
	}
	if e := d.entry(i, "both"); e != nil {
		return e.ID
	}
	return ""
}

// possessiveTitle reports "Japan's foreign minister": a country right
// before a title, which in English makes them one actor.
func (d *doc) possessiveTitle(ms []int, k int) bool {
	if d.lang != "en" || k+1 >= len(ms) || !d.is(ms[k+1], "title") {
		return false
	}
	m, next := d.ments[ms[k]], d.ments[ms[k+1]]
	return next.First == m.Last && strings.HasSuffix(strings.ReplaceAll(d.toks[m.Last-1].Text, "’", "'"), "'s")
}

func (d *doc) resolveActor(g []int, prev *actor) (actor, bool) {
	a := actor{first: d.ments[g[0]].First, last: d.ments[g[len(g)-1]].Last}
	var people []lexicon.Entry
	counterpart := false
	for _, i := range g {
		switch d.partType(i) {
		case "person":
			people = d.entries(i, "person")
		case "title":
			a.office = d.entry(i, "title").ID
		case "demonym":
			a.country = d.entry(i, "demonym").ID
		case "country":
			a.country = d.entry(i, "country").ID
		case "counterpart":
			counterpart = true
		case "visiting":
			a.visiting = true
		}
	}
	if counterpart && a.office == "" && prev != nil {
		a.office = prev.office
	}
	if len(people) > 0 {
		a.person = d.pickPerson(people, a.office, a.country)
		if a.country == "" || a.office == "" {
			if o, ok := d.principalOffice(a.person, a.office, a.country); ok {
				if a.country == "" {
					a.country = o.Country
				}
				if a.office == "" {
					a.office = o.Office
				}
			}
		}
		return a, true
	}
	if a.office == "" || a.country == "" {
		return a, false
	}
	if hs := d.holders(a.office, a.country); len(hs) == 1 {
		a.person, a.inferred = hs[0], true
	}
	return a, true
}

// pickPerson chooses among people sharing a name the one whose office fits.
func (d *doc) pickPerson(es []lexicon.Entry, office, country string) *lexicon.Person {
	best, bestScore := d.lx.People[es[0].ID], -1
	for _, e := range es {
		p := d.lx.People[e.ID]
		score := 0
		for _, o := range p.Offices {
			if country != "" && o.Country == country {
				score += 2
			}
			if office != "" && o.Office == office {
				score++
			}
			if day := d.officeDay(); day != "" && o.HoldsOn(day) {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best
}

// principalOffice returns the office p held on the reference day, preferring
// one that matches office or country, then the most senior.
func (d *doc) principalOffice(p *lexicon.Person, office, country string) (lexicon.Office, bool) {
	offs := p.OfficeOn(d.officeDay())
	if len(offs) == 0 {
		offs = p.Offices
	}
	if len(offs) == 0 {
		return lexicon.Office{}, false
	}
	rank := func(o lexicon.Office) int {
		r := 0
		if t := d.lx.Offices[o.Office]; t != nil {
			r = t.Rank
		}
		if o.Office == office {
			r += 1000
		}
		if o.Country == country {
			r += 2000
		}
		if o.Until == "" {
			r += 10
		}
		return r
	}
	return slices.MaxFunc(offs, func(a, b lexicon.Office) int { return rank(a) - rank(b) }), true
}

// officeDay is the day offices are resolved on: the reference day, else the
// middle of the latest year the text names, else today (an undated text
// with no year is most likely recent).
func (d *doc) officeDay() string {
	if d.ref != "" {
		return d.ref
	}
	if d.refYear > 0 {
		return fmt.Sprintf("%d-07-01", d.refYear)
	}
	return ""
}

// holders returns who held office for country on the reference day (today
// when the article is undated).
func (d *doc) holders(office, country string) []*lexicon.Person {
	day := d.officeDay()
	hs := d.lx.OfficeHolders(office, country, day)
	if len(hs) == 0 && office == "prime_minister" {
		hs = d.lx.OfficeHolders("premier", country, day)
	}
	if len(hs) == 0 && office == "premier" {
		hs = d.lx.OfficeHolders("prime_minister", country, day)
	}
	return hs
}
