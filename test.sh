#!/usr/bin/env bash
# Install the test dependencies (first time) and run the whole suite.
# Extra arguments go to pytest, e.g. ./test.sh -k offsets -x
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/venv.sh" test
cd "$root"
QT_QPA_PLATFORM=offscreen exec "${ANNOTATOR_VENV:-$root/.venv}/bin/python" -m pytest "$@"
