package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
)

// ArticleResult is an article with what was extracted from it.
type ArticleResult struct {
	Article Article
	Result  *extract.Result
}

// WriteArticles stores new articles in one transaction, with the
// statements WriteArticle runs for each, so that a bulk load pays one commit
// per batch instead of one per article. Statements of the same kind are
// merged across the batch into one (their row lists joined, each event row
// carrying its own article), so a batch costs about as many round trips as
// one article. Either the whole batch is in the graph afterwards or none of
// it; writing a batch again changes nothing. It replaces no older
// versions: use WriteArticle for updated articles.
func (s *Store) WriteArticles(ctx context.Context, batch []ArticleResult, lx *lexicon.Lexicon) error {
	if len(batch) == 0 {
		return nil
	}
	per := make([][]statement, len(batch))
	for i, ar := range batch {
		per[i] = writeStatements(ar.Article, ar.Result, lx, nil)
	}
	stmts, ok := mergeStatements(per)
	if !ok {
		// a statement this function does not know how to merge: run them
		// one by one, still in one transaction
		stmts = nil
		for _, p := range per {
			stmts = append(stmts, p...)
		}
	}
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	start := time.Now()
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range stmts {
			s.queries.add()
			res, err := tx.Run(ctx, st.cypher, st.params)
			if err == nil {
				_, err = res.Consume(ctx)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", st.name, err)
			}
		}
		return nil, nil
	})
	s.log.Debug("articles written", "articles", len(batch), "statements", len(stmts), "merged", ok, "took", time.Since(start), "ok", err == nil)
	if err != nil {
		return fmt.Errorf("write %d articles (first %s): %w", len(batch), batch[0].Article.ID, err)
	}
	return nil
}

// statementOrder is the order in which writeStatements emits statements;
// merged statements keep it, so that what a statement matches (countries,
// people, meetings) is written before it runs.
var statementOrder = []string{"article", "countries", "people", "places", "place containment", "organizations",
	"meetings", "summits", "visits", "agreements", "partnership levels", "partnership upgrades", "previous levels",
	"current partners", "statements", "part of"}

var paramRef = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// mergeStatements joins the statements of several articles into one
// statement per Cypher text, in statementOrder. It reports false when a
// statement has a shape it does not know, and the caller runs them
// unmerged.
func mergeStatements(per [][]statement) ([]statement, bool) {
	rank := map[string]int{}
	for i, n := range statementOrder {
		rank[n] = i
	}
	type group struct {
		statement
		list string          // the list parameter joined, or "" for one-row statements
		seen map[string]bool // ids of entity rows already listed
		rows []any           // one-row statements: their parameters
	}
	buckets := make([][]*group, len(statementOrder))
	byCypher := map[string]*group{}
	for _, stmts := range per {
		for _, st := range stmts {
			r, known := rank[st.name]
			if !known {
				return nil, false
			}
			g := byCypher[st.cypher]
			if g == nil {
				g = &group{statement: statement{name: st.name, params: map[string]any{}}, seen: map[string]bool{}}
				list, ok := listParam(st)
				if !ok {
					return nil, false
				}
				g.list = list
				switch {
				case list == "":
					// MERGE (a:Article {id: $article}) SET a.x = $x … for
					// every row of $batch
					if strings.Contains(st.cypher, "WITH") {
						return nil, false
					}
					g.cypher = "UNWIND $batch AS batch " + paramRef.ReplaceAllString(st.cypher, "batch.$1")
				case strings.Contains(st.cypher, "$article"):
					// the events of a row are reported in the row's article
					if list != "rows" || !strings.Contains(st.cypher, "UNWIND $rows AS r") {
						return nil, false
					}
					g.cypher = strings.ReplaceAll(st.cypher, "$article", "r.article_id")
				default:
					g.cypher = st.cypher
				}
				for k, v := range st.params {
					if k != list && k != "article" {
						g.params[k] = v
					}
				}
				byCypher[st.cypher] = g
				buckets[r] = append(buckets[r], g)
			}
			if g.list == "" {
				g.rows = append(g.rows, st.params)
				continue
			}
			switch rows := st.params[g.list].(type) {
			case []map[string]any:
				for _, row := range rows {
					if strings.Contains(g.cypher, "r.article_id") {
						row["article_id"] = st.params["article"]
					} else if id := entityID(row); id != "" {
						if g.seen[id] {
							continue
						}
						g.seen[id] = true
					}
					g.rows = append(g.rows, row)
				}
			case [][]string:
				for _, row := range rows {
					g.rows = append(g.rows, row)
				}
			default:
				return nil, false
			}
		}
	}
	var out []statement
	for _, b := range buckets {
		for _, g := range b {
			key := g.list
			if key == "" {
				key = "batch"
			}
			g.params[key] = g.rows
			out = append(out, g.statement)
		}
	}
	return out, true
}

// listParam names the one list parameter of a statement, "" if it has none.
func listParam(st statement) (string, bool) {
	list := ""
	for k, v := range st.params {
		switch v.(type) {
		case []map[string]any, [][]string:
			if list != "" {
				return "", false
			}
			list = k
		}
	}
	return list, true
}

// entityID is the key of an entity row (a country, person, place,
// organisation or level), which every article lists the same way.
func entityID(row map[string]any) string {
	for _, k := range []string{"id", "code"} {
		if v, ok := row[k].(string); ok && v != "" {
			return k + ":" + v
		}
	}
	return ""
}
