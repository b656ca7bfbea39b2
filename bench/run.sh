#!/usr/bin/env bash
# bench/run.sh: diplograph's performance measured at scale, side by side with
# @neo4j/graphql on the same Neo4j and data; writes bench/results.md.
#
#   1. extraction: extract's benchmarks, -cpu 1 -count 6, summarised by benchstat
#   2. for each size N of BENCH_SIZES: a fresh Neo4j of its own (bench/work/neo4j,
#      Bolt BENCH_BOLT_PORT), `diplograph gen --articles N` (ingestion rate through
#      the real write path), then `diplograph serve` and the peer (bench/peer)
#      over it; both must give the same answers to every request of
#      bench/requests/ before anything is timed; then, query by query, wrk at
#      fixed concurrency after a warm-up, in rounds that alternate the two
#      servers, with each server's CPU time per request (/proc/<pid>/stat) and
#      peak RSS (VmHWM). Throughput and CPU are totals over the rounds, p50 and
#      p99 the median of the rounds' values, and the ratios the median of the
#      rounds' ratios (each round's pair ran back to back, on the same machine
#      speed; the machine is shared and its speed drifts within minutes).
#
# Environment (defaults): BENCH_SIZES ("10000 100000"), BENCH_SEED (1),
# BENCH_ROUNDS (5), BENCH_DURATION (3s per round and server; longer for a query
# whose slower server's p50 in the warm-up exceeds a fifth of it),
# BENCH_WARMUP (5s per query and server before its rounds),
# BENCH_JVM_WARMUP (10s per query and server after start), BENCH_CONNECTIONS (16),
# BENCH_THREADS (2), BENCH_POOL (100: Bolt pool of both servers),
# BENCH_BOLT_PORT (7689), BENCH_EXTRACT (1: run the extraction benchmarks),
# BENCH_OUT (bench/results.md). Needs go, java, mvn (first Neo4j build), node
# and npm, wrk.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="$ROOT/bench/work"
SIZES="${BENCH_SIZES:-10000 100000}"
SEED="${BENCH_SEED:-1}"
DURATION="${BENCH_DURATION:-3s}"
ROUNDS="${BENCH_ROUNDS:-5}"
WARMUP="${BENCH_WARMUP:-5s}"
JVM_WARMUP="${BENCH_JVM_WARMUP:-10s}"
CONNS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
POOL="${BENCH_POOL:-100}"
OUT="${BENCH_OUT:-$ROOT/bench/results.md}"
API_PORT=18080
PEER_PORT=18081
export NEO4J_HOME_DIR="$WORK/neo4j" NEO4J_BOLT_PORT="${BENCH_BOLT_PORT:-7689}" NEO4J_HTTP_PORT=0
export NEO4J_HEAP="${NEO4J_HEAP:-2g}" NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-2g}"
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT" NEO4J_USER=neo4j NEO4J_PASSWORD="${NEO4J_PASSWORD:-diplograph}"

log() { echo "bench: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in go java node npm wrk; do
  command -v "$tool" >/dev/null || die "$tool not found (wrk: apt-get install wrk; node 20+: apt-get install nodejs npm)"
done
mkdir -p "$WORK"
RAW="$WORK/raw.tsv"
: >"$RAW"

API_PID="" PEER_PID=""
stop_servers() {
  for pid in $API_PID $PEER_PID; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  API_PID="" PEER_PID=""
}
cleanup() {
  stop_servers
  scripts/neo4j.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# cpu_ticks PID: user + system time of a process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# steal_ticks: "<steal> <total>" jiffies of all CPUs so far; steal_ticks "<steal> <total>":
# the share of CPU time since then that the hypervisor gave to other machines, in %
steal_ticks() {
  awk -v since="${1:-}" '/^cpu / { st = $9; tot = $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9
    if (since == "") { print st, tot } else { split(since, a, " "); printf "%.1f", (tot > a[2]) ? 100 * (st - a[1]) / (tot - a[2]) : 0 } }' /proc/stat
}

wait_http() {
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null -X POST -H 'content-type: application/json' -d '{"query":"{__typename}"}' "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  die "no answer from $1"
}

log "building diplograph and installing the peer (npm ci)"
go build -o "$WORK/diplograph" ./cmd/diplograph
(cd bench/peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

EXTRACT_STATS=""
if [ "${BENCH_EXTRACT:-1}" = 1 ]; then
  log "extraction benchmarks (-cpu 1 -count 6)"
  go test -run '^$' -bench 'BenchmarkExtract(Seed|Mixed)$' -benchmem -cpu 1 -count 6 ./extract >"$WORK/extract.txt"
  if command -v benchstat >/dev/null || [ -x "$(go env GOPATH)/bin/benchstat" ]; then
    EXTRACT_STATS="$(PATH="$PATH:$(go env GOPATH)/bin" benchstat "$WORK/extract.txt")"
  else
    EXTRACT_STATS="$(grep -E '^Benchmark' "$WORK/extract.txt")"
  fi
fi

GEN_LINES=""
for N in $SIZES; do
  log "N=$N: fresh Neo4j"
  scripts/neo4j.sh reset >/dev/null 2>&1
  scripts/neo4j.sh start 2>&1 | tail -n 1 >&2
  NEO4J_PID="$(cat "$NEO4J_HOME_DIR/neo4j.pid")"
  log "N=$N: generating (seed $SEED)"
  line="$("$WORK/diplograph" gen --articles "$N" --seed "$SEED" 2>"$WORK/gen-$N.log")"
  log "$line"
  GEN_LINES+="| $N | ${line#gen: } |"$'\n'

  log "N=$N: starting diplograph serve and the peer"
  DIPLOGRAPH_ADDR="127.0.0.1:$API_PORT" DIPLOGRAPH_LOG_LEVEL=warn "$WORK/diplograph" serve >"$WORK/serve-$N.log" 2>&1 &
  API_PID=$!
  (cd bench/peer && PEER_PORT=$PEER_PORT PEER_POOL=$POOL exec node server.js) >"$WORK/peer-$N.log" 2>&1 &
  PEER_PID=$!
  wait_http "http://127.0.0.1:$API_PORT/graphql"
  wait_http "http://127.0.0.1:$PEER_PORT/graphql"

  log "N=$N: checking that both answer the same"
  node bench/compare.mjs "http://127.0.0.1:$API_PORT/graphql" "http://127.0.0.1:$PEER_PORT/graphql" bench/requests/*.json |
    tee "$WORK/compare-$N.txt" >&2 || die "the two servers answer differently (see $WORK/compare-$N.txt)"

  # a fresh JVM runs Cypher several times slower until it has compiled its
  # hot paths: warm Neo4j and both servers on every query before timing any
  log "N=$N: warming up ($JVM_WARMUP per query and server)"
  for body in bench/requests/*.json; do
    for port in $API_PORT $PEER_PORT; do
      BODY="$body" wrk -t"$THREADS" -c"$CONNS" -d"$JVM_WARMUP" --timeout 10s -s bench/post.lua "http://127.0.0.1:$port/graphql" >/dev/null
    done
  done

  steal0="$(steal_ticks)"
  for body in bench/requests/*.json; do
    q="$(basename "$body" .json)"
    slowest=0
    for port in $API_PORT $PEER_PORT; do
      res="$(BODY="$body" wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" --timeout 10s -s bench/post.lua "http://127.0.0.1:$port/graphql" | grep '^RESULT')"
      eval "${res#RESULT }"
      if [ "$p50_us" -gt "$slowest" ]; then slowest=$p50_us; fi
    done
    # a round must hold several requests per connection of the slower
    # server, or it cuts off the very tail it is meant to measure
    round="$DURATION" need=$(((slowest * 5 + 999999) / 1000000))
    if [[ "$DURATION" =~ ^([0-9]+)s$ ]] && [ "$need" -gt "${BASH_REMATCH[1]}" ]; then round="${need}s"; fi
    # short rounds, the servers alternating and swapping who goes first, so
    # that a change in the machine's speed (it is shared) falls on both
    for r in $(seq "$ROUNDS"); do
      if [ $((r % 2)) = 1 ]; then order="diplograph peer"; else order="peer diplograph"; fi
      for server in $order; do
        if [ "$server" = diplograph ]; then pid=$API_PID port=$API_PORT; else pid=$PEER_PID port=$PEER_PORT; fi
        c0="$(cpu_ticks "$pid")" n0="$(cpu_ticks "$NEO4J_PID")"
        res="$(BODY="$body" wrk -t"$THREADS" -c"$CONNS" -d"$round" --timeout 10s -s bench/post.lua "http://127.0.0.1:$port/graphql" | grep '^RESULT')"
        c1="$(cpu_ticks "$pid")" n1="$(cpu_ticks "$NEO4J_PID")"
        eval "${res#RESULT }"   # requests= duration_us= p50_us= p99_us= errors=
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$N" "$q" "$server" "$requests" "$duration_us" "$p50_us" "$p99_us" "$errors" "$((c1 - c0))" "$((n1 - n0))" >>"$RAW"
        log "N=$N $q $server round $r ($round): $res cpu_ticks=$((c1 - c0)) neo4j_ticks=$((n1 - n0))"
      done
    done
  done
  printf 'rss\t%s\t%s\t%s\t%s\n' "$N" "$(hwm_mb "$API_PID")" "$(hwm_mb "$PEER_PID")" "$(steal_ticks "$steal0")" >>"$RAW"
  stop_servers
done
scripts/neo4j.sh stop >/dev/null 2>&1 || true

# ---- results.md
TICK="$(getconf CLK_TCK)"
{
  echo "# diplograph performance"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand."
  echo
  echo "## Machine and versions"
  echo
  echo "- CPU: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; memory $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(go version | cut -d' ' -f3-4); Neo4j 5.26 Community (heap $NEO4J_HEAP, page cache $NEO4J_PAGECACHE, own instance on Bolt $NEO4J_BOLT_PORT)"
  echo "- peer: node $(node --version), $(cd bench/peer && node -e 'const l=require("./package-lock.json").packages; for (const p of ["@neo4j/graphql","graphql-yoga","graphql","neo4j-driver"]) process.stdout.write(p+" "+l["node_modules/"+p].version+"; ")')"
  echo "- load: wrk $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f2), $THREADS threads, $CONNS connections; after start $JVM_WARMUP of every query on each server (JIT), then per query and server $WARMUP warm-up and $ROUNDS rounds of $DURATION (of at least 5 × the slower server's warm-up p50 on slow queries), the servers alternating (req/s and CPU over all rounds, p50/p99 the median of the rounds, ratios the median of the rounds' ratios); Bolt pool $POOL on both sides"
  echo
  if [ -n "$EXTRACT_STATS" ]; then
    echo "## Extraction (one core)"
    echo
    echo '```'
    echo "$EXTRACT_STATS"
    echo '```'
    echo
  fi
  echo "## Ingestion (\`diplograph gen\`, seed $SEED, through store.WriteArticles)"
  echo
  echo "| N | generated and written |"
  echo "| --- | --- |"
  printf '%s' "$GEN_LINES"
  echo
  echo "## GraphQL: diplograph vs @neo4j/graphql"
  echo
  echo "Requests: bench/requests/*.json, the same bodies to both; answers checked equal (normalised JSON) first."
  echo "CPU is user+system time per request of the server process and of Neo4j (which also serves the other side's idle connections, nothing else); RSS is the peak (VmHWM) over the whole run of that N."
  echo
  for N in $SIZES; do
    echo "### N = $N articles"
    echo
    echo "| query | diplograph req/s | peer req/s | ratio (≥3), median of rounds | diplograph p50 / p99 ms | peer p50 / p99 ms | p99 ratio (≤0.33), median of rounds | errors d / p | server CPU ms/req d / p | Neo4j CPU ms/req d / p |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' -v n="$N" -v tick="$TICK" '
      function median(list,   a, c, i, j, t) {
        c = split(substr(list, 2), a, " ")
        for (i = 2; i <= c; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
      }
      $1 == n { k = $2 SUBSEP $3; r = ++rounds[k]; req[k] += $4; us[k] += $5; err[k] += $8; cpu[k] += $9; neo[k] += $10
                p50[k] = p50[k] " " $6 / 1000; p99[k] = p99[k] " " $7 / 1000
                rrps[k, r] = $4 / ($5 / 1e6); rp99[k, r] = $7 / 1000
                if (!($2 in seen)) { seen[$2] = 1; order[++m] = $2 } }
      function rps(k) { return us[k] > 0 ? req[k] / (us[k] / 1e6) : 0 }
      function per(t, k) { return req[k] > 0 ? t * 1000 / tick / req[k] : 0 }
      END { for (i = 1; i <= m; i++) { q = order[i]; d = q SUBSEP "diplograph"; p = q SUBSEP "peer"; tr = ""; lr = ""
              for (r = 1; r <= rounds[d] && r <= rounds[p]; r++) {
                if (rrps[p, r] > 0) tr = tr " " rrps[d, r] / rrps[p, r]
                if (rp99[p, r] > 0) lr = lr " " rp99[d, r] / rp99[p, r]
              }
              printf "| %s | %.0f | %.0f | %.2f× | %.1f / %.1f | %.1f / %.1f | %.2f | %d / %d | %.2f / %.2f | %.2f / %.2f |\n",
                q, rps(d), rps(p), median(tr), median(p50[d]), median(p99[d]), median(p50[p]), median(p99[p]),
                median(lr), err[d], err[p], per(cpu[d], d), per(cpu[p], p), per(neo[d], d), per(neo[p], p) } }' "$RAW"
    awk -F'\t' -v n="$N" '$1 == "rss" && $2 == n { printf "\nPeak RSS: diplograph %s MB (target < 150), peer %s MB. CPU steal while timing: %s%% of the machine'"'"'s CPU time went to other virtual machines.\n", $3, $4, $5 }' "$RAW"
    echo
  done
} >"$OUT"
log "wrote $OUT"
