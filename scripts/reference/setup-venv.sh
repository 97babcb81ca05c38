#!/bin/sh
# Create (once) the Python venv used by scripts/reference/*.py and bench/analytics/: the independent reference tools,
# all from PyPI (numpy<2: flagon-distill pins pandas 1.5, built against numpy 1). Idempotent; prints the venv's python path. The venv lives in .scratch/ (git-ignored).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VENV="${DISTILL_REFERENCE_VENV:-$ROOT/.scratch/reference-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pandas, scipy, networkx, pm4py, distill, duckdb" 2>/dev/null; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet "numpy<2" pandas scipy networkx pm4py flagon-distill duckdb >&2
fi
echo "$VENV/bin/python"
