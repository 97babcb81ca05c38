#!/usr/bin/env bash
# Start the single-node Elasticsearch test node (see README.md) in the background and wait until it is usable.
#
# Environment:
#   ES_PORT           HTTP port on 127.0.0.1 (default 9200; 0 = let the OS pick a free port). A node already
#                     running from ES_DATA_DIR is reused if ES_PORT is unset, 0, or equal to its port.
#   ES_DATA_DIR       node home: data/, logs/, pid file, http.port (default: scripts/es-node/.data)
#   ES_JAVA_OPTS      JVM options (default: -Xms512m -Xmx1g)
#   JAVA              java binary (default: $JAVA_HOME/bin/java, else java on PATH; Java 17+)
#   ES_START_TIMEOUT  seconds to wait for the node (default 120)
#   ES_CLEAN=1        wipe the node's data before starting (only when the node is not already running)
#
# stdout: exactly one line, DISTILL_ES_URL=http://127.0.0.1:<port>. Everything else goes to stderr.
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${ES_PORT:-9200}"
HOME_DIR="${ES_DATA_DIR:-$DIR/.data}"
JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g}"
TIMEOUT="${ES_START_TIMEOUT:-120}"
if [[ -n "${JAVA:-}" ]]; then :; elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
PID_FILE="$HOME_DIR/es-node.pid"
PORT_FILE="$HOME_DIR/http.port"
LOG_FILE="$HOME_DIR/logs/es-node.log"
JAR="$DIR/target/es-node-1.0.0.jar"
CP_FILE="$DIR/target/classpath.txt"

log() { echo "es-node: $*" >&2; }

# Answers with the Elasticsearch product header and a yellow-or-better health within 1s?
es_ready() {
  local headers
  headers="$(curl -s -o /dev/null -D - --max-time 5 "http://127.0.0.1:$1/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null)" || return 1
  grep -qi '^x-elastic-product: *Elasticsearch' <<<"$headers" && grep -q '^HTTP/1.1 200' <<<"$headers"
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# 1. Already running (ours, from this data dir)?
if pid="$(running_pid)"; then
  cur="$(cat "$PORT_FILE" 2>/dev/null || true)"
  # Reuse it when the port matches, or when no particular port was asked for (ES_PORT unset or 0).
  if [[ -n "$cur" ]] && { [[ -z "${ES_PORT:-}" || "$PORT" == 0 || "$PORT" == "$cur" ]]; } && es_ready "$cur"; then
    log "already running (pid $pid) on port $cur"
    echo "DISTILL_ES_URL=http://127.0.0.1:$cur"
    exit 0
  fi
  log "a node from $HOME_DIR is running (pid $pid, port ${cur:-?}) but not on port $PORT or not healthy; run stop.sh first"
  exit 1
fi
# Someone else's Elasticsearch on the requested port?
if [[ "$PORT" != 0 ]] && es_ready "$PORT"; then
  log "an Elasticsearch already answers on port $PORT (not started from $HOME_DIR); using it"
  echo "DISTILL_ES_URL=http://127.0.0.1:$PORT"
  exit 0
fi

# 2. Build if needed (the first build downloads the dependencies from Maven Central): no jar yet, sources newer
#    than the jar, or a jar on the recorded classpath gone (classpath.txt holds paths into the local Maven repo).
needs_build() {
  [[ -f "$JAR" && -f "$CP_FILE" ]] || return 0
  [[ -z "$(find "$DIR/pom.xml" "$DIR/src" -newer "$JAR" -type f 2>/dev/null | head -1)" ]] || return 0
  local entry
  while IFS= read -r -d: entry || [[ -n "$entry" ]]; do [[ -f "$entry" ]] || return 0; done <"$CP_FILE"
  return 1
}
if needs_build; then
  log "building (mvn package) ..."
  ( cd "$DIR" && { mvn -B -q -Dstyle.color=never -o package >/dev/null 2>&1 || mvn -B -q -Dstyle.color=never package 2>&1 | sed "s/\x1b\[[0-9;]*m//g" >&2; } )
fi

# 3. Start.
if [[ "${ES_CLEAN:-0}" == 1 ]]; then rm -rf "$HOME_DIR/data"; fi
mkdir -p "$HOME_DIR/logs" "$HOME_DIR/tmp"
rm -f "$PORT_FILE"
log "starting on port $PORT, home $HOME_DIR, log $LOG_FILE"
# shellcheck disable=SC2086
setsid nohup "$JAVA" $JAVA_OPTS \
  -Djava.io.tmpdir="$HOME_DIR/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -Dlog4j2.disable.jmx=true -XX:-OmitStackTraceInFastThrow \
  -cp "$JAR:$(cat "$CP_FILE")" distill.esnode.EsNode "$HOME_DIR" "$PORT" \
  >>"$LOG_FILE" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$PID_FILE"

# 4. Wait for the port file and a yellow-or-green cluster.
deadline=$((SECONDS + TIMEOUT))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    log "node exited during startup; last log lines:"; tail -n 40 "$LOG_FILE" >&2; rm -f "$PID_FILE"; exit 1
  fi
  if [[ -s "$PORT_FILE" ]] && es_ready "$(cat "$PORT_FILE")"; then break; fi
  if ((SECONDS >= deadline)); then
    log "not ready after ${TIMEOUT}s; stopping it. Last log lines:"; tail -n 40 "$LOG_FILE" >&2
    kill "$pid" 2>/dev/null || true; rm -f "$PID_FILE"; exit 1
  fi
  sleep 0.5
done
log "ready (pid $pid)"
echo "DISTILL_ES_URL=http://127.0.0.1:$(cat "$PORT_FILE")"
