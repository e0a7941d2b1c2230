#!/usr/bin/env bash
# Build the packaged app: dist/annotator/ (one folder: `annotator` and `annotator-cli`)
# and dist/annotator-<version>-linux-x86_64.tar.gz with a .desktop entry, icon and INSTALL note.
# Usage: scripts/build_package.sh          (installs PyInstaller into .venv via the build extra)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
"$root/scripts/venv.sh" build
py="${ANNOTATOR_VENV:-$root/.venv}/bin/python"
version="$("$py" -c 'import annotator; print(annotator.__version__)')"
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
bundle="dist/annotator"
cp resources/annotator.desktop "$bundle/annotator.desktop"
cp resources/icons/annotator-256.png "$bundle/annotator.png"
cat > "$bundle/INSTALL.txt" <<NOTE
annotator $version for Linux (x86_64)

Run it from this folder:      ./annotator          (the window)
                              ./annotator-cli --help  (scripts and pipelines)
Check the installation:       ./annotator-cli selftest

Add it to your desktop menu (optional):
  mkdir -p ~/.local/share/applications ~/.local/share/icons/hicolor/256x256/apps
  sed "s|^Exec=annotator|Exec=\$PWD/annotator|" annotator.desktop > ~/.local/share/applications/annotator.desktop
  cp annotator.png ~/.local/share/icons/hicolor/256x256/apps/annotator.png

Portable mode: create an empty file named "portable" next to ./annotator and all
projects and settings stay in ./annotator-data (or set ANNOTATOR_HOME to a folder).

On a minimal Debian/Ubuntu the window needs: libxcb-icccm4 libxcb-keysyms1
libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0 libegl1 libfontconfig1
NOTE
archive="dist/annotator-${version}-linux-x86_64.tar.gz"
tar -C dist -czf "$archive" annotator
end=$(date +%s)
echo "built $bundle ($(du -sh "$bundle" | cut -f1)) and $archive ($(du -h "$archive" | cut -f1)) in $((end - start)) s"
