package extract

import (
	"slices"
	"strings"
)

// qualifiers are level words kept beside a level rather than defining it.
var qualifiers = map[string]string{
	"new-era":                "in the new era",
	"strategic-significance": "of strategic significance",
	"global":                 "global",
}

// levelOrder is the order English writes the defining words in.
var levelOrder = []string{"all-weather", "permanent", "enhanced", "special", "privileged", "comprehensive", "strategic", "cooperative"}

// levelPhrase grows a partnership mention over the level words and fillers
// around it and returns the defining words and qualifiers found.
func (d *doc) levelPhrase(s, core int) (words, quals []string, lo, hi int) {
	ms := d.sentMents[s]
	pos := slices.Index(ms, core)
	isPart := func(i int) bool { return d.is(i, "level_word") || d.is(i, "partnership") || d.is(i, "level_filler") }
	lo, hi = pos, pos
	for lo > 0 && isPart(ms[lo-1]) && d.ments[ms[lo-1]].Last == d.ments[ms[lo]].First {
		lo--
	}
	for hi+1 < len(ms) && isPart(ms[hi+1]) && d.ments[ms[hi+1]].First == d.ments[ms[hi]].Last {
		hi++
	}
	for _, i := range ms[lo : hi+1] {
		e := d.entry(i, "level_word")
		if e == nil {
			continue
		}
		if _, ok := qualifiers[e.ID]; ok {
			quals = addUnique(quals, e.ID)
		} else {
			words = addUnique(words, e.ID)
		}
	}
	return words, quals, d.ments[ms[lo]].First, d.ments[ms[hi]].Last
}

// levelName writes a level the way the scale names it: "comprehensive
// strategic partnership of coordination in the new era".
func levelName(words, quals []string) string {
	var b []string
	if slices.Contains(words, "shared-future") {
		b = append(b, "community with a shared future")
	} else {
		var mods []string
		for _, w := range levelOrder {
			if slices.Contains(words, w) {
				mods = append(mods, w)
			}
		}
		if slices.Contains(mods, "special") && slices.Contains(mods, "privileged") {
			mods = slices.DeleteFunc(mods, func(w string) bool { return w == "privileged" })
			for k, w := range mods {
				if w == "special" {
					mods[k] = "special and privileged"
				}
			}
		}
		b = append(b, mods...)
		b = append(b, "partnership")
		if slices.Contains(words, "coordination") {
			b = append(b, "of coordination")
		}
	}
	for _, q := range []string{"global", "strategic-significance", "new-era"} {
		if slices.Contains(quals, q) {
			b = append(b, qualifiers[q])
		}
	}
	return strings.Join(b, " ")
}

func (d *doc) findUpgrades() {
	for s := range d.sents {
		for _, i := range d.sentMents[s] {
			core := d.is(i, "partnership") || d.entry(i, "level_word") != nil && d.entry(i, "level_word").ID == "shared-future"
			if !core {
				continue
			}
			words, quals, lo, hi := d.levelPhrase(s, i)
			if len(words) == 0 && !d.is(i, "partnership") {
				continue
			}
			if !d.upgradeTrigger(s, lo) {
				continue
			}
			if d.flagged(i, "past") || d.flagged(i, "negation") {
				continue
			}
			cs := d.countriesOf(s)
			if len(cs) < 2 {
				continue
			}
			u := Upgrade{
				Countries:  cs,
				Level:      levelName(words, quals) + d.namedPurpose(hi),
				Qualifiers: quals,
				Status:     "announced",
				Date:       d.sentenceDate(s),
				Evidence:   []Evidence{d.evidence(s)},
				Confidence: 0.8,
			}
			if st := d.find(s, "status"); len(st) > 0 {
				u.Status = d.entry(st[0], "status").ID
			}
			if l := d.bestLevel(words); l != nil {
				u.LevelID, u.Rank = qualified(l.ID, l.Rank, quals)
			}
			d.mergeUpgrade(u)
			break
		}
	}
	for k := range d.res.PartnershipUpgrades {
		u := &d.res.PartnershipUpgrades[k]
		// the step on the scale, not the wording, identifies the upgrade:
		// an official name's purpose ("… for Peace and Prosperity") may be
		// left out by another report of it
		step := u.LevelID
		if step == "" {
			step = u.Level
		}
		u.ID = eventID("upgrade", strings.Join(u.Countries, ","), step)
		d.previousLevel(u)
	}
}

// qualified names a level with its qualifiers as its own step on the
// scale, just above the plain level: "comprehensive strategic partnership
// in the new era" ranks above "comprehensive strategic partnership".
func qualified(id string, rank int, quals []string) (string, int) {
	for _, q := range []string{"global", "strategic-significance", "new-era"} {
		if slices.Contains(quals, q) {
			id += "-" + q
			rank++
		}
	}
	return id, rank
}

// previousLevel fills the level the pair was at before, when the lexicon
// knows it.
func (d *doc) previousLevel(u *Upgrade) {
	if len(u.Countries) != 2 {
		return
	}
	day := u.Date
	if day == "" {
		day = d.ref
	}
	p, ok := d.lx.KnownLevel(u.Countries[0], u.Countries[1], day)
	if !ok {
		return
	}
	l := d.lx.LevelByID(p.Level)
	id, rank := qualified(l.ID, l.Rank, p.Qualifiers)
	if id == u.LevelID {
		return
	}
	u.PreviousLevel, u.PreviousLevelID, u.PreviousRank, u.PreviousSince = levelName(l.Words, p.Qualifiers), id, rank, p.Since
}

// namedPurpose returns the capitalised purpose an English level's official
// name goes on with ("Comprehensive Strategic Partnership for Peace and
// Prosperity in Asia and the World") as " for peace and prosperity …", or "".
func (d *doc) namedPurpose(hi int) string {
	if d.lang != "en" || hi >= len(d.toks) || hi == 0 {
		return ""
	}
	start := hi // the phrase may already have taken the "for" as a filler
	switch {
	case d.toks[hi-1].Norm == "for":
	case d.toks[hi].Norm == "for":
		start = hi + 1
	default:
		return ""
	}
	var words []string
	for k := start; k < len(d.toks) && k <= start+10 && !d.toks[k].Punct && d.toks[k].Sentence == d.toks[hi].Sentence; k++ {
		w := d.toks[k].Text
		switch lw := strings.ToLower(w); {
		case lw == "and" || lw == "in" || lw == "the" || lw == "of":
		case w[0] < 'A' || w[0] > 'Z':
			return "" // not a name: "for the benefit of both peoples"
		}
		words = append(words, strings.ToLower(w))
	}
	if len(words) == 0 {
		return ""
	}
	return " for " + strings.Join(words, " ")
}

// upgradeTrigger reports whether a level phrase starting at token lo is the
// goal of an upgrade: "raise/elevate ... to", or "establish/build" said by
// both sides («أعلن ... إقامة شراكة»).
func (d *doc) upgradeTrigger(s, lo int) bool {
	for _, j := range d.find(s, "upgrade") {
		if d.ments[j].First >= lo {
			continue
		}
		// "announced that ties would be elevated": the announcement is the
		// event, whatever tense the announced change is in
		if d.flagged(j, "negation") || d.flagged(j, "future") && len(d.find(s, "status")) == 0 {
			continue
		}
		switch d.entry(j, "upgrade").ID {
		case "raise":
			return true
		case "establish":
			if d.lang == "en" || len(d.find(s, "status")) > 0 {
				return true
			}
		}
	}
	return false
}

func (d *doc) bestLevel(words []string) *levelRef {
	if l := d.lx.Level(words); l != nil {
		return &levelRef{l.ID, l.Rank}
	}
	// the highest level whose words the phrase contains
	var best *levelRef
	for _, l := range d.lx.Levels {
		ok := true
		for _, w := range l.Words {
			if !slices.Contains(words, w) {
				ok = false
			}
		}
		if ok && (best == nil || l.Rank > best.Rank) {
			best = &levelRef{l.ID, l.Rank}
		}
	}
	return best
}

type levelRef struct {
	ID   string
	Rank int
}

func (d *doc) mergeUpgrade(u Upgrade) {
	for k := range d.res.PartnershipUpgrades {
		old := &d.res.PartnershipUpgrades[k]
		if slices.Equal(old.Countries, u.Countries) {
			// the same dyad twice: keep the more specific level
			if u.Rank > old.Rank || u.Rank == old.Rank && len(u.Level) > len(old.Level) {
				old.Level, old.LevelID, old.Rank, old.Qualifiers = u.Level, u.LevelID, u.Rank, u.Qualifiers
			}
			old.Evidence = appendEvidence(old.Evidence, u.Evidence...)
			if old.Date == "" {
				old.Date = u.Date
			}
			return
		}
	}
	d.res.PartnershipUpgrades = append(d.res.PartnershipUpgrades, u)
}
