#!/usr/bin/env bash
# Create (once) the Python virtual environment holding Apache Flagon Distill from PyPI, for the side-by-side
# comparison (scripts/flagon/compare.ts) and the benchmark (bench/sequence/). Prints the venv's python path.
#
#   bash scripts/flagon/setup-venv.sh            # → scripts/flagon/.venv/bin/python
#
# flagon-distill 0.1.0 (the only release) declares pandas<2 but no numpy bound; pip then picks numpy 2, which
# pandas 1.5.3 cannot import ("numpy.dtype size changed"), so numpy<2 is pinned alongside it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${FLAGON_VENV:-$here/.venv}"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import distill' >/dev/null 2>&1; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'flagon-distill==0.1.0' 'numpy<2' >&2
fi
echo "$venv/bin/python"
