package graph_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/diplograph/diplograph/graph"
)

// TestAbuse sends what a careless or hostile client might: each gets a
// clean GraphQL error (or 413), and the server answers normally after.
func TestAbuse(t *testing.T) {
	e := newEnv(t, func(o *graph.Options) { o.RateLimit = 0.001 }) // one mutation, then none for a long while
	e.seed(t)

	deep := `{ country(code: "CN") {` + strings.Repeat(" partners { country {", 7) + " code" + strings.Repeat(" } }", 7) + " } }"
	var aliases []string
	for i := range 10 {
		aliases = append(aliases, fmt.Sprintf("m%d: meetings(first: 100) { edges { node { id name kind date } } }", i))
	}
	complex := "{ " + strings.Join(aliases, " ") + " }"
	tokens := "{" + strings.Repeat(" __typename", 12000) + " }"
	article := `mutation($text: String!) { ingestArticle(input: {text: $text, lang: "en", published: "2024-08-05"}) { outcome articleId eventIds counts { meetings } article { id } } }`
	text := map[string]any{"text": "BEIJING, Aug. 5 (Xinhua) -- Chinese President Xi Jinping held talks with Kazakh President Kassym-Jomart Tokayev in Beijing on Monday."}

	tests := []struct {
		name    string
		query   string
		vars    map[string]any
		headers []string
		status  int    // 0: any below 500
		code    string // extensions.code of the first error
		message string // part of its message
	}{
		{"deep-nesting", deep, nil, nil, 0, "DEPTH_LIMIT_EXCEEDED", "over the limit of 12"},
		{"first-100000", `{ meetings(first: 100000) { edges { node { id } } } }`, nil, nil, 0, "BAD_USER_INPUT", "first must be between 0 and 100"},
		{"first-negative", `{ countries(first: -1) { totalCount } }`, nil, nil, 0, "BAD_USER_INPUT", "first must be"},
		{"nested-first-over-max", `{ person(id: "xi-jinping") { meetings(first: 1000) { id } } }`, nil, nil, 0, "BAD_USER_INPUT", "first must be between 1 and 100"},
		{"complexity", complex, nil, nil, 0, "COMPLEXITY_LIMIT_EXCEEDED", "exceeds the limit"},
		{"one-megabyte", `{ meetings { totalCount } }` + strings.Repeat(" ", 1<<20), nil, nil, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", "larger than"},
		{"many-tokens", tokens, nil, nil, 0, "", "token limit"},
		{"invalid-cursor", `{ meetings(after: "not-a-cursor") { totalCount } }`, nil, nil, 0, "BAD_USER_INPUT", "invalid cursor"},
		{"cursor-of-another-list", `{ meetings(after: "eyJrIjoiY291bnRyeSIsInMiOiJDaGluYSIsImkiOiJDTiJ9") { totalCount } }`, nil, nil, 0, "BAD_USER_INPUT", "invalid cursor"},
		{"unknown-id", `{ person(id: "no-such-person") { name } }`, nil, nil, 0, "NOT_FOUND", "no Person"},
		{"unknown-node", `{ node(id: "nothing-here") { id } }`, nil, nil, 0, "NOT_FOUND", "no node"},
		{"unknown-country", `{ relation(a: "CN", b: "ZZ") { level { name } } }`, nil, nil, 0, "NOT_FOUND", "ZZ"},
		{"same-country-twice", `{ relation(a: "CN", b: "cn") { level { name } } }`, nil, nil, 0, "BAD_USER_INPUT", "two different"},
		{"bad-date", `{ meetings(filter: {from: "2024-13-45"}) { totalCount } }`, nil, nil, 0, "", "invalid date"},
		{"max-hops", `{ path(from: "CN", to: "KG", maxHops: 50) { length } }`, nil, nil, 0, "BAD_USER_INPUT", "maxHops"},
		{"lucene-syntax", `{ search(text: "Japarov~ AND (\"* OR name:[a TO z]") { __typename } }`, nil, nil, 0, "", ""},
		{"syntax-error", `{ meetings { `, nil, nil, 0, "GRAPHQL_PARSE_FAILED", ""},
		{"unknown-field", `{ meetings { nope } }`, nil, nil, 0, "GRAPHQL_VALIDATION_FAILED", "nope"},
		{"mutation-without-key", article, text, nil, 0, "UNAUTHENTICATED", "API key is required"},
		{"mutation-wrong-key", article, text, []string{"Authorization", "Bearer wrong"}, 0, "UNAUTHENTICATED", "invalid API key"},
		{"mutation-empty-text", article, map[string]any{"text": "  "}, []string{"X-API-Key", testKey}, 0, "BAD_USER_INPUT", "empty"},
		{"mutation-ok", article, text, []string{"Authorization", "Bearer " + testKey}, http.StatusOK, "", ""},
		{"mutation-rate-limited", article, text, []string{"X-API-Key", testKey}, 0, "RATE_LIMITED", "rate limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.post(t, tc.query, tc.vars, tc.headers...)
			switch {
			case tc.status != 0 && r.status != tc.status:
				t.Errorf("status %d, want %d", r.status, tc.status)
			case r.status >= 500:
				t.Errorf("status %d", r.status)
			}
			if tc.name == "mutation-ok" || tc.name == "lucene-syntax" {
				if len(r.Errors) > 0 {
					t.Fatalf("errors: %+v", r.Errors)
				}
				return
			}
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %s", r.Data)
			}
			if tc.code != "" && r.code() != tc.code {
				t.Errorf("code %q, want %q (%+v)", r.code(), tc.code, r.Errors)
			}
			if !strings.Contains(r.Errors[0].Message, tc.message) {
				t.Errorf("message %q lacks %q", r.Errors[0].Message, tc.message)
			}
			for _, leak := range []string{"Neo4j", "Neo.", "MATCH", "cypher", "goroutine"} {
				if strings.Contains(r.Errors[0].Message, leak) {
					t.Errorf("message leaks %q: %s", leak, r.Errors[0].Message)
				}
			}
			// the server keeps serving
			var d struct{ Meetings struct{ TotalCount int } }
			e.ok(t, `{ meetings { totalCount } }`, nil, &d)
			if d.Meetings.TotalCount < 1 {
				t.Errorf("after abuse: %d meetings", d.Meetings.TotalCount)
			}
		})
	}
}

// TestMutationsOffWithoutKey checks that a server with no API key refuses
// every mutation, and that introspection can be turned off.
func TestMutationsOffWithoutKey(t *testing.T) {
	e := newEnv(t, func(o *graph.Options) { o.APIKey = ""; o.Introspection = false })
	r := e.post(t, `mutation { ingestArticle(input: {text: "x"}) { outcome } }`, nil, "X-API-Key", "anything")
	if r.code() != "FORBIDDEN" {
		t.Errorf("mutation without configured key: %+v", r.Errors)
	}
	r = e.post(t, `{ __schema { types { name } } }`, nil)
	if len(r.Errors) == 0 {
		t.Errorf("introspection answered while off")
	}
}

// TestTimeout lets the time limit pass while a request runs (loaders that
// wait longer than the limit): the answer is a clean timeout error with the
// request id, not a driver message.
func TestTimeout(t *testing.T) {
	e := newEnv(t, func(o *graph.Options) { o.QueryTimeout = 100 * time.Millisecond; o.LoaderWait = 300 * time.Millisecond })
	e.seed(t)
	// the meeting's countries come from the cache with no siblings, so
	// their partners wait out the loaders' window
	r := e.post(t, `{ meetings { edges { node { countries { partners { since } } } } } }`, nil)
	if r.code() != "TIMEOUT" || !strings.Contains(r.Errors[0].Message, "request id") {
		t.Errorf("status %d, errors %+v, data %s", r.status, r.Errors, r.Data)
	}
}

// TestHTTP checks the endpoints around /graphql.
func TestHTTP(t *testing.T) {
	e := newEnv(t, nil)
	get := func(path string, headers ...string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+path, nil)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := e.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	tests := []struct {
		name, path string
		status     int
		contains   string
	}{
		{"healthz", "/healthz", 200, "ok"},
		{"readyz", "/readyz", 200, "ready"},
		{"graphiql", "/", 200, "graphiql"},
		{"get-query", "/graphql?query=%7Bcountries%7BtotalCount%7D%7D", 200, `"totalCount":0`},
		{"get-mutation-refused", "/graphql?query=mutation%7BingestArticle(input:%7Btext:%22x%22%7D)%7Boutcome%7D%7D", 406, "errors"},
		{"metrics", "/metrics", 200, "diplograph_graphql_field_duration_seconds"},
		{"unknown-path", "/nothing", 404, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := get(tc.path)
			if res.StatusCode != tc.status || !strings.Contains(body, tc.contains) {
				t.Errorf("GET %s: %d %q, want %d with %q", tc.path, res.StatusCode, body[:min(len(body), 200)], tc.status, tc.contains)
			}
		})
	}
	t.Run("cors-preflight", func(t *testing.T) {
		for _, origin := range []string{"https://app.example", "https://evil.example"} {
			req, _ := http.NewRequest(http.MethodOptions, e.ts.URL+"/graphql", nil)
			req.Header.Set("Origin", origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
			req.Header.Set("Access-Control-Request-Headers", "content-type, authorization")
			res, err := e.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			got := res.Header.Get("Access-Control-Allow-Origin")
			allowed := origin == "https://app.example"
			if res.StatusCode != http.StatusNoContent || (got == origin) != allowed {
				t.Errorf("preflight from %s: %d, Allow-Origin %q", origin, res.StatusCode, got)
			}
			if allowed && !strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Errorf("preflight does not allow Authorization")
			}
		}
	})
}
