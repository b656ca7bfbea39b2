#!/usr/bin/env bash
# Local Neo4j 5.26 Community for development and CI, without Docker.
# Builds tools/neo4j-launcher (Maven Central jars) on first use. See docs/neo4j-local.md.
#
#   scripts/neo4j.sh build    build the launcher if needed (target/ missing, or pom/sources changed)
#   scripts/neo4j.sh start    start in the background and wait until ready (no-op if already running)
#   scripts/neo4j.sh wait     wait until ready (ready file + Bolt port open)
#   scripts/neo4j.sh stop     stop (SIGTERM, SIGKILL after NEO4J_STOP_TIMEOUT s); no-op if not running
#   scripts/neo4j.sh status   print state; exit 0 if running and ready, 1 if starting, 3 if stopped
#   scripts/neo4j.sh run      foreground: start, follow the log, stop on Ctrl-C/SIGTERM
#   scripts/neo4j.sh reset    stop and delete all data (databases, users)
#
# Environment (defaults): NEO4J_HOME_DIR (<repo>/.neo4j), NEO4J_LISTEN (127.0.0.1), NEO4J_BOLT_PORT (7687),
# NEO4J_HTTP_PORT (7474, 0 = off), NEO4J_PASSWORD (diplograph), NEO4J_HEAP (1g), NEO4J_PAGECACHE (512m),
# NEO4J_START_TIMEOUT (180), NEO4J_STOP_TIMEOUT (60), NEO4J_JAVA_OPTS (extra JVM flags),
# NEO4J_MVN_ARGS (extra Maven flags, e.g. -o), JAVA_HOME.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$ROOT/tools/neo4j-launcher"
TARGET="$LAUNCHER_DIR/target"
STAMP="$TARGET/.build-stamp"
MAIN_CLASS="org.diplograph.devtools.Neo4jLauncher"

export NEO4J_HOME_DIR="${NEO4J_HOME_DIR:-$ROOT/.neo4j}"
export NEO4J_LISTEN="${NEO4J_LISTEN:-127.0.0.1}"
export NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
export NEO4J_HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-diplograph}"
export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-512m}"
NEO4J_HEAP="${NEO4J_HEAP:-1g}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"

mkdir -p "$NEO4J_HOME_DIR"
NEO4J_HOME_DIR="$(cd "$NEO4J_HOME_DIR" && pwd)"   # the launcher must see an absolute path
PIDFILE="$NEO4J_HOME_DIR/neo4j.pid"
READY="$NEO4J_HOME_DIR/ready"
CONSOLE_LOG="$NEO4J_HOME_DIR/logs/console.log"

# Host to probe for "is the port open": the listen host, or loopback for wildcard listens.
case "$NEO4J_LISTEN" in 0.0.0.0 | :: | '[::]') PROBE_HOST=127.0.0.1 ;; *) PROBE_HOST="$NEO4J_LISTEN" ;; esac

log() { echo "neo4j.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

java_bin() {
  if [ -n "${JAVA_HOME:-}" ]; then
    [ -x "$JAVA_HOME/bin/java" ] || die "JAVA_HOME=$JAVA_HOME has no bin/java; fix JAVA_HOME or unset it"
    echo "$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    command -v java
  else
    die "java not found. Install a JDK 17 or 21 (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17) or set JAVA_HOME."
  fi
}

check_java_version() {
  local java="$1" ver major
  ver="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${ver%%.*}"
  [ "$major" = "1" ] && major="$(echo "$ver" | cut -d. -f2)"
  case "$major" in
    '' | *[!0-9]*) log "warning: could not parse the Java version ('$ver'); Neo4j 5.26 needs Java 17 or 21" ;;
    *) [ "$major" -ge 17 ] || die "Java $ver found at $java; Neo4j 5.26 needs Java 17 or 21 (apt-get install openjdk-17-jdk-headless, or set JAVA_HOME)" ;;
  esac
}

# Is something accepting TCP connections on host:port?
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Who listens on a port (best effort, for error messages).
port_owner() {
  if command -v ss >/dev/null 2>&1; then
    ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\(.*\)))/\1/p' | head -n 1
  fi
}

pid_running() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against PID reuse: the process must be our launcher (Linux /proc; elsewhere trust kill -0).
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$MAIN_CLASS" || return 1
  fi
  echo "$pid"
}

build_fingerprint() {
  local sum
  if command -v sha256sum >/dev/null 2>&1; then sum=sha256sum; else sum="cksum"; fi
  (cd "$LAUNCHER_DIR" && find pom.xml src -type f | LC_ALL=C sort | xargs cat | $sum | awk '{print $1}')
}

cmd_build() {
  local want
  want="$(build_fingerprint)"
  if [ -d "$TARGET/lib" ] && [ -d "$TARGET/classes" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 ||
    die "mvn not found. Install Maven 3.8+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven); it downloads Neo4j from Maven Central on the first build."
  local java
  java="$(java_bin)"
  check_java_version "$java"
  local build_log="$NEO4J_HOME_DIR/logs/build.log"
  mkdir -p "$NEO4J_HOME_DIR/logs"
  log "building the Neo4j launcher (the first build downloads ~140 MB from Maven Central; log: $build_log)..."
  rm -rf "${TARGET:?}/lib"   # drop jars of an older Neo4j version
  # shellcheck disable=SC2086
  if ! mvn -q -B ${NEO4J_MVN_ARGS:-} -f "$LAUNCHER_DIR/pom.xml" package >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    die "Maven build of $LAUNCHER_DIR failed (full log: $build_log). If Maven Central is unreachable, build once online (the jars are then cached in ~/.m2) and use NEO4J_MVN_ARGS=-o afterwards."
  fi
  echo "$want" >"$STAMP"
}

cmd_start() {
  local pid java
  if pid="$(pid_running)"; then
    log "already running (pid $pid)"
    cmd_wait
    return
  fi
  rm -f "$PIDFILE" "$READY"

  # Refuse to start if something else holds our ports: a second Neo4j would fail with a less clear error.
  for spec in "Bolt:$NEO4J_BOLT_PORT:NEO4J_BOLT_PORT" "HTTP:$NEO4J_HTTP_PORT:NEO4J_HTTP_PORT"; do
    IFS=: read -r what port var <<<"$spec"
    [ "$port" = "0" ] && continue
    if port_open "$PROBE_HOST" "$port"; then
      local owner
      owner="$(port_owner "$port")"
      die "$what port $port on $PROBE_HOST is already in use${owner:+ by $owner}. Stop that process (another Neo4j? 'docker compose down'?) or choose another port, e.g. $var=$((port + 10000)) $0 start"
    fi
  done

  java="$(java_bin)"
  check_java_version "$java"
  cmd_build
  mkdir -p "$NEO4J_HOME_DIR/logs"

  local -a jvm=(
    "-Xms$NEO4J_HEAP" "-Xmx$NEO4J_HEAP"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError -XX:+DisableExplicitGC
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -Djdk.nio.maxCachedBufferSize=1024
    -Dlog4j2.disable.jmx=true
    -Dfile.encoding=UTF-8
  )
  # shellcheck disable=SC2206
  [ -n "${NEO4J_JAVA_OPTS:-}" ] && jvm+=(${NEO4J_JAVA_OPTS})

  {
    echo "==== $(date '+%Y-%m-%d %H:%M:%S%z') starting: $java ${jvm[*]} $MAIN_CLASS"
  } >>"$CONSOLE_LOG"

  # New session (setsid) so a Ctrl-C in the calling terminal does not hit Neo4j directly; `stop` and `run`
  # shut it down with SIGTERM. setsid does not fork here (we are not a process-group leader), so $! is java.
  local setsid_cmd=()
  command -v setsid >/dev/null 2>&1 && setsid_cmd=(setsid)
  (cd "$NEO4J_HOME_DIR" && exec nohup "${setsid_cmd[@]}" "$java" "${jvm[@]}" \
    -cp "$TARGET/classes:$TARGET/lib/*" "$MAIN_CLASS" </dev/null >>"$CONSOLE_LOG" 2>&1) &
  pid=$!
  echo "$pid" >"$PIDFILE"
  log "started pid $pid (log: $CONSOLE_LOG)"
  cmd_wait
}

print_failure_logs() {
  log "---- $CONSOLE_LOG (this start) ----"
  # Only the lines since the last start marker, at most 80.
  awk '/^==== /{n=0} {buf[n++]=$0} END{for (i = (n > 80 ? n - 80 : 0); i < n; i++) print buf[i]}' \
    "$CONSOLE_LOG" >&2 2>/dev/null || true
  log "more detail: $NEO4J_HOME_DIR/logs/debug.log and neo4j.log"
}

cmd_wait() {
  local pid start now
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] || die "not started (no $PIDFILE); run: $0 start"
  start="$(date +%s)"
  while :; do
    if [ -f "$READY" ] && port_open "$PROBE_HOST" "$NEO4J_BOLT_PORT"; then
      now="$(date +%s)"
      log "ready after $((now - start)) s: bolt://$PROBE_HOST:$NEO4J_BOLT_PORT (user neo4j)$(
        [ "$NEO4J_HTTP_PORT" != 0 ] && echo ", browser http://$PROBE_HOST:$NEO4J_HTTP_PORT/browser/") pid $pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the Neo4j launcher (pid $pid) exited before becoming ready"
      print_failure_logs
      rm -f "$PIDFILE"
      exit 1
    fi
    now="$(date +%s)"
    if [ $((now - start)) -ge "$START_TIMEOUT" ]; then
      log "timed out after ${START_TIMEOUT} s waiting for Neo4j (pid $pid still running; raise NEO4J_START_TIMEOUT or run '$0 stop')"
      print_failure_logs
      exit 1
    fi
    sleep 0.5
  done
}

cmd_stop() {
  local pid i
  if ! pid="$(pid_running)"; then
    rm -f "$PIDFILE" "$READY"
    log "not running"
    return 0
  fi
  log "stopping pid $pid..."
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after ${STOP_TIMEOUT} s; sending SIGKILL (the next start will recover the store)"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$PIDFILE" "$READY"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(pid_running)"; then
    if [ -f "$READY" ] && port_open "$PROBE_HOST" "$NEO4J_BOLT_PORT"; then
      echo "running pid=$pid bolt://$PROBE_HOST:$NEO4J_BOLT_PORT$(
        [ "$NEO4J_HTTP_PORT" != 0 ] && echo " http://$PROBE_HOST:$NEO4J_HTTP_PORT/browser/") home=$NEO4J_HOME_DIR"
      return 0
    fi
    echo "starting pid=$pid home=$NEO4J_HOME_DIR"
    return 1
  fi
  echo "stopped home=$NEO4J_HOME_DIR"
  return 3
}

cmd_run() {
  local pid tail_pid=""
  trap 'trap - INT TERM; log "signal received"; [ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null; cmd_stop; exit 0' INT TERM
  cmd_start
  pid="$(cat "$PIDFILE")"
  log "running in the foreground; Ctrl-C stops Neo4j"
  tail -n 0 -F "$CONSOLE_LOG" 2>/dev/null &
  tail_pid=$!
  # Poll instead of `wait`: java may not be our child (already running), and traps fire between sleeps.
  while kill -0 "$pid" 2>/dev/null; do sleep 1 & wait $! || true; done
  kill "$tail_pid" 2>/dev/null || true
  trap - INT TERM
  rm -f "$PIDFILE" "$READY"
  log "Neo4j (pid $pid) exited on its own"
  print_failure_logs
  exit 1
}

cmd_reset() {
  cmd_stop
  rm -rf "$NEO4J_HOME_DIR/data" "$READY"
  log "deleted $NEO4J_HOME_DIR/data (logs kept in $NEO4J_HOME_DIR/logs)"
}

case "${1:-}" in
  build) cmd_build ;;
  start) cmd_start ;;
  wait) cmd_wait ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  run) cmd_run ;;
  reset) cmd_reset ;;
  *)
    echo "usage: $0 build|start|wait|stop|status|run|reset   (see docs/neo4j-local.md)" >&2
    exit 2
    ;;
esac
