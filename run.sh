#!/usr/bin/env bash
# Install (first time) and start annotator. Arguments go to the app:
#   ./run.sh                      the default project, with the sample stories
#   ./run.sh my.annotator a.txt   a project file and/or story files
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
"$root/scripts/venv.sh"
"$root/scripts/ensure_display_libs.sh"
exec "${ANNOTATOR_VENV:-$root/.venv}/bin/annotator" "$@"
