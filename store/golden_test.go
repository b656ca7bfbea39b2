package store_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/diplograph/diplograph/extract"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

// props kept in the golden file: identity and meaning, not timestamps,
// spellings or quotes (quotes are checked against the text separately).
var goldenProps = []string{"code", "id", "kind", "name", "date", "status", "level", "rank", "fields", "countries",
	"topics", "year", "role", "office", "since", "until", "lang", "published", "dateline", "signed", "qualifiers"}

func ingestSeed(t *testing.T, st *store.Store, lx *lexicon.Lexicon, name string) *extract.Result {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(string(b))
	id := extract.ArticleID(text)
	res, err := extract.New(lx).Extract(text, extract.Options{Published: "2023-05-18", ArticleID: id})
	if err != nil {
		t.Fatal(err)
	}
	art := store.Article{ID: id, URL: "https://example.org/" + name, Source: name, Text: text, Lang: res.Lang, Published: "2023-05-18"}
	if err := st.WriteArticle(context.Background(), art, res, lx, nil); err != nil {
		t.Fatal(err)
	}
	return res
}

func loadLexicon(t *testing.T) *lexicon.Lexicon {
	t.Helper()
	lx, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

// dump lists every node and relationship of the graph as sorted lines.
func dump(t *testing.T, st *store.Store) []string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	key := func(labels []string, p map[string]any) string {
		k := p["code"]
		if k == nil {
			k = p["id"]
		}
		if labels[0] == "Article" {
			k = p["source"] // the hash would change with every edit of the text
		}
		return fmt.Sprintf("%s:%v", labels[0], k)
	}
	recs, err := st.Read(ctx, `MATCH (n) RETURN labels(n) AS labels, properties(n) AS p`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		labels := toStrings(r.AsMap()["labels"])
		p := r.AsMap()["p"].(map[string]any)
		lines = append(lines, "("+key(labels, p)+" "+format(p)+")")
	}
	recs, err = st.Read(ctx, `MATCH (a)-[r]->(b) RETURN labels(a) AS la, properties(a) AS pa, type(r) AS t, properties(r) AS pr, labels(b) AS lb, properties(b) AS pb`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		m := r.AsMap()
		lines = append(lines, fmt.Sprintf("(%s)-[%s %s]->(%s)", key(toStrings(m["la"]), m["pa"].(map[string]any)), m["t"],
			format(m["pr"].(map[string]any)), key(toStrings(m["lb"]), m["pb"].(map[string]any))))
	}
	slices.Sort(lines)
	return lines
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func format(p map[string]any) string {
	var parts []string
	for _, k := range goldenProps {
		v, ok := p[k]
		if !ok || v == nil {
			continue
		}
		if d, ok := v.(dbtype.Date); ok {
			v = d.Time().Format("2006-01-02")
		}
		parts = append(parts, fmt.Sprintf("%s=%v", k, v))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

// TestSeedGolden checks, node by node and edge by edge, the graph the seed
// article produces against testdata/seed.golden (go test -update rewrites it
// after a reviewed change), and spells out the facts the article states.
func TestSeedGolden(t *testing.T) {
	st := neo4jtest.New(t)
	lx := loadLexicon(t)
	res := ingestSeed(t, st, lx, "xinhua-ar-2023-05-18.txt")
	got := dump(t, st)

	golden := "testdata/seed.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./store -run TestSeedGolden -update to create it)", err)
	}
	want := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("missing: %s", l)
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("unexpected: %s", l)
		}
	}

	// The facts of the issue, independent of the golden file.
	facts := []struct {
		name   string
		cypher string
	}{
		{"countries", `MATCH (c:Country) WHERE c.code IN ['CN','KG','UZ'] WITH count(c) AS n WHERE n = 3 RETURN n`},
		{"xi-president-on-the-day", `MATCH (:Person {id:'xi-jinping', name_ar:'شي جين بينغ'})-[h:HOLDS_OFFICE {office:'president'}]->(:Country {code:'CN'})
			WHERE h.since <= '2023-05-18' AND (h.until IS NULL OR h.until >= '2023-05-18') RETURN h`},
		{"japarov-president-on-the-day", `MATCH (:Person {id:'sadyr-japarov', name:'Sadyr Japarov'})-[h:HOLDS_OFFICE {office:'president'}]->(:Country {code:'KG'})
			WHERE h.since <= '2023-05-18' AND (h.until IS NULL OR h.until >= '2023-05-18') RETURN h`},
		{"talks-in-xian-on-the-day", `MATCH (m:Meeting {kind:'talks', date: date('2023-05-18')})-[:HELD_IN]->(:Place {id:'xian'})-[:LOCATED_IN]->(:Place {id:'shaanxi'})-[:LOCATED_IN]->(:Country {code:'CN'}) RETURN m`},
		{"xi-hosts", `MATCH (:Person {id:'xi-jinping'})-[:PARTICIPATED_IN {role:'host'}]->(:Meeting {kind:'talks'}) RETURN 1`},
		{"japarov-guest", `MATCH (:Person {id:'sadyr-japarov'})-[:PARTICIPATED_IN {role:'guest'}]->(:Meeting {kind:'talks'}) RETURN 1`},
		{"three-attendees", `MATCH (p:Person)-[:PARTICIPATED_IN {role:'attendee'}]->(:Meeting {kind:'talks'}) WHERE p.id IN ['cai-qi','wang-yi','qin-gang']
			WITH count(p) AS n WHERE n = 3 RETURN n`},
		{"state-visit-part-of", `MATCH (:Meeting {kind:'talks'})-[:PART_OF]->(v:Visit {kind:'state', status:'made'})-[:FOR]->(:Summit {series:'china-central-asia-summit'})-[:HELD_IN]->(:Place {id:'xian'})
			MATCH (:Person {id:'sadyr-japarov'})-[:PARTICIPATED_IN {role:'visitor'}]->(v)
			MATCH (v)-[:INVOLVES {role:'visitor'}]->(:Country {code:'KG'}) MATCH (v)-[:INVOLVES {role:'host'}]->(:Country {code:'CN'}) RETURN v`},
		{"upgrade-on-the-scale", `MATCH (:Meeting {kind:'talks'})-[:ANNOUNCED]->(u:PartnershipUpgrade {level:'comprehensive strategic partnership in the new era'})-[:TO_LEVEL]->(to:PartnershipLevel)
			MATCH (u)-[:FROM_LEVEL]->(from:PartnershipLevel {id:'comprehensive-strategic-partnership'}) WHERE to.rank > from.rank
			MATCH (u)-[:BETWEEN]->(:Country {code:'CN'}) MATCH (u)-[:BETWEEN]->(:Country {code:'KG'}) RETURN u`},
		{"declaration-signed-by-both", `MATCH (a:Agreement {kind:'joint_declaration'})<-[:SIGNED]-(:Person {id:'xi-jinping'}) MATCH (a)<-[:SIGNED]-(:Person {id:'sadyr-japarov'})
			MATCH (:Meeting {kind:'talks'})-[:PRODUCED]->(a) RETURN a`},
		{"documents-witnessed-with-fields", `MATCH (a:Agreement {kind:'cooperation_documents'})<-[:WITNESSED]-(:Person {id:'xi-jinping'}) MATCH (a)<-[:WITNESSED]-(:Person {id:'sadyr-japarov'})
			WHERE all(f IN ['economy','trade','industrial development','investment','customs','agriculture','culture'] WHERE f IN a.fields) RETURN a`},
		{"initiatives", `MATCH (i:Initiative) WHERE i.id IN ['belt-and-road','global-security-initiative','global-development-initiative'] WITH count(i) AS n WHERE n = 3 RETURN n`},
		{"kyrgyzstan-supports-gsi-gdi", `MATCH (:Country {code:'KG'})-[:SUPPORTS]->(i:Initiative) WHERE i.id IN ['global-security-initiative','global-development-initiative'] WITH count(i) AS n WHERE n = 2 RETURN n`},
		{"kyrgyzstan-backs-china", `MATCH (:Country {code:'KG'})-[b:BACKS]->(:Country {code:'CN'}) WHERE all(t IN ['Taiwan','Xinjiang','Hong Kong'] WHERE t IN b.topics) RETURN b`},
		{"railway", `MATCH (s:Statement {kind:'project'})-[:ON]->(p:Project {id:'china-kyrgyzstan-uzbekistan-railway'}) MATCH (p)-[:INVOLVES]->(:Country {code:'UZ'}) RETURN p`},
		{"relations-since-1992", `MATCH (s:Statement {kind:'relations_established', year: 1992})-[:BETWEEN]->(:Country {code:'KG'}) RETURN s`},
		{"one-meeting-only", `MATCH (m:Meeting) WITH count(m) AS n WHERE n = 1 RETURN n`},
		{"every-event-has-provenance", `MATCH (e) WHERE (e:Meeting OR e:Visit OR e:Summit OR e:Agreement OR e:PartnershipUpgrade OR e:Statement) AND NOT (e)-[:REPORTED_IN]->(:Article)
			WITH count(e) AS n WHERE n = 0 RETURN n`},
		{"article", `MATCH (a:Article {lang:'ar', published: date('2023-05-18'), dateline: 'شيآن 18 مايو 2023 (شينخوا)'}) RETURN a`},
	}
	for _, f := range facts {
		t.Run(f.name, func(t *testing.T) {
			recs, err := st.Read(context.Background(), f.cypher, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) == 0 {
				t.Errorf("not in the graph: %s", f.cypher)
			}
		})
	}

	// Every quote is the text between its offsets.
	text := []rune(strings.TrimSpace(mustRead(t, "../testdata/xinhua-ar-2023-05-18.txt")))
	recs, err := st.Read(context.Background(), `MATCH ()-[r:REPORTED_IN]->() RETURN r.start AS s, r.end AS e, r.quote AS q`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		m := r.AsMap()
		s, e := int(m["s"].(int64)), int(m["e"].(int64))
		if got := string(text[s:e]); got != m["q"] {
			t.Errorf("quote at [%d:%d] = %q, want %q", s, e, got, m["q"])
		}
	}
	_ = res
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
