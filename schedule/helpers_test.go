package schedule_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/schedule"
	"github.com/diplograph/diplograph/store"
)

// web plays the web for the tests: feeds and article pages, with ETags,
// scripted failures and a count of requests per path.
type web struct {
	t   *testing.T
	srv *httptest.Server

	mu    sync.Mutex
	paths map[string]*resource
}

// A resource is what the web answers at a path.
type resource struct {
	body        string
	contentType string
	etag        string // "" for a server that does not do conditional requests
	fail        []int  // statuses answered first, in turn, before the body
	status      int    // answered every time instead of the body, when not 0
	hits        int
	notModified int
	onRequest   func() // called at each request, before answering
}

func newWeb(t *testing.T) *web {
	w := &web{t: t, paths: map[string]*resource{}}
	w.srv = httptest.NewServer(http.HandlerFunc(w.serve))
	t.Cleanup(w.srv.Close)
	return w
}

func (w *web) url(path string) string { return w.srv.URL + path }

func (w *web) serve(rw http.ResponseWriter, r *http.Request) {
	w.mu.Lock()
	res, ok := w.paths[r.URL.Path]
	if !ok {
		w.mu.Unlock()
		http.NotFound(rw, r)
		return
	}
	res.hits++
	on := res.onRequest
	var status int
	switch {
	case len(res.fail) > 0:
		status, res.fail = res.fail[0], res.fail[1:]
	case res.status != 0:
		status = res.status
	case res.etag != "" && r.Header.Get("If-None-Match") == res.etag:
		res.notModified++
		status = http.StatusNotModified
	}
	body, ctype, etag := res.body, res.contentType, res.etag
	w.mu.Unlock()
	if on != nil {
		on()
	}
	if status != 0 {
		rw.WriteHeader(status)
		return
	}
	if etag != "" {
		rw.Header().Set("ETag", etag)
	}
	rw.Header().Set("Content-Type", ctype)
	io.WriteString(rw, body)
}

// set serves body at path.
func (w *web) set(path string, r *resource) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.paths[path] = r
}

// get returns a copy of what path has answered so far.
func (w *web) get(path string) resource {
	w.mu.Lock()
	defer w.mu.Unlock()
	return *w.paths[path]
}

// article reads a test article of testdata.
func article(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// page wraps an article in the HTML of a news site: menus, related links
// and a footer around it, as readability meets them.
func page(title, lang, canonical, text string) *resource {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q><head><meta charset=\"utf-8\"><title>%s | Test Wire</title>\n", lang, html.EscapeString(title))
	if canonical != "" {
		fmt.Fprintf(&b, "<link rel=\"canonical\" href=%q>\n", canonical)
	}
	b.WriteString("</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/login\">Sign in</a></nav></header>\n<main><article>\n")
	fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(title))
	for _, p := range strings.Split(text, "\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><aside><h2>Most read</h2><ul><li><a href=\"/x\">Markets close higher</a></li></ul></aside></main>\n<footer>© Test Wire</footer></body></html>\n")
	return &resource{body: b.String(), contentType: "text/html; charset=utf-8", etag: fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(b.String())))[:18] + `"`}
}

// An item of a test feed.
type item struct {
	title, link, pub, lang string
	description, content   string
}

// feed writes an RSS 2.0 feed of items.
func feed(lang string, items ...item) *resource {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Test Wire</title><link>http://wire.example/</link><description>Diplomatic news</description>
`)
	if lang != "" {
		fmt.Fprintf(&b, "<language>%s</language>\n", lang)
	}
	for _, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate>", html.EscapeString(it.title), html.EscapeString(it.link), html.EscapeString(it.link), it.pub)
		if it.lang != "" {
			fmt.Fprintf(&b, "<dc:language>%s</dc:language>", it.lang)
		}
		fmt.Fprintf(&b, "<description>%s</description>", html.EscapeString(it.description))
		if it.content != "" {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>", it.content)
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>\n")
	return &resource{body: b.String(), contentType: "application/rss+xml; charset=utf-8"}
}

// paragraphs renders text as HTML paragraphs, as feeds carry full texts.
func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(text, "\n") {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(p))
	}
	return b.String()
}

// threeItems serves the feed of the tests at /feed.xml: an Arabic page, an
// English page, and an English article carried whole by the feed.
func threeItems(t *testing.T, w *web) {
	w.set("/news/sisi-prabowo", page("السيسي يستقبل برابوو", "ar", "", article(t, "ar-sisi-prabowo.txt")))
	w.set("/news/prabowo-erdogan", page("Prabowo and Erdogan hold talks", "en", w.url("/news/prabowo-erdogan"), article(t, "en-prabowo-erdogan.txt")))
	w.set("/news/ramaphosa-modi", &resource{status: http.StatusGone}) // never fetched: the feed has the text
	w.set("/feed.xml", feed("en",
		item{title: "السيسي يستقبل الرئيس الإندونيسي", link: w.url("/news/sisi-prabowo?utm_source=rss&utm_medium=feed"), pub: "Wed, 12 Mar 2025 12:00:00 +0200", lang: "ar",
			description: "استقبل الرئيس المصري نظيره الإندونيسي…"},
		item{title: "Prabowo, Erdogan hold talks in Ankara", link: w.url("/news/prabowo-erdogan#top"), pub: "Thu, 03 Apr 2025 15:00:00 +0300",
			description: "Indonesian President Prabowo Subianto held talks with..."},
		item{title: "Ramaphosa meets Modi in New Delhi", link: w.url("/news/ramaphosa-modi"), pub: "Tue, 20 May 2025 11:00:00 +0530",
			description: "South African President Cyril Ramaphosa met Indian Prime Minister Narendra Modi.", content: paragraphs(article(t, "en-ramaphosa-modi.txt"))},
	))
}

// clock is a settable clock shared by the runners of a test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

var (
	lexOnce sync.Once
	lex     *lexicon.Lexicon
	lexErr  error
)

func testLexicon(t *testing.T) *lexicon.Lexicon {
	t.Helper()
	lexOnce.Do(func() { lex, lexErr = lexicon.Default() })
	if lexErr != nil {
		t.Fatal(lexErr)
	}
	return lex
}

// newRunner returns a runner on st whose fetcher does not wait between
// retries, logging to the test.
func newRunner(t *testing.T, st *store.Store, holder string, c *clock) *schedule.Runner {
	t.Helper()
	return newRunnerTimeout(t, st, holder, c, 30*time.Second)
}

// newRunnerTimeout is newRunner with the time allowed to write an article.
func newRunnerTimeout(t *testing.T, st *store.Store, holder string, c *clock, article time.Duration) *schedule.Runner {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	return schedule.NewRunner(schedule.Options{
		Store:    st,
		Pipeline: ingest.NewPipeline(st, testLexicon(t), log),
		Fetcher: ingest.NewFetcher(ingest.FetchOptions{Timeout: 5 * time.Second,
			Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }}, log),
		Logger:         log,
		Holder:         holder,
		Now:            c.Now,
		ArticleTimeout: article,
	})
}

// jobs parses a jobs file written for the test.
func jobs(t *testing.T, yaml string) []schedule.Job {
	t.Helper()
	cfg, err := schedule.Parse("jobs.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("jobs file: %v", err)
	}
	return cfg.Jobs
}

// bookkeeping labels are the nodes of ingestion itself, not of the
// knowledge graph; volatile properties are times of writing.
var (
	bookkeeping = []string{"IngestRun", "IngestFailure", "Lease", "Fetch", "FileState"}
	volatile    = map[string]bool{"ingested": true, "at": true, "first": true, "started": true, "finished": true}
)

// graphHash digests the knowledge graph: each node's sorted labels and
// properties, each relationship's type, properties and end nodes, sorted,
// leaving out runs and other bookkeeping and the times of writing. Two
// graphs with the same hash hold the same facts. It also returns the
// numbers of nodes and relationships hashed.
func graphHash(t *testing.T, st *store.Store) (hash string, nodes, rels int) {
	t.Helper()
	ctx := context.Background()
	recs, err := st.Read(ctx, `
		MATCH (n) WHERE none(l IN labels(n) WHERE l IN $skip)
		RETURN labels(n) AS labels, properties(n) AS props`, map[string]any{"skip": bookkeeping})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range recs {
		m := r.AsMap()
		lines = append(lines, "N "+describe(m["labels"], m["props"]))
	}
	nodes = len(lines)
	recs, err = st.Read(ctx, `
		MATCH (a)-[r]->(b)
		WHERE none(l IN labels(a) + labels(b) WHERE l IN $skip)
		RETURN type(r) AS type, properties(r) AS props,
		       labels(a) AS al, coalesce(a.id, a.code, a.url) AS ak, labels(b) AS bl, coalesce(b.id, b.code, b.url) AS bk`,
		map[string]any{"skip": bookkeeping})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		m := r.AsMap()
		lines = append(lines, fmt.Sprintf("R %v %s (%v %v)->(%v %v)", m["type"], describe(nil, m["props"]), m["al"], m["ak"], m["bl"], m["bk"]))
	}
	rels = len(lines) - nodes
	sort.Strings(lines)
	h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(h[:]), nodes, rels
}

func describe(labels, props any) string {
	var ls []string
	if l, ok := labels.([]any); ok {
		for _, x := range l {
			ls = append(ls, fmt.Sprint(x))
		}
	}
	slices.Sort(ls)
	p, _ := props.(map[string]any)
	keys := make([]string, 0, len(p))
	for k := range p {
		if !volatile[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(strings.Join(ls, ":"))
	b.WriteString("{")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%v;", k, p[k])
	}
	b.WriteString("}")
	return b.String()
}

// count returns one number from a query.
func count(t *testing.T, st *store.Store, cypher string, params map[string]any) int64 {
	t.Helper()
	recs, err := st.Read(context.Background(), cypher, params)
	if err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
	v, _ := recs[0].Get("n")
	return v.(int64)
}

// orphans counts events reported by no article.
func orphans(t *testing.T, st *store.Store) int64 {
	return count(t, st, `
		MATCH (e) WHERE (e:Meeting OR e:Visit OR e:Agreement OR e:PartnershipUpgrade OR e:Statement OR e:Summit)
		  AND NOT (e)-[:REPORTED_IN]->(:Article)
		RETURN count(e) AS n`, nil)
}

// runs returns the runs of job as stored, oldest first.
func runs(t *testing.T, st *store.Store, job string) []map[string]any {
	t.Helper()
	recs, err := st.Read(context.Background(), `
		MATCH (r:IngestRun {job: $job})
		OPTIONAL MATCH (r)-[:HAD_FAILURE]->(f:IngestFailure)
		WITH r, collect(f {.source, .reason, .job}) AS failures
		RETURN r {.*, failures: failures} AS run ORDER BY r.started, r.id`, map[string]any{"job": job})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, r := range recs {
		v, _ := r.Get("run")
		out = append(out, v.(map[string]any))
	}
	return out
}

// proxy forwards TCP connections to Neo4j until it is taken down, which
// closes its port and every connection through it: to the driver, that is
// Neo4j gone. Up opens the same port again.
type proxy struct {
	target, addr string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
	wg    sync.WaitGroup
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(func() {
		p.down()
		p.wg.Wait()
	})
	return p
}

func (p *proxy) up(t *testing.T) {
	t.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("reopen proxy: %v", err)
	}
	p.serve(ln)
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed by down
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[u] = true, true
			p.mu.Unlock()
			for _, pair := range [][2]net.Conn{{c, u}, {u, c}} {
				p.wg.Go(func() {
					io.Copy(pair[0], pair[1])
					pair[0].Close()
					pair[1].Close()
				})
			}
		}
	})
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// hostPort is the host:port of a bolt:// URI.
func hostPort(t *testing.T, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil || u.Port() == "" {
		t.Fatalf("Neo4j URI %q has no host:port", uri)
	}
	return u.Host
}
