#!/usr/bin/env bash
# Create or reuse .venv and install the project with the given extras.
# Usage: scripts/venv.sh [EXTRAS]   e.g. scripts/venv.sh test
# Sourced by run.sh and test.sh; prints nothing when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"
venv="${ANNOTATOR_VENV:-$root/.venv}"

pick_python() {
    for py in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$py" ] || continue
        command -v "$py" >/dev/null 2>&1 || continue
        "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo "$py"; return; }
    done
    echo "annotator needs Python 3.11 or newer (apt-get install python3)." >&2
    exit 1
}

sudo_apt() {
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
    elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq "$@" >/dev/null
    else echo "Please install: $*" >&2; exit 1; fi
}

if [ ! -x "$venv/bin/python" ]; then
    py="$(pick_python)"
    if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
        ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        echo "Installing python${ver}-venv (Debian/Ubuntu ship venv separately)..." >&2
        sudo_apt "python${ver}-venv" || sudo_apt python3-venv
    fi
    echo "Creating $venv with $("$py" --version)..." >&2
    "$py" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi

stamp="$venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
    echo "Installing annotator${extras:+ with [$extras]} into $venv (first run takes a few minutes)..." >&2
    "$venv/bin/python" -m pip install --quiet -e "$root${extras:+[$extras]}"
    touch "$stamp"
fi
