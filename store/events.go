package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
)

// reported is the Cypher that links the node e of a row r to its article
// with the evidence of the row.
const reported = `
	WITH e, r
	MATCH (a:Article {id: $article})
	MERGE (e)-[rep:REPORTED_IN]->(a)
	SET rep.sentence = r.ev.sentence, rep.start = r.ev.start, rep.end = r.ev.end, rep.quote = r.ev.quote,
	    rep.sentences = r.ev.sentences, rep.confidence = r.confidence, rep.extractor = $extractor
	WITH e, r`

func evidence(evs []extract.Evidence) map[string]any {
	if len(evs) == 0 {
		return map[string]any{}
	}
	var sents []int64
	for _, e := range evs {
		sents = append(sents, int64(e.Sentence))
	}
	return map[string]any{"sentence": evs[0].Sentence, "start": evs[0].Start, "end": evs[0].End, "quote": evs[0].Quote, "sentences": sents}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func participants(ps []extract.Participant, roles ...string) []map[string]any {
	var out []map[string]any
	for _, p := range ps {
		if p.ID != "" && (len(roles) == 0 || slices.Contains(roles, p.Role)) {
			out = append(out, map[string]any{"id": p.ID, "role": p.Role})
		}
	}
	return out
}

// caption names an event for Neo4j Browser: "talks · China–Kyrgyzstan · 2023-05-18".
func caption(kind string, countries []string, lx *lexicon.Lexicon, date string) string {
	names := make([]string, len(countries))
	for i, c := range countries {
		names[i] = c
		if lc := lx.Countries[c]; lc != nil {
			names[i] = lc.Name
		}
	}
	parts := []string{strings.ReplaceAll(kind, "_", " "), strings.Join(names, "–")}
	if date != "" {
		parts = append(parts, date)
	}
	return strings.Join(parts, " · ")
}

// eventStatements adds the statements that store the events of r.
func eventStatements(r *extract.Result, lx *lexicon.Lexicon, add func(string, string, map[string]any)) {
	params := func(rows []map[string]any) map[string]any {
		return map[string]any{"rows": rows, "extractor": Extractor}
	}
	if len(r.Meetings) > 0 {
		var rows []map[string]any
		for _, m := range r.Meetings {
			rows = append(rows, map[string]any{"id": m.ID, "kind": m.Kind, "date": nullable(m.Date), "countries": m.Countries,
				"place": nullable(m.Place), "place_id": nullable(m.PlaceID), "name": caption(m.Kind, m.Countries, lx, m.Date),
				"people": participants(m.Participants), "ev": evidence(m.Evidence), "confidence": m.Confidence})
		}
		add("meetings", `
			UNWIND $rows AS r
			MERGE (e:Meeting {id: r.id})
			ON CREATE SET e.kind = r.kind
			SET e.date = coalesce(date(r.date), e.date), e.countries = r.countries, e.place = coalesce(r.place, e.place), e.name = r.name`+reported+`
			CALL { WITH e, r UNWIND r.countries AS code MATCH (c:Country {code: code}) MERGE (e)-[:INVOLVES]->(c) }
			CALL { WITH e, r UNWIND r.people AS p MATCH (n:Person {id: p.id}) MERGE (n)-[x:PARTICIPATED_IN]->(e)
			       SET x.role = CASE WHEN x.role IS NULL OR x.role = 'participant' THEN p.role ELSE x.role END }
			CALL { WITH e, r MATCH (pl:Place {id: r.place_id}) MERGE (e)-[:HELD_IN]->(pl) }`+dated("INVOLVES", "PARTICIPATED_IN")+paired("Meeting", "INVOLVES"), params(rows))
	}
	if len(r.Summits) > 0 {
		var rows []map[string]any
		for _, s := range r.Summits {
			rows = append(rows, map[string]any{"id": s.ID, "series": s.OrgID, "name": s.Name, "date": nullable(s.Date), "countries": s.Countries,
				"place": nullable(s.Place), "place_id": nullable(s.PlaceID), "ev": evidence(s.Evidence), "confidence": 0.8})
		}
		add("summits", `
			UNWIND $rows AS r
			MERGE (e:Summit {id: r.id})
			SET e.name = r.name, e.series = r.series, e.date = coalesce(date(r.date), e.date), e.countries = r.countries,
			    e.place = coalesce(r.place, e.place)`+reported+`
			CALL { WITH e, r UNWIND r.countries AS code MATCH (c:Country {code: code}) MERGE (e)-[:INVOLVES]->(c) }
			CALL { WITH e, r MATCH (pl:Place {id: r.place_id}) MERGE (e)-[:HELD_IN]->(pl) }`+dated("INVOLVES", "PARTICIPATED_IN"), params(rows))
	}
	if len(r.Visits) > 0 {
		var rows []map[string]any
		for _, v := range r.Visits {
			name := fmt.Sprintf("%s visit · %s → %s", v.Kind, countryName(lx, v.VisitorCountry), countryName(lx, v.HostCountry))
			if v.Date != "" {
				name += " · " + v.Date
			}
			rows = append(rows, map[string]any{"id": v.ID, "kind": v.Kind, "status": v.Status, "date": nullable(v.Date),
				"visitor_country": v.VisitorCountry, "host_country": v.HostCountry, "visitor": nullable(v.VisitorID),
				"countries": []string{v.VisitorCountry, v.HostCountry}, "place_id": nullable(v.PlaceID), "summit": nullable(v.Summit),
				"name": name, "ev": evidence(v.Evidence), "confidence": v.Confidence})
		}
		add("visits", `
			UNWIND $rows AS r
			MERGE (e:Visit {id: r.id})
			ON CREATE SET e.kind = r.kind, e.status = r.status
			SET e.kind = CASE WHEN e.kind = 'unspecified' THEN r.kind ELSE e.kind END,
			    e.status = CASE WHEN r.status = 'made' THEN 'made' ELSE e.status END,
			    e.date = coalesce(date(r.date), e.date), e.countries = r.countries, e.name = r.name,
			    e.visitor_country = r.visitor_country, e.host_country = r.host_country`+reported+`
			CALL { WITH e, r MATCH (c:Country {code: r.visitor_country}) MERGE (e)-[x:INVOLVES]->(c) SET x.role = 'visitor' }
			CALL { WITH e, r MATCH (c:Country {code: r.host_country}) MERGE (e)-[x:INVOLVES]->(c) SET x.role = 'host' }
			CALL { WITH e, r MATCH (n:Person {id: r.visitor}) MERGE (n)-[x:PARTICIPATED_IN]->(e) SET x.role = 'visitor' }
			CALL { WITH e, r MATCH (pl:Place {id: r.place_id}) MERGE (e)-[:HELD_IN]->(pl) }
			CALL { WITH e, r MATCH (s:Summit {id: r.summit}) MERGE (e)-[:FOR]->(s) }`+dated("INVOLVES", "PARTICIPATED_IN")+paired("Visit", "INVOLVES"), params(rows))
	}
	if len(r.Agreements) > 0 {
		var rows []map[string]any
		for _, g := range r.Agreements {
			rows = append(rows, map[string]any{"id": g.ID, "kind": g.Kind, "fields": g.Fields, "signed": g.Signed, "date": nullable(g.Date),
				"countries": g.Countries, "name": caption(g.Kind, g.Countries, lx, g.Date), "meeting": nullable(g.Meeting),
				"signatories": participants(g.Participants, "signatory"), "witnesses": participants(g.Participants, "witness"),
				"ev": evidence(g.Evidence), "confidence": g.Confidence})
		}
		add("agreements", `
			UNWIND $rows AS r
			MERGE (e:Agreement {id: r.id})
			SET e.kind = r.kind, e.signed = r.signed, e.date = coalesce(date(r.date), e.date), e.countries = r.countries, e.name = r.name,
			    e.fields = reduce(acc = coalesce(e.fields, []), f IN r.fields | CASE WHEN f IN acc THEN acc ELSE acc + f END)
			SET e.fields_text = reduce(s = '', f IN e.fields | s + ' ' + f)`+reported+`
			CALL { WITH e, r UNWIND r.countries AS code MATCH (c:Country {code: code}) MERGE (e)-[:PARTY]->(c) }
			CALL { WITH e, r UNWIND r.signatories AS p MATCH (n:Person {id: p.id}) MERGE (n)-[:SIGNED]->(e) }
			CALL { WITH e, r UNWIND r.witnesses AS p MATCH (n:Person {id: p.id}) MERGE (n)-[:WITNESSED]->(e) }
			CALL { WITH e, r MATCH (m:Meeting {id: r.meeting}) MERGE (m)-[:PRODUCED]->(e) }`+dated("PARTY", "SIGNED|WITNESSED")+paired("Agreement", "PARTY"), params(rows))
	}
	if len(r.PartnershipUpgrades) > 0 {
		var rows []map[string]any
		var dyads [][]string
		for _, u := range r.PartnershipUpgrades {
			name := caption("upgrade", u.Countries, lx, u.Date) + " → " + u.Level
			rows = append(rows, map[string]any{"id": u.ID, "level": u.Level, "level_id": nullable(u.LevelID), "rank": u.Rank,
				"qualifiers": u.Qualifiers, "status": u.Status, "date": nullable(u.Date), "countries": u.Countries,
				"name": name, "meeting": nullable(u.Meeting), "previous": nullable(u.PreviousLevelID), "ev": evidence(u.Evidence), "confidence": u.Confidence})
			if len(u.Countries) == 2 {
				dyads = append(dyads, u.Countries)
			}
		}
		add("partnership levels", `
			UNWIND $levels AS l
			MERGE (n:PartnershipLevel {id: l.id})
			SET n.name = l.name, n.rank = l.rank`, map[string]any{"levels": partnershipLevels(r, lx)})
		add("partnership upgrades", `
			UNWIND $rows AS r
			MERGE (e:PartnershipUpgrade {id: r.id})
			SET e.level = r.level, e.rank = r.rank, e.qualifiers = r.qualifiers, e.status = r.status,
			    e.date = coalesce(date(r.date), e.date), e.countries = r.countries, e.name = r.name,
			    e.previous_id = coalesce(r.previous, e.previous_id)`+reported+`
			CALL { WITH e, r UNWIND r.countries AS code MATCH (c:Country {code: code}) MERGE (e)-[:BETWEEN]->(c) }
			CALL { WITH e, r MATCH (l:PartnershipLevel {id: r.level_id}) MERGE (e)-[:TO_LEVEL]->(l) }
			CALL { WITH e, r MATCH (m:Meeting {id: r.meeting}) MERGE (m)-[:ANNOUNCED]->(e) }`+dated("BETWEEN", "")+paired("PartnershipUpgrade", "BETWEEN"), params(rows))
		// Every upgrade of the pair gets its FROM_LEVEL again: an older
		// upgrade read later changes what the newer ones were raised from.
		// The pair's own history in the graph wins over the lexicon's.
		add("previous levels", `
			UNWIND $dyads AS d
			MATCH (a:Country {code: d[0]})<-[:BETWEEN]-(e:PartnershipUpgrade)-[:BETWEEN]->(b:Country {code: d[1]})
			OPTIONAL MATCH (e)-[old:FROM_LEVEL]->()
			DELETE old
			WITH DISTINCT a, b, e
			OPTIONAL MATCH (a)<-[:BETWEEN]-(p:PartnershipUpgrade)-[:BETWEEN]->(b)
			WHERE p.date < e.date
			OPTIONAL MATCH (p)-[:TO_LEVEL]->(pl:PartnershipLevel)
			WITH e, pl, p.date AS pd ORDER BY pd DESC
			WITH e, collect(pl)[0] AS fromGraph
			OPTIONAL MATCH (known:PartnershipLevel {id: e.previous_id})
			WITH e, coalesce(fromGraph, known) AS prev
			WHERE prev IS NOT NULL
			MERGE (e)-[:FROM_LEVEL]->(prev)`, map[string]any{"dyads": dyads})
		add("current partners", "WITH $dyads AS dyads"+partnerOf, map[string]any{"dyads": dyads})
	}
	if len(r.Statements) > 0 {
		var rows []map[string]any
		for _, st := range r.Statements {
			rows = append(rows, map[string]any{"id": st.ID, "kind": st.Kind, "subject": nullable(st.Subject), "object": nullable(st.Object),
				"topics": st.Topics, "year": st.Year, "countries": st.Countries, "name": statementCaption(st, lx),
				"ev": evidence(st.Evidence), "confidence": 0.7})
		}
		add("statements", `
			UNWIND $rows AS r
			MERGE (e:Statement {id: r.id})
			SET e.kind = r.kind, e.topics = r.topics, e.year = CASE WHEN r.year = 0 THEN null ELSE r.year END,
			    e.countries = r.countries, e.name = r.name`+reported+`
			CALL { WITH e, r MATCH (c:Country {code: r.subject}) MERGE (e)-[:BY]->(c) }
			CALL { WITH e, r UNWIND r.countries AS code MATCH (c:Country {code: code}) MERGE (e)-[:BETWEEN]->(c) }
			CALL { WITH e, r MATCH (o:Country {code: r.object}) MERGE (e)-[:ON]->(o) }
			CALL { WITH e, r MATCH (o:Initiative {id: r.object}) MERGE (e)-[:ON]->(o) }
			CALL { WITH e, r MATCH (o:Project {id: r.object}) MERGE (e)-[:ON]->(o) }
			CALL { WITH e, r MATCH (s:Country {code: r.subject}), (o:Initiative {id: r.object}) WHERE r.kind = 'supports'
			       MERGE (s)-[:SUPPORTS]->(o) }
			CALL { WITH e, r MATCH (s:Country {code: r.subject}), (o:Country {code: r.object}) WHERE r.kind = 'backs'
			       MERGE (s)-[b:BACKS]->(o) SET b.topics = r.topics }`, params(rows))
	}
	var links []map[string]any
	for _, m := range r.Meetings {
		for _, p := range m.PartOf {
			links = append(links, map[string]any{"meeting": m.ID, "of": p})
		}
	}
	if len(links) > 0 {
		add("part of", `
			UNWIND $links AS l
			MATCH (m:Meeting {id: l.meeting})
			OPTIONAL MATCH (v:Visit {id: l.of})
			OPTIONAL MATCH (s:Summit {id: l.of})
			WITH m, coalesce(v, s) AS whole WHERE whole IS NOT NULL
			MERGE (m)-[:PART_OF]->(whole)`, map[string]any{"links": links})
	}
}

// dated stamps the edges of event e to its countries (countryRel) and from
// its people (personRels) with at = "<code or person id>|<date>" (an
// undated event: "<code>|"). The relationship indexes on at
// (schema/migrations.cypher) find a country's or a person's events in a
// date range by a range seek instead of walking all of them: China's
// events of one year among ten years of news. Every article that touches
// the event stamps all its edges again, so an event that gains its date
// later is found by it. Codes and ids never hold "|" or the characters
// after it, so one key's stamps never fall in another key's range.
func dated(countryRel, personRels string) string {
	s := `
			CALL { WITH e MATCH (e)-[x:` + countryRel + `]->(c:Country) SET x.at = c.code + '|' + coalesce(toString(e.date), '') }`
	if personRels != "" {
		s += `
			CALL { WITH e MATCH (n:Person)-[x:` + personRels + `]->(e) SET x.at = n.id + '|' + coalesce(toString(e.date), '') }`
	}
	return s
}

// paired links event e of label to a (:Dyad) for each pair of its
// countries (countryRel) by a PAIR edge stamped
// at = "<code>|<code>|<label>|<date>", the codes in order: the
// relationship index on at finds what two countries did together, of one
// kind and in a date range, by a range seek, where walking the events of
// one of them and checking the other grows with the graph (China and the
// United States among ten years of news). Summits are not paired: their
// dozens of countries would make hundreds of pairs, and a country's summits
// are few. Like dated, every article that touches e stamps its pairs again.
func paired(label, countryRel string) string {
	return `
			CALL { WITH e MATCH (e)-[:` + countryRel + `]->(c:Country) WITH e, c ORDER BY c.code
			       WITH e, collect(c) AS cs
			       UNWIND range(0, size(cs) - 2) AS i UNWIND range(i + 1, size(cs) - 1) AS j
			       WITH e, cs[i] AS a, cs[j] AS b
			       MERGE (d:Dyad {id: a.code + '|' + b.code})
			       ON CREATE SET d.codes = [a.code, b.code], d.name = a.name + ' – ' + b.name
			       MERGE (e)-[x:PAIR]->(d) SET x.at = d.id + '|` + label + `|' + coalesce(toString(e.date), '') }`
}

// partnerOf rewrites the convenience edge (:Country)-[:PARTNER_OF]->(:Country)
// of each dyad from its latest upgrade; $dyads or dyads lists code pairs.
// The edge carries the level as stated and its step of the scale, so that
// a country's partners are read in one hop.
const partnerOf = `
	UNWIND dyads AS d
	WITH DISTINCT d
	MATCH (a:Country {code: d[0]}), (b:Country {code: d[1]})
	OPTIONAL MATCH (a)-[old:PARTNER_OF]-(b)
	DELETE old
	WITH a, b
	OPTIONAL MATCH (a)<-[:BETWEEN]-(u:PartnershipUpgrade)-[:BETWEEN]->(b)
	WITH a, b, u ORDER BY u.date DESC, u.rank DESC
	WITH a, b, collect(u)[0] AS latest
	WHERE latest IS NOT NULL
	MERGE (a)-[p:PARTNER_OF]->(b)
	WITH p, latest, [(latest)-[:TO_LEVEL]->(l) | l][0] AS step
	SET p.level = latest.level, p.since = latest.date, p.upgrade = latest.id,
	    p.rank = CASE WHEN coalesce(latest.rank, 0) = 0 THEN step.rank ELSE latest.rank END,
	    p.level_id = step.id, p.scale = step.name, p.qualifiers = coalesce(latest.qualifiers, [])`

func countryName(lx *lexicon.Lexicon, code string) string {
	if c := lx.Countries[code]; c != nil {
		return c.Name
	}
	return code
}

func statementCaption(st extract.Statement, lx *lexicon.Lexicon) string {
	obj := st.Object
	if c := lx.Countries[obj]; c != nil {
		obj = c.Name
	} else if o := lx.Orgs[obj]; o != nil {
		obj = o.Name
	}
	switch st.Kind {
	case "relations_established":
		names := make([]string, len(st.Countries))
		for i, c := range st.Countries {
			names[i] = countryName(lx, c)
		}
		return fmt.Sprintf("relations %s established %d", strings.Join(names, "–"), st.Year)
	case "project":
		return "project · " + obj
	case "backs":
		return fmt.Sprintf("%s backs %s on %s", countryName(lx, st.Subject), obj, strings.Join(st.Topics, ", "))
	}
	return fmt.Sprintf("%s %s %s", countryName(lx, st.Subject), st.Kind, obj)
}

// partnershipLevels lists the scale's levels with those r names: the plain
// levels of the lexicon and each qualified level ("… in the new era") an
// upgrade reaches or starts from.
func partnershipLevels(r *extract.Result, lx *lexicon.Lexicon) []map[string]any {
	var out []map[string]any
	seen := map[string]bool{}
	add := func(id, name string, rank int) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, map[string]any{"id": id, "name": name, "rank": rank})
		}
	}
	for _, l := range lx.Levels {
		add(l.ID, l.Name, l.Rank)
	}
	for _, u := range r.PartnershipUpgrades {
		add(u.LevelID, u.Level, u.Rank)
		add(u.PreviousLevelID, u.PreviousLevel, u.PreviousRank)
	}
	return out
}
