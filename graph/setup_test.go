package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/diplograph/diplograph/graph"
	"github.com/diplograph/diplograph/ingest"
	"github.com/diplograph/diplograph/lexicon"
	"github.com/diplograph/diplograph/neo4jtest"
	"github.com/diplograph/diplograph/store"
)

const testKey = "test-key-1"

// env is a server over a test database with its pipeline.
type env struct {
	ts *httptest.Server
	st *store.Store
	p  *ingest.Pipeline
}

// newEnv starts a server on an emptied database; opt adjusts its options.
func newEnv(t *testing.T, opt func(*graph.Options)) *env {
	t.Helper()
	st := neo4jtest.New(t)
	lx := loadLexicon(t)
	p := ingest.NewPipeline(st, lx, nil)
	o := graph.Options{Store: st, Lexicon: lx, Pipeline: p, APIKey: testKey, Introspection: true, CORSOrigins: []string{"https://app.example"}}
	if opt != nil {
		opt(&o)
	}
	h, err := graph.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &env{ts: ts, st: st, p: p}
}

// loadLexicon retries for a while: another engineer may be editing a data
// file, which then fails to load for a moment.
func loadLexicon(t *testing.T) *lexicon.Lexicon {
	t.Helper()
	var err error
	for range 10 {
		var lx *lexicon.Lexicon
		if lx, err = lexicon.Default(); err == nil {
			return lx
		}
		time.Sleep(6 * time.Second)
	}
	t.Fatalf("load lexicon: %v", err)
	return nil
}

// seed is the Xinhua Arabic article of 18 May 2023 on the talks of Xi
// Jinping and Sadyr Japarov in Xi'an.
func (e *env) seed(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile("../testdata/xinhua-ar-2023-05-18.txt")
	if err != nil {
		t.Fatal(err)
	}
	e.ingest(t, ingest.Document{Source: "seed", URL: "https://example.org/seed", Text: strings.TrimSpace(string(b)), Published: "2023-05-18"})
}

func (e *env) ingest(t *testing.T, doc ingest.Document) ingest.Outcome {
	t.Helper()
	o, err := e.p.Ingest(context.Background(), doc)
	if err != nil {
		t.Fatalf("ingest %s: %v", doc.Source, err)
	}
	return o
}

// talks are short synthetic reports, written for these tests, of talks
// between China and Kazakhstan on five Mondays of 2024.
var talksDates = []string{"2024-03-04", "2024-04-08", "2024-05-06", "2024-06-03", "2024-07-01"}

func (e *env) talks(t *testing.T, n int) {
	t.Helper()
	for i, d := range talksDates[:n] {
		text := fmt.Sprintf("BEIJING, %s (Xinhua) -- Chinese President Xi Jinping held talks with Kazakh President Kassym-Jomart Tokayev in Beijing on Monday. Test report number %d.", d, i+1)
		e.ingest(t, ingest.Document{Source: "synthetic-" + d, URL: "https://example.org/talks/" + d, Text: text, Published: d, Lang: "en"})
	}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request; headers are name, value pairs.
func (e *env) post(t *testing.T, query string, vars map[string]any, headers ...string) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return e.postRaw(t, body, headers...)
}

func (e *env) postRaw(t *testing.T, body []byte, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.ts.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r response
	r.status = res.StatusCode
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatalf("decode response (status %d): %v", res.StatusCode, err)
	}
	return r
}

// ok sends a query that must succeed and decodes its data into v.
func (e *env) ok(t *testing.T, query string, vars map[string]any, v any) {
	t.Helper()
	r := e.post(t, query, vars)
	if len(r.Errors) > 0 || r.status != http.StatusOK {
		t.Fatalf("query failed (status %d): %+v\n%s", r.status, r.Errors, query)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode data: %v\n%s", err, r.Data)
	}
}
