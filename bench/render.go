package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/store"
)

// text builds an article sentence by sentence and remembers where each
// sentence starts, in code points, for the evidence of the facts.
type text struct {
	b     strings.Builder
	runes int
	n     int
}

// add appends a sentence and returns its evidence.
func (t *text) add(s string) []extract.Evidence {
	if t.runes > 0 {
		t.b.WriteByte(' ')
		t.runes++
	}
	ev := extract.Evidence{Sentence: t.n, Start: t.runes, Quote: s}
	t.b.WriteString(s)
	t.runes += len([]rune(s))
	ev.End = t.runes
	t.n++
	return []extract.Evidence{ev}
}

var arMeeting = map[string]string{"talks": "أجرى %s محادثات مع %s", "meeting": "التقى %s مع %s",
	"phone_call": "أجرى %s اتصالا هاتفيا مع %s", "reception": "استقبل %s %s"}

var enMeeting = map[string]string{"talks": "%s held talks with %s", "meeting": "%s met with %s",
	"phone_call": "%s held a phone call with %s", "reception": "%s received %s"}

var arAgreement = map[string]string{"mou": "مذكرة تفاهم", "agreement": "اتفاقية", "joint_statement": "بيانا مشتركا",
	"joint_declaration": "إعلانا مشتركا", "cooperation_documents": "وثائق تعاون"}

var arVisit = map[string]string{"state": "دولة", "official": "رسمية", "working": "عمل", "unspecified": ""}

// render writes one report of s: its text in the language of the turn, and
// the result extraction gives for it.
func (g *Generator) render(s *story) (store.Article, *extract.Result) {
	lang := "en"
	if (g.seq+s.reports)%5 < 3 {
		lang = "ar" // Arabic first: three reports in five
	}
	ar := lang == "ar"
	day, _ := time.Parse(time.DateOnly, s.day)
	published := day.AddDate(0, 0, s.reports-1)
	outlet := outlets[(g.seq*7+len(s.host))%len(outlets)]

	name := func(code string) string {
		c := g.lx.Countries[code]
		if c == nil {
			return code
		}
		if ar {
			return c.NameAr
		}
		return c.Name
	}
	who := func(t *tenure, code string) string {
		if t == nil {
			if ar {
				return "ممثل " + name(code)
			}
			return "the representative of " + name(code)
		}
		title := t.office.Office
		if o := g.lx.Offices[title]; o != nil {
			title = o.Title
		}
		if ar {
			n := t.person.NameAr
			if n == "" {
				n = t.person.Name
			}
			return n
		}
		return name(code) + "'s " + title + " " + t.person.Name
	}
	place := ""
	if p := g.lx.Places[s.place]; p != nil {
		place = p.Name
		if ar && p.NameAr != "" {
			place = p.NameAr
		}
	}

	var t text
	r := &extract.Result{Lang: lang, Published: published.Format(time.DateOnly)}
	dl := fmt.Sprintf("%s, %s (%s) --", strings.ToUpper(place), published.Format("Jan 2"), outlet)
	if ar {
		dl = fmt.Sprintf("%s %s (%s) --", place, published.Format("2006-01-02"), outlet)
	}
	r.Dateline = &extract.Dateline{Text: dl, Date: r.Published, Outlet: outlet}
	t.add(dl)

	if v := s.visit; v != nil {
		var sent string
		switch {
		case ar && v.Status == "announced":
			sent = fmt.Sprintf("يقوم %s بزيارة %s إلى %s الأسبوع المقبل.", who(s.guestP, s.guest), arVisit[v.Kind], name(s.host))
		case ar:
			sent = fmt.Sprintf("وصل %s إلى %s في زيارة %s.", who(s.guestP, s.guest), name(s.host), arVisit[v.Kind])
		case v.Status == "announced":
			sent = fmt.Sprintf("%s will pay a %s visit to %s next week, the foreign ministry said.", who(s.guestP, s.guest), v.Kind, name(s.host))
		default:
			sent = fmt.Sprintf("%s arrived in %s on a %s visit.", who(s.guestP, s.guest), name(s.host), v.Kind)
		}
		c := *v
		c.Evidence = t.add(sent)
		r.Visits = append(r.Visits, c)
	}
	if m := s.meeting; m != nil {
		var sent string
		if ar {
			sent = fmt.Sprintf(arMeeting[m.Kind], who(s.hostP, s.host), who(s.guestP, s.guest))
			if m.PlaceID != "" {
				sent += " في " + place
			}
		} else {
			sent = fmt.Sprintf(enMeeting[m.Kind], who(s.hostP, s.host), who(s.guestP, s.guest))
			if m.PlaceID != "" {
				sent += " in " + place
			}
			sent += " on " + day.Format("January 2")
		}
		c := *m
		c.Evidence = t.add(sent + ".")
		r.Meetings = append(r.Meetings, c)
	}
	if ar {
		t.add("وتبادل الجانبان وجهات النظر حول القضايا الإقليمية والدولية ذات الاهتمام المشترك.")
	} else {
		t.add("The two sides exchanged views on regional and international issues of common concern.")
	}
	if a := s.agree; a != nil {
		var sent string
		if ar {
			sent = fmt.Sprintf("ووقع الجانبان %s للتعاون في مجالات %s.", arAgreement[a.Kind], strings.Join(a.Fields, " و"))
		} else {
			sent = fmt.Sprintf("The two sides signed a %s on cooperation in %s.", strings.ReplaceAll(a.Kind, "_", " "), strings.Join(a.Fields, ", "))
		}
		c := *a
		c.Evidence = t.add(sent)
		r.Agreements = append(r.Agreements, c)
	}
	if u := s.upgrade; u != nil {
		var sent string
		if ar {
			sent = fmt.Sprintf("واتفق %s و%s على الارتقاء بالعلاقات إلى %s.", name(u.Countries[0]), name(u.Countries[1]), u.Level)
		} else {
			sent = fmt.Sprintf("%s and %s agreed to upgrade their relations to a %s.", name(u.Countries[0]), name(u.Countries[1]), u.Level)
		}
		c := *u
		c.Evidence = t.add(sent)
		r.PartnershipUpgrades = append(r.PartnershipUpgrades, c)
	}
	if ar {
		t.add(fmt.Sprintf("وأكد الجانبان حرصهما على تعزيز العلاقات الثنائية. (تقرير رقم %d)", g.seq))
	} else {
		t.add(fmt.Sprintf("Both sides stressed their commitment to stronger bilateral ties. (Report %d)", g.seq))
	}
	g.entities(r, s)

	body := t.b.String()
	title := firstSentence(body, r)
	a := store.Article{
		ID:        extract.ArticleID(body),
		URL:       fmt.Sprintf("https://bench.diplograph.invalid/%s/%d", lang, g.seq),
		Source:    "bench",
		Title:     title,
		Text:      body,
		Lang:      lang,
		Published: r.Published,
		Outlet:    outlet,
	}
	return a, r
}

// firstSentence is the quote of the article's first fact, as a title.
func firstSentence(body string, r *extract.Result) string {
	switch {
	case len(r.Visits) > 0:
		return r.Visits[0].Evidence[0].Quote
	case len(r.Meetings) > 0:
		return r.Meetings[0].Evidence[0].Quote
	case len(r.Agreements) > 0:
		return r.Agreements[0].Evidence[0].Quote
	}
	return body
}

// entities lists what the events refer to, as extraction does: countries,
// people with all their offices, places with what contains them.
func (g *Generator) entities(r *extract.Result, s *story) {
	countries := map[string]bool{s.host: true, s.guest: true}
	people := map[string]bool{}
	places := map[string]bool{}
	for _, m := range r.Meetings {
		for _, p := range m.Participants {
			if p.ID != "" {
				people[p.ID] = true
			}
		}
	}
	for _, a := range r.Agreements {
		for _, p := range a.Participants {
			people[p.ID] = true
		}
	}
	for _, v := range r.Visits {
		if v.VisitorID != "" {
			people[v.VisitorID] = true
		}
	}
	if s.place != "" && (len(r.Meetings) > 0 && r.Meetings[0].PlaceID != "" || len(r.Visits) > 0 && r.Visits[0].PlaceID != "") {
		for p := g.lx.Places[s.place]; p != nil && !places[p.ID]; p = g.lx.Places[p.Parent] {
			places[p.ID] = true
			if p.Country != "" {
				countries[p.Country] = true
			}
		}
	}
	e := &r.Entities
	for _, id := range sortedKeys(people) {
		p := g.lx.People[id]
		ref := extract.PersonRef{ID: id, Name: p.Name, NameAr: p.NameAr, Aliases: p.Aliases}
		for _, o := range p.Offices {
			title := o.Office
			if t := g.lx.Offices[o.Office]; t != nil {
				title = t.Title
			}
			ref.Offices = append(ref.Offices, extract.OfficeRef{Office: o.Office, Title: title, Country: o.Country, Since: o.Since, Until: o.Until})
			countries[o.Country] = true
		}
		e.People = append(e.People, ref)
	}
	for _, code := range sortedKeys(countries) {
		if c := g.lx.Countries[code]; c != nil {
			e.Countries = append(e.Countries, extract.CountryRef{Code: code, Kind: c.Kind, Name: c.Name, NameAr: c.NameAr, Aliases: c.Aliases})
		}
	}
	for _, id := range sortedKeys(places) {
		p := g.lx.Places[id]
		e.Places = append(e.Places, extract.PlaceRef{ID: id, Kind: p.Kind, Name: p.Name, NameAr: p.NameAr, Country: p.Country, Parent: p.Parent, Aliases: p.Aliases})
	}
}
