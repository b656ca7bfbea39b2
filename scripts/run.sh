#!/usr/bin/env bash
# make run: on a fresh machine, fetch and start Neo4j, migrate, ingest the
# testdata articles and serve the API. Ctrl-C stops the server and Neo4j.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/bin/diplograph"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-diplograph}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}}"
ADDR="${DIPLOGRAPH_ADDR:-127.0.0.1:8080}"

go build -o "$BIN" ./cmd/diplograph
started=""
if [ -z "${DIPLOGRAPH_EXTERNAL_NEO4J:-}" ]; then
  scripts/neo4j.sh start
  started=1
fi
server=""
cleanup() {
  trap - INT TERM EXIT
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$started" ]; then scripts/neo4j.sh stop || true; fi
}
trap cleanup INT TERM EXIT

"$BIN" migrate
"$BIN" ingest testdata/*.txt || echo "(some testdata articles failed; see above)"
"$BIN" serve --addr "$ADDR" &
server=$!
sleep 1
cat <<MSG

  GraphQL:        http://$ADDR/graphql   (GraphiQL at http://$ADDR/)
  Neo4j Browser:  http://127.0.0.1:${NEO4J_HTTP_PORT:-7474}/browser/   (user neo4j, password $NEO4J_PASSWORD)

  Try:
  curl -s http://$ADDR/graphql -H 'Content-Type: application/json' \\
    -d '{"query":"{ meetings(first: 10) { edges { node { date kind countries { code name } participants { name } place { name } } } } }"}'

  Ctrl-C stops the server and Neo4j.
MSG
wait "$server"
