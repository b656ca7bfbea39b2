// Package neo4jtest connects tests to a real Neo4j. Tests that need one
// call New; with NEO4J_REQUIRED=1 (as `make test` and CI set it) a missing
// Neo4j fails the test instead of skipping it.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/diplograph/diplograph/store"
)

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Options returns the connection settings tests use, from the same
// environment variables as the binary.
func Options() store.Options {
	return store.Options{
		URI:      env("NEO4J_URI", "bolt://127.0.0.1:7687"),
		User:     env("NEO4J_USER", "neo4j"),
		Password: env("NEO4J_PASSWORD", "diplograph"),
		Database: env("NEO4J_DATABASE", "neo4j"),
	}
}

// New returns a store on an empty database with the schema applied. The
// database is shared by every test package, so New holds a lock file until
// the test ends: tests that use Neo4j run one at a time, others in parallel.
func New(t testing.TB) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := store.Open(ctx, Options())
	if err != nil {
		if os.Getenv("NEO4J_REQUIRED") == "1" {
			t.Fatalf("Neo4j is required (NEO4J_REQUIRED=1) but unavailable: %v", err)
		}
		t.Skipf("no Neo4j (set NEO4J_REQUIRED=1 to fail instead): %v", err)
	}
	unlock := lock(t)
	t.Cleanup(func() {
		st.Close(context.Background())
		unlock()
	})
	Reset(t, st)
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

// Reset deletes every node and relationship.
func Reset(t testing.TB, st *store.Store) {
	t.Helper()
	if _, err := st.Write(context.Background(), "MATCH (n) DETACH DELETE n", nil); err != nil {
		t.Fatalf("reset database: %v", err)
	}
}

// lock takes an exclusive lock shared by all test processes of this machine.
func lock(t testing.TB) func() {
	t.Helper()
	path := filepath.Join(os.TempDir(), "diplograph-neo4jtest.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		t.Fatalf("open lock %s: %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("lock %s: %v", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}

// Count returns the number of nodes and relationships in the database.
func Count(t testing.TB, st *store.Store) (nodes, rels int64) {
	t.Helper()
	recs, err := st.Read(context.Background(), `
		CALL { MATCH (n) RETURN count(n) AS nodes }
		CALL { MATCH ()-[r]->() RETURN count(r) AS rels }
		RETURN nodes, rels`, nil)
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	n, _ := recs[0].Get("nodes")
	r, _ := recs[0].Get("rels")
	return n.(int64), r.(int64)
}
