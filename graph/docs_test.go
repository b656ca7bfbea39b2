package graph_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsExamples runs every GraphQL example of the README, so that the
// documentation cannot drift from the schema.
func TestDocsExamples(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 15 {
		t.Fatalf("%d examples found", len(blocks))
	}
	e := newEnv(t, nil)
	e.seed(t)
	for _, m := range blocks {
		q := m[1]
		name := strings.Fields(strings.TrimLeft(q, "{ "))[0]
		t.Run(name, func(t *testing.T) {
			vars := map[string]any{"text": "BEIJING, March 4 (Xinhua) -- Chinese President Xi Jinping held talks with Kazakh President Kassym-Jomart Tokayev in Beijing on Monday."}
			r := e.post(t, q, vars, "X-API-Key", testKey)
			for _, er := range r.Errors {
				if c := er.Extensions["code"]; c != "NOT_FOUND" {
					t.Errorf("%v: %s\n%s", c, er.Message, q)
				}
			}
		})
	}
}
