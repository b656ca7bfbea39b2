package extract

import (
	"strconv"
	"time"
)

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// explicitDate looks for "18 May 2023", "May 18, 2023" or "18 May" around
// the month mention m; the year defaults to defYear.
func (d *doc) explicitDate(m int, defYear int) (string, bool) {
	e := d.entry(m, "month")
	if e == nil {
		return "", false
	}
	month := atoi(e.ID)
	mn := d.ments[m]
	dayNum, year := 0, 0
	if k := mn.First - 1; k >= 0 && isNumber(d.toks[k].Norm) {
		dayNum = atoi(d.toks[k].Norm)
	} else if k >= 0 && (d.toks[k].Norm == "اول" || d.toks[k].Norm == "first") {
		dayNum = 1 // «بكين أول سبتمبر 2023»
	}
	k := mn.Last
	if k < len(d.toks) && isNumber(d.toks[k].Norm) {
		n := atoi(d.toks[k].Norm)
		switch {
		case n > 31:
			year = n
		case dayNum == 0:
			dayNum = n
			// May 18, 2023
			if k+2 < len(d.toks) && d.toks[k+1].Text == "," && atoi(d.toks[k+2].Norm) > 1900 {
				year = atoi(d.toks[k+2].Norm)
			} else if k+1 < len(d.toks) && atoi(d.toks[k+1].Norm) > 1900 {
				year = atoi(d.toks[k+1].Norm)
			}
		}
	}
	if dayNum < 1 || dayNum > 31 {
		return "", false
	}
	if year == 0 {
		year = defYear
	}
	if year < 1900 {
		return "", false
	}
	t := time.Date(year, time.Month(month), dayNum, 0, 0, 0, 0, time.UTC)
	if t.Day() != dayNum {
		return "", false
	}
	return day(t), true
}

// findDateline reads the agency line at the head of the article: a place and
// a date before the first event word, and the outlet in parentheses.
func (d *doc) findDateline() {
	d.ref = d.opt.Published
	defer func() {
		d.refYear = d.latestYear()
		if d.ref != "" {
			d.refYear = atoi(d.ref[:4])
		}
	}()
	if len(d.sents) == 0 {
		return
	}
	pubYear := 0
	if d.opt.Published != "" {
		pubYear = atoi(d.opt.Published[:4])
	}
	// The dateline is in the first lines; a headline may come first.
	for s := 0; s < len(d.sents) && s < 3; s++ {
		sn := d.sents[s]
		limit := min(sn.First+12, sn.Last)
		var dl Dateline
		found := false
		for _, i := range d.sentMents[s] {
			m := d.ments[i]
			if m.First >= limit {
				break
			}
			if e := d.entry(i, "place"); e != nil && dl.PlaceID == "" && m.First <= sn.First+1 {
				dl.PlaceID = e.ID
				dl.Place = d.lx.Places[e.ID].Name
			}
			if d.is(i, "month") {
				if date, ok := d.explicitDate(i, pubYear); ok && dl.PlaceID != "" {
					dl.Date = date
					found = true
				}
			}
		}
		if dl.PlaceID == "" {
			continue
		}
		// The outlet: "(شينخوا)", "(Xinhua)".
		end := sn.First
		for k := sn.First; k < limit; k++ {
			if d.toks[k].Text == "(" && k+2 < sn.Last && d.toks[k+2].Text == ")" {
				dl.Outlet = d.toks[k+1].Text
				end = k + 3
				break
			}
			if d.toks[k].Text == "-" && k+1 < sn.Last && d.toks[k+1].Text == "-" || d.toks[k].Text == ":" {
				end = k + 1
				break
			}
		}
		if !found && dl.Outlet == "" && end == sn.First {
			continue
		}
		if end == sn.First {
			end = min(sn.First+4, sn.Last)
		}
		dl.Text = d.between(sn.First, end)
		d.dlEnd = end
		d.dateline = &dl
		d.res.Dateline = &dl
		if dl.Date != "" {
			d.ref = dl.Date
		}
		return
	}
}

// latestYear is the latest plausible year the text names: the best guess of
// "now" for an undated article, so that "in 2019" can still be told to be
// background when the text also speaks of 2021.
func (d *doc) latestYear() int {
	y := 0
	for _, t := range d.toks {
		if n := atoi(t.Norm); n >= 1990 && n <= 2100 && n > y {
			y = n
		}
	}
	return y
}

// sentenceDate returns the day sentence s states for its events: an
// explicit date, "today"/"yesterday" or a weekday resolved against the
// reference day. It returns "" when the text does not fix the day.
func (d *doc) sentenceDate(s int) string {
	for _, i := range d.find(s, "month") {
		if d.ments[i].First < d.dlEnd {
			continue // the dateline's date is the reference, not the event's day
		}
		if date, ok := d.explicitDate(i, d.refYear); ok {
			return date
		}
	}
	ref, ok := parseDay(d.ref)
	if !ok {
		return ""
	}
	rel := d.find(s, "dayrel")
	wds := d.find(s, "weekday")
	if d.sents[s].First < d.dlEnd && d.dateline.Date != "" && len(rel) == 0 && len(wds) == 0 {
		return d.dateline.Date // the dateline dates the lead
	}
	if len(rel) > 0 {
		off, _ := strconv.Atoi(d.entry(rel[0], "dayrel").ID)
		t := ref.AddDate(0, 0, off)
		// «اليوم (الخميس)» agrees with its weekday; when a weekday is named
		// and "today" is not that day, the weekday is the event's day
		if len(wds) == 0 || off != 0 || int(t.Weekday()) == atoi(d.entry(wds[0], "weekday").ID) {
			return day(t)
		}
	}
	if len(wds) > 0 {
		wd := atoi(d.entry(wds[0], "weekday").ID)
		// the most recent such weekday on or before the reference day
		back := (int(ref.Weekday()) - wd + 7) % 7
		return day(ref.AddDate(0, 0, -back))
	}
	return ""
}
