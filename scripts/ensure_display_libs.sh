#!/usr/bin/env bash
# Qt's xcb platform plugin needs a few X libraries that a minimal Debian/Ubuntu lacks
# (Qt's own error message blames libxcb-cursor0 even when icccm4/keysyms1 are missing).
set -u
[ -n "${QT_QPA_PLATFORM:-}" ] && [ "${QT_QPA_PLATFORM}" != "xcb" ] && exit 0
# No display at all: the app says so in one line; X libraries would not help.
[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && exit 0
command -v dpkg-query >/dev/null 2>&1 || exit 0
need=()
for pkg in libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
           libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "annotator: Qt needs these system libraries: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    echo "Installing them with sudo (you may be asked for your password)..."
    sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}" >/dev/null
else
    echo "Install them with: apt-get install ${need[*]}" >&2
    exit 1
fi
