package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
)

// Article is an article as stored: its text and where it came from.
type Article struct {
	ID        string // extract.ArticleID of Text
	URL       string // canonical URL; file:// for files
	Source    string
	Title     string
	Text      string
	Lang      string
	Published string
	Outlet    string
}

// Outcome says what writing an article did.
type Outcome string

const (
	New       Outcome = "new"
	Unchanged Outcome = "unchanged"
	Updated   Outcome = "updated"
)

// Extractor names the extraction rules on every REPORTED_IN edge, so that
// facts can be traced to the code that found them.
const Extractor = "diplograph-rules/1"

// Known reports whether an article with this content is stored, and the ids
// of other versions stored under the same URL.
func (s *Store) Known(ctx context.Context, id, url string) (known bool, others []string, err error) {
	recs, err := s.Read(ctx, `
		OPTIONAL MATCH (a:Article {id: $id})
		OPTIONAL MATCH (o:Article) WHERE $url <> '' AND o.url = $url AND o.id <> $id
		RETURN a IS NOT NULL AS known, collect(o.id) AS others`,
		map[string]any{"id": id, "url": url})
	if err != nil {
		return false, nil, fmt.Errorf("look up article %s: %w", id, err)
	}
	k, _ := recs[0].Get("known")
	ov, _ := recs[0].Get("others")
	for _, o := range ov.([]any) {
		others = append(others, o.(string))
	}
	return k.(bool), others, nil
}

// WriteArticle stores an article and everything extracted from it in one
// transaction: either all of it is in the graph afterwards or none of it.
// Older versions of the article (same URL, other content) are replaced in
// the same transaction: their facts go unless another article reports them.
func (s *Store) WriteArticle(ctx context.Context, a Article, r *extract.Result, lx *lexicon.Lexicon, replace []string) error {
	stmts := writeStatements(a, r, lx, replace)
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	start := time.Now()
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		stmts := stmts
		if len(replace) > 0 {
			// The partnerships of the replaced version's dyads are rewritten
			// once its upgrades are gone.
			res, err := tx.Run(ctx, `
				MATCH (old:Article) WHERE old.id IN $old
				MATCH (u:PartnershipUpgrade)-[:REPORTED_IN]->(old)
				RETURN collect(u.countries) AS dyads`, map[string]any{"old": replace})
			if err != nil {
				return nil, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			dyads, _ := rec.Get("dyads")
			stmts = append(slices.Clone(stmts), statement{"partners of replaced upgrades", "WITH $dyads AS dyads" + partnerOf, map[string]any{"dyads": dyads}})
		}
		for _, st := range stmts {
			s.queries.add()
			res, err := tx.Run(ctx, st.cypher, st.params)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", st.name, err)
			}
			if _, err := res.Consume(ctx); err != nil {
				return nil, fmt.Errorf("%s: %w", st.name, err)
			}
		}
		return nil, nil
	})
	s.log.Debug("article written", "article", a.ID, "statements", len(stmts), "took", time.Since(start), "ok", err == nil)
	if err != nil {
		return fmt.Errorf("write article %s: %w", a.ID, err)
	}
	return nil
}

type statement struct {
	name   string
	cypher string
	params map[string]any
}

// writeStatements builds the statements that store one article. Each kind
// of node is written by one UNWIND statement over a list.
func writeStatements(a Article, r *extract.Result, lx *lexicon.Lexicon, replace []string) []statement {
	var out []statement
	add := func(name, cypher string, params map[string]any) {
		if params == nil {
			params = map[string]any{}
		}
		params["article"] = a.ID
		out = append(out, statement{name, cypher, params})
	}
	if len(replace) > 0 {
		add("drop replaced facts", `
			MATCH (old:Article) WHERE old.id IN $old
			MATCH (e)-[r:REPORTED_IN]->(old)
			DELETE r
			WITH DISTINCT e
			WHERE NOT (e)-[:REPORTED_IN]->()
			DETACH DELETE e`, map[string]any{"old": replace})
		add("drop replaced articles", `
			MATCH (old:Article) WHERE old.id IN $old
			DETACH DELETE old`, map[string]any{"old": replace})
		add("drop orphan stances", `
			MATCH (c)-[r:SUPPORTS|BACKS]->(o)
			WHERE NOT EXISTS { MATCH (c)<-[:BY]-(:Statement)-[:ON]->(o) }
			DELETE r`, nil)
	}
	dl := map[string]any{}
	if r.Dateline != nil {
		dl = map[string]any{"text": r.Dateline.Text, "place": r.Dateline.Place, "date": r.Dateline.Date, "outlet": r.Dateline.Outlet}
	}
	outlet := a.Outlet
	if outlet == "" && r.Dateline != nil {
		outlet = r.Dateline.Outlet
	}
	add("article", `
		MERGE (a:Article {id: $article})
		ON CREATE SET a.ingested = datetime()
		SET a.url = $url, a.source = $source, a.title = $title, a.text = $text, a.lang = $lang,
		    a.published = CASE WHEN $published = '' THEN null ELSE date($published) END,
		    a.outlet = $outlet, a.dateline = $dl.text, a.dateline_date = CASE WHEN $dl.date IS NULL OR $dl.date = '' THEN null ELSE date($dl.date) END,
		    a.name = $name, a.extractor = $extractor,
		    a.title_ar = CASE WHEN $lang = 'ar' THEN $title END, a.text_ar = CASE WHEN $lang = 'ar' THEN $text END,
		    a.title_en = CASE WHEN $lang = 'en' THEN $title END, a.text_en = CASE WHEN $lang = 'en' THEN $text END`,
		map[string]any{"url": a.URL, "source": a.Source, "title": a.Title, "text": a.Text, "lang": r.Lang,
			"published": a.Published, "outlet": outlet, "dl": dl, "name": articleCaption(a, outlet), "extractor": Extractor})

	e := r.Entities
	if len(e.Countries) > 0 {
		var rows []map[string]any
		for _, c := range e.Countries {
			en, ar := splitAliases(c.Aliases)
			rows = append(rows, map[string]any{"code": c.Code, "kind": c.Kind, "name": c.Name, "name_ar": c.NameAr,
				"aliases_en": strings.Join(en, " | "), "aliases_ar": strings.Join(ar, " | "), "search_ar": searchAr(c.NameAr, ar)})
		}
		add("countries", `
			UNWIND $rows AS c
			MERGE (n:Country {code: c.code})
			SET n.id = c.code, n.kind = c.kind, n.name = c.name, n.name_en = c.name, n.name_ar = c.name_ar,
			    n.aliases_en = c.aliases_en, n.aliases_ar = c.aliases_ar, n.search_ar = c.search_ar`,
			map[string]any{"rows": rows})
	}
	if len(e.People) > 0 {
		var rows []map[string]any
		for _, p := range e.People {
			en, ar := splitAliases(p.Aliases)
			var offices []map[string]any
			for _, o := range p.Offices {
				offices = append(offices, map[string]any{"office": o.Office, "title": o.Title, "country": o.Country, "since": o.Since, "until": o.Until})
			}
			rows = append(rows, map[string]any{"id": p.ID, "name": p.Name, "name_ar": p.NameAr,
				"aliases_en": strings.Join(en, " | "), "aliases_ar": strings.Join(ar, " | "), "search_ar": searchAr(p.NameAr, ar), "offices": offices})
		}
		add("people", `
			UNWIND $rows AS p
			MERGE (n:Person {id: p.id})
			SET n.name = p.name, n.name_en = p.name, n.name_ar = p.name_ar,
			    n.aliases_en = p.aliases_en, n.aliases_ar = p.aliases_ar, n.search_ar = p.search_ar
			WITH n, p
			UNWIND p.offices AS o
			MATCH (c:Country {code: o.country})
			MERGE (n)-[h:HOLDS_OFFICE {office: o.office, since: CASE WHEN o.since = '' THEN '' ELSE o.since END}]->(c)
			SET h.title = o.title, h.until = CASE WHEN o.until = '' THEN null ELSE o.until END, h.source = 'lexicon'`,
			map[string]any{"rows": rows})
	}
	if len(e.Places) > 0 {
		var rows []map[string]any
		for _, p := range e.Places {
			en, ar := splitAliases(p.Aliases)
			rows = append(rows, map[string]any{"id": p.ID, "kind": p.Kind, "name": p.Name, "name_ar": p.NameAr, "country": p.Country, "parent": p.Parent,
				"aliases_en": strings.Join(en, " | "), "aliases_ar": strings.Join(ar, " | "), "search_ar": searchAr(p.NameAr, ar)})
		}
		add("places", `
			UNWIND $rows AS p
			MERGE (n:Place {id: p.id})
			SET n.kind = p.kind, n.name = p.name, n.name_en = p.name, n.name_ar = p.name_ar,
			    n.aliases_en = p.aliases_en, n.aliases_ar = p.aliases_ar, n.search_ar = p.search_ar, n.country = p.country`,
			map[string]any{"rows": rows})
		add("place containment", `
			UNWIND $rows AS p
			MATCH (n:Place {id: p.id})
			OPTIONAL MATCH (parent:Place {id: p.parent})
			OPTIONAL MATCH (c:Country {code: p.country})
			WITH n, coalesce(parent, c) AS container
			WHERE container IS NOT NULL
			MERGE (n)-[:LOCATED_IN]->(container)`,
			map[string]any{"rows": rows})
	}
	for _, label := range []string{"Organization", "Initiative", "Project"} {
		var rows []map[string]any
		for _, o := range e.Orgs {
			if orgLabel(o.Kind) != label {
				continue
			}
			en, ar := splitAliases(o.Aliases)
			rows = append(rows, map[string]any{"id": o.ID, "kind": o.Kind, "name": o.Name, "name_ar": o.NameAr, "countries": o.Countries,
				"aliases_en": strings.Join(en, " | "), "aliases_ar": strings.Join(ar, " | "), "search_ar": searchAr(o.NameAr, ar)})
		}
		if len(rows) == 0 {
			continue
		}
		rel := "INVOLVES"
		if label == "Initiative" {
			rel = "PROPOSED_BY"
		}
		// label and rel are constants chosen above, never input
		add("organizations", `
			UNWIND $rows AS o
			MERGE (n:`+label+` {id: o.id})
			SET n.kind = o.kind, n.name = o.name, n.name_en = o.name, n.name_ar = o.name_ar,
			    n.aliases_en = o.aliases_en, n.aliases_ar = o.aliases_ar, n.search_ar = o.search_ar
			WITH n, o
			UNWIND o.countries AS code
			MATCH (c:Country {code: code})
			MERGE (n)-[:`+rel+`]->(c)`,
			map[string]any{"rows": rows})
	}
	eventStatements(r, lx, add)
	return out
}

// orgLabel maps a lexicon kind of organisation to its node label.
func orgLabel(kind string) string {
	switch kind {
	case "initiative":
		return "Initiative"
	case "project":
		return "Project"
	}
	return "Organization"
}

// splitAliases separates Arabic from other spellings.
func splitAliases(all []string) (en, ar []string) {
	for _, a := range all {
		if lexicon.IsArabic(a) {
			ar = append(ar, a)
		} else {
			en = append(en, a)
		}
	}
	return en, ar
}

// searchAr is every Arabic spelling folded the way queries are folded, so a
// search in any variant the lexicon knows finds the entity.
func searchAr(name string, aliases []string) string {
	seen := map[string]bool{}
	var out []string
	for _, a := range append([]string{name}, aliases...) {
		f := lexicon.Fold(a)
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return strings.Join(out, " | ")
}

func articleCaption(a Article, outlet string) string {
	title := a.Title
	if title == "" {
		title = firstWords(a.Text, 8)
	}
	if outlet != "" {
		return outlet + ": " + title
	}
	return title
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + "…"
	}
	return strings.Join(f, " ")
}
