package read

import (
	"slices"
	"strings"

	"github.com/diplograph/diplograph/graph/model"
)

// Decoders from the maps that proj returns to model types.

func has(m map[string]any, label string) bool {
	return slices.Contains(strs(m["_labels"]), label)
}

// decodeNode returns the model of any node the API exposes, nil for others
// (partnership levels).
func decodeNode(m map[string]any) model.Node {
	if m == nil {
		return nil
	}
	for _, l := range strs(m["_labels"]) {
		switch l {
		case "Country":
			return country(m)
		case "Person":
			return person(m)
		case "Place":
			return place(m)
		case "Organization":
			return &model.Organization{ID: str(m, "id"), Kind: str(m, "kind"), Name: str(m, "name"), NameAr: optStr(m, "name_ar")}
		case "Initiative":
			return &model.Initiative{ID: str(m, "id"), Kind: str(m, "kind"), Name: str(m, "name"), NameAr: optStr(m, "name_ar")}
		case "Project":
			return &model.Project{ID: str(m, "id"), Kind: str(m, "kind"), Name: str(m, "name"), NameAr: optStr(m, "name_ar")}
		case "Article":
			return article(m)
		case Meeting, Visit, Summit, Agreement, Upgrade:
			return decodeEvent(m).(model.Node)
		case Statement:
			return statement(m)
		}
	}
	return nil
}

// decodeEvent returns the model of an event node, nil for other nodes.
func decodeEvent(m map[string]any) model.Event {
	switch {
	case m == nil:
		return nil
	case has(m, Meeting):
		return meeting(m)
	case has(m, Visit):
		return visit(m)
	case has(m, Summit):
		return summit(m)
	case has(m, Agreement):
		return agreement(m)
	case has(m, Upgrade):
		return upgrade(m)
	}
	return nil
}

func country(m map[string]any) *model.Country {
	if m == nil {
		return nil
	}
	return &model.Country{Code: str(m, "code"), Name: str(m, "name"), NameAr: optStr(m, "name_ar"), Kind: optStr(m, "kind"), Aliases: aliases(m)}
}

func person(m map[string]any) *model.Person {
	if m == nil {
		return nil
	}
	return &model.Person{ID: str(m, "id"), Name: str(m, "name"), NameAr: optStr(m, "name_ar"), Aliases: aliases(m)}
}

func place(m map[string]any) *model.Place {
	if m == nil {
		return nil
	}
	return &model.Place{ID: str(m, "id"), Kind: str(m, "kind"), Name: str(m, "name"), NameAr: optStr(m, "name_ar"), CountryCode: str(m, "country")}
}

func article(m map[string]any) *model.Article {
	if m == nil {
		return nil
	}
	return &model.Article{ID: str(m, "id"), URL: optStr(m, "url"), Source: optStr(m, "source"), Outlet: optStr(m, "outlet"),
		Published: optDate(m, "published"), Lang: optStr(m, "lang"), Title: optStr(m, "title"), Dateline: optStr(m, "dateline"),
		DatelineDate: optDate(m, "dateline_date"), Ingested: optTime(m, "ingested")}
}

func meeting(m map[string]any) *model.Meeting {
	return &model.Meeting{ID: str(m, "id"), Kind: str(m, "kind"), Date: optDate(m, "date"), Name: str(m, "name"), CountryCodes: countryCodes(m)}
}

func visit(m map[string]any) *model.Visit {
	return &model.Visit{ID: str(m, "id"), Kind: str(m, "kind"), Status: str(m, "status"), Date: optDate(m, "date"), Name: str(m, "name"),
		CountryCodes: countryCodes(m), VisitorCode: str(m, "visitor_country"), HostCode: str(m, "host_country")}
}

func summit(m map[string]any) *model.Summit {
	return &model.Summit{ID: str(m, "id"), Name: str(m, "name"), Series: optStr(m, "series"), Date: optDate(m, "date"), CountryCodes: countryCodes(m)}
}

func agreement(m map[string]any) *model.Agreement {
	return &model.Agreement{ID: str(m, "id"), Kind: str(m, "kind"), Fields: strs(m["fields"]), Signed: boolean(m, "signed"),
		Date: optDate(m, "date"), Name: str(m, "name"), CountryCodes: countryCodes(m)}
}

func upgrade(m map[string]any) *model.PartnershipUpgrade {
	return &model.PartnershipUpgrade{ID: str(m, "id"), Date: optDate(m, "date"), Name: str(m, "name"), CountryCodes: countryCodes(m),
		Status: str(m, "status"), Level: statedLevel(m)}
}

// statedLevel is the level an upgrade states, placed on the scale by its
// TO_LEVEL step.
func statedLevel(u map[string]any) *model.PartnershipLevel {
	l := &model.PartnershipLevel{Name: str(u, "level"), Rank: optInt(u, "rank"), Qualifiers: strs(u["qualifiers"])}
	if to := mapOf(u["_to"]); to != nil {
		l.ID, l.Scale = optStr(to, "id"), optStr(to, "name")
		if l.Rank == nil || *l.Rank == 0 {
			l.Rank = optInt(to, "rank")
		}
	}
	return l
}

// partner is a PARTNER_OF relationship (m["p"]) to country c. It carries
// the level of the dyad's latest upgrade as stated and its step of the
// scale.
func partner(m map[string]any, c *model.Country) *model.Partner {
	p := mapOf(m["p"])
	return &model.Partner{Country: c, Since: optDate(p, "since"), UpgradeID: str(p, "upgrade"), Level: partnerLevel(p)}
}

func partnerLevel(p map[string]any) *model.PartnershipLevel {
	return &model.PartnershipLevel{Name: str(p, "level"), Rank: optInt(p, "rank"), ID: optStr(p, "level_id"), Scale: optStr(p, "scale"),
		Qualifiers: strs(p["qualifiers"])}
}

// scaleLevel is a step of the scale itself, as FROM_LEVEL gives it.
func scaleLevel(m map[string]any) *model.PartnershipLevel {
	if m == nil {
		return nil
	}
	return &model.PartnershipLevel{ID: optStr(m, "id"), Name: str(m, "name"), Rank: optInt(m, "rank"), Scale: optStr(m, "name"), Qualifiers: []string{}}
}

func statement(m map[string]any) *model.Statement {
	return &model.Statement{ID: str(m, "id"), Kind: str(m, "kind"), Name: str(m, "name"), Topics: strs(m["topics"]),
		Year: optInt(m, "year"), CountryCodes: countryCodes(m)}
}

// office is a HOLDS_OFFICE relationship of the person in m to country c.
func office(m map[string]any, c *model.Country) *model.Office {
	h := mapOf(m["office"])
	o := &model.Office{PersonID: str(m, "person"), Office: str(h, "office"), Title: str(h, "title"), Country: c,
		Since: optDate(h, "since"), Until: optDate(h, "until")}
	o.Current = o.Until == nil
	return o
}

func source(m map[string]any) *model.Source {
	r := mapOf(m["rep"])
	return &model.Source{Article: article(mapOf(m["article"])), Sentence: optInt(r, "sentence"), Start: optInt(r, "start"), End: optInt(r, "end"),
		Quote: optStr(r, "quote"), Confidence: optFloat(r, "confidence"), Extractor: optStr(r, "extractor")}
}

func ingestRun(m map[string]any) *model.IngestRun {
	return &model.IngestRun{ID: str(m, "id"), Job: str(m, "job"), Started: optTime(m, "started"), Finished: optTime(m, "finished"),
		Status: str(m, "status"), Fetched: intOr0(m, "fetched"), New: intOr0(m, "new"), Unchanged: intOr0(m, "unchanged"),
		Updated: intOr0(m, "updated"), Failed: intOr0(m, "failed"), Error: optStr(m, "error")}
}

func ingestFailure(m map[string]any) *model.IngestFailure {
	return &model.IngestFailure{ID: str(m, "id"), Source: str(m, "source"), Reason: str(m, "reason"), Job: optStr(m, "job"),
		At: optTime(m, "at"), First: optTime(m, "first"), Count: intOr0(m, "count")}
}

// countryCodes are the codes of the countries an event's edges reach (_c of
// projAs), in the order the event lists them (its countries property:
// visitor before host, the stating country first); codes it does not list
// come last, by code. Without _c, the property alone.
func countryCodes(m map[string]any) []string {
	order := strs(m["countries"])
	if _, ok := m["_c"]; !ok {
		return order
	}
	codes := strs(m["_c"])
	pos := func(c string) int {
		if i := slices.Index(order, c); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if d := pos(a) - pos(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(codes)
}
