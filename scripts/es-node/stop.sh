#!/usr/bin/env bash
# Stop the node started by start.sh (same ES_DATA_DIR). SIGTERM first (the node closes cleanly), SIGKILL after 30s.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
HOME_DIR="${ES_DATA_DIR:-$DIR/.data}"
PID_FILE="$HOME_DIR/es-node.pid"

if [[ ! -f "$PID_FILE" ]]; then echo "es-node: not running (no $PID_FILE)" >&2; exit 0; fi
pid="$(cat "$PID_FILE")"
if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then echo "es-node: pid $pid still alive after 30s, killing" >&2; kill -KILL "$pid"; fi
  echo "es-node: stopped (pid $pid)" >&2
else
  echo "es-node: stale pid file (pid $pid not running)" >&2
fi
rm -f "$PID_FILE" "$HOME_DIR/http.port"
