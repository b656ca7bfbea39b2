#!/usr/bin/env bash
# Runs every check and test. Starts a throwaway Neo4j for the tests (own
# data folder and ports, so a development database is never touched) unless
# NEO4J_URI names one, and stops it at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

started=""
if [ -z "${NEO4J_URI:-}" ]; then
  export NEO4J_HOME_DIR="$ROOT/.neo4j-test"
  export NEO4J_BOLT_PORT="${TEST_NEO4J_BOLT_PORT:-7688}"
  export NEO4J_HTTP_PORT=0
  export NEO4J_PASSWORD="${NEO4J_PASSWORD:-diplograph}"
  export NEO4J_HEAP="${NEO4J_HEAP:-1g}"
  export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-256m}"
  scripts/neo4j.sh reset >/dev/null 2>&1 || true
  scripts/neo4j.sh start
  started=1
  export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
fi
stop() { if [ -n "$started" ]; then scripts/neo4j.sh stop || true; fi; }
trap stop EXIT
export NEO4J_REQUIRED=1

echo "== gofmt"
bad="$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './tools/*'))"
if [ -n "$bad" ]; then echo "gofmt would change:"; echo "$bad"; exit 1; fi
echo "== go generate (generated code must match its sources)"
# compared with the tree before, so that uncommitted work can be tested too
graph_state() { git rev-parse --git-dir >/dev/null 2>&1 && { git status --porcelain -- graph; git diff -- graph; } | sha256sum; }
before="$(graph_state)"
go generate ./...
if [ "$(graph_state)" != "$before" ]; then
  echo "go generate changed graph/: regenerate and commit, never hand-edit generated files"; git diff --stat -- graph; exit 1
fi
echo "== go vet"
go vet ./...
echo "== go test (Neo4j at $NEO4J_URI)"
go test -race -count=1 -timeout 30m ./...
