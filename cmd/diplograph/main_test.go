package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diplograph/diplograph/neo4jtest"
)

func neo4jArgs() []string {
	o := neo4jtest.Options()
	return []string{"--neo4j-uri", o.URI, "--neo4j-user", o.User, "--neo4j-password", o.Password, "--neo4j-database", o.Database}
}

func runCmd(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestHelpOnEverySubcommand(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, "", c.name, "--help")
			if err == nil || !strings.Contains(stderr, "usage: diplograph "+c.name) {
				t.Errorf("--help: err %v, stderr %q", err, stderr)
			}
		})
	}
}

func TestExtractJSONContract(t *testing.T) {
	stdout, _, err := runCmd(t, "", "extract", "--format", "json", "../../testdata/xinhua-ar-2023-05-18.txt")
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"meetings", "visits", "agreements", "partnership_upgrades"} {
		if _, ok := r[k].([]any); !ok {
			t.Errorf("key %s missing or not a list", k)
		}
	}
	m := r["meetings"].([]any)[0].(map[string]any)
	if m["date"] != "2023-05-18" || m["kind"] != "talks" || m["place"] != "Xi'an" {
		t.Errorf("meeting = %v", m)
	}
}

func TestExtractReadsStdin(t *testing.T) {
	stdout, _, err := runCmd(t, "Chinese President Xi Jinping held talks with Kyrgyz President Sadyr Japarov.", "extract", "-")
	if err != nil || !strings.Contains(stdout, "China, Kyrgyzstan") {
		t.Errorf("err %v, stdout %q", err, stdout)
	}
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	neo4jtest.New(t) // empties the database and applies the schema
	stdout, _, err := runCmd(t, "", append([]string{"migrate"}, neo4jArgs()...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, " 0 constraints or indexes created") {
		t.Errorf("second migration: %q", stdout)
	}
}

// TestIngestBadFiles: each bad input is named with its problem, the good
// file of the same call is ingested, and the exit status says it failed.
func TestIngestBadFiles(t *testing.T) {
	st := neo4jtest.New(t)
	dir := t.TempDir()
	files := map[string][]byte{
		"empty.txt":  nil,
		"binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1},
		"latin1.txt": []byte("Pr\xe9sident"),
		"page.txt":   []byte("<!DOCTYPE html><html><body><p>hi</p></body></html>"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := append([]string{"ingest"}, neo4jArgs()...)
	args = append(args, filepath.Join(dir, "missing.txt"), filepath.Join(dir, "empty.txt"), filepath.Join(dir, "binary.txt"),
		filepath.Join(dir, "latin1.txt"), filepath.Join(dir, "page.txt"), "../../testdata/xinhua-ar-2023-05-18.txt")
	stdout, stderr, err := runCmd(t, "", args...)
	if err == nil {
		t.Error("exit status says success")
	}
	for _, want := range []string{"missing.txt", "empty.txt: empty", "binary.txt: binary", "latin1.txt: not UTF-8", "page.txt: HTML"} {
		if !strings.Contains(stderr+stdout, want) {
			t.Errorf("output lacks %q:\n%s\n%s", want, stdout, stderr)
		}
	}
	recs, qerr := st.Read(context.Background(), `
		MATCH (m:Meeting)-[:REPORTED_IN]->(:Article) WITH count(m) AS meetings
		MATCH (f:IngestFailure) RETURN meetings, count(f) AS failures`, nil)
	if qerr != nil {
		t.Fatal(qerr)
	}
	if m := recs[0].AsMap(); m["meetings"].(int64) != 1 || m["failures"].(int64) != 5 {
		t.Errorf("graph holds %v, want the seed's meeting and 5 recorded failures", m)
	}
}

func TestNeo4jUnreachableIsAClearError(t *testing.T) {
	_, _, err := runCmd(t, "", "migrate", "--neo4j-uri", "bolt://127.0.0.1:1")
	if err == nil || !strings.Contains(err.Error(), "cannot reach Neo4j at bolt://127.0.0.1:1") {
		t.Errorf("err = %v", err)
	}
}
