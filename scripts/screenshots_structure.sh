#!/usr/bin/env bash
# Screenshots of attribution structure on the text (issue 12): start the real app under Xvfb
# on a fresh project with scripts/structure_story.txt, tag and link it with keystrokes as an
# annotator would (xdotool), and capture the screen (ImageMagick `import`) into OUT.
#   scripts/screenshots_structure.sh [OUT=screenshots/structure] [DISPLAY_NUMBER=47]
# Needs: apt-get install -y xvfb xdotool imagemagick fonts-noto-color-emoji
set -u
W="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(realpath -m "${1:-$W/screenshots/structure}")"
N="${2:-47}"
mkdir -p "$OUT"
export DISPLAY=:$N
TMP="$(mktemp -d)"
export ANNOTATOR_HOME="$TMP/home"  # a first run: the name prompt shows
unset ANNOTATOR_NAME
PROJECT="$TMP/shots.annotator"
XVFB=""
if ! [ -e /tmp/.X11-unix/X$N ]; then Xvfb :$N -screen 0 1400x900x24 >/dev/null 2>&1 & XVFB=$!; sleep 1.5; fi
cd $W
./run.sh "$PROJECT" "$W/scripts/structure_story.txt" > "$TMP/app.log" 2>&1 &
APP=$!
P=$(timeout 120 xdotool search --sync --onlyvisible --name "Welcome to annotator" | head -1)
sleep 1
xdotool windowfocus --sync $P
import -window root "$OUT"/00-first-run.png
k() { xdotool key --delay 60 "$@"; sleep 0.25; }
t() { xdotool type --delay 70 "$1"; sleep 0.3; }
# first-run prompt: a name
xdotool key ctrl+a; t "Mina Park"; k Return
sleep 2.5
find_sel() { k ctrl+f; xdotool key ctrl+a; t "$1"; k Return; k Escape; }
tag() { find_sel "$1"; k "$2"; }
link() { k l; for _ in $(seq 1 ${1:-0}); do k Tab; done; k Return; }
WID=$(timeout 60 xdotool search --sync --onlyvisible --name "shots.annotator" | head -1); xdotool windowfocus --sync $WID; xdotool mousemove 600 300; sleep 0.5
k ctrl+2
tag "Talks on the fishing quota stalled again on Friday." 1
tag "“There is no room for retreat, no matter how long it takes,”" 2
tag "the ministry's spokesman said" 3; link
tag "“the door remains open,”" 2
tag "China's Xinhua News Agency reported" 3; link
tag "“firm,”" 2
tag "as he stressed" 3; link
tag "“nothing is settled yet,”" 2
tag "a negotiator added" 3; link
tag "the quota was “objective and impartial” and would hold through 2027" 1
tag "“objective and impartial”" 2
tag "Officials claimed" 3; link
tag "“We are,”" 2
find_sel "“ready to strike if the deal collapses.”"; k f
tag "said the union leader" 3; link
tag "Fishermen 🎣 cheered 🙌 outside the hall" 1
tag "“Quotas protect the stock for our children, and they will stay.”" 2
tag "In a statement on Saturday, the minister wrote" 3; link 2
k Escape
sleep 1
import -window root "$OUT"/01-overview.png
# select the Xinhua attribution from the keyboard: caret into it, Shift+Tab picks it
find_sel "Xinhua"; k shift+Tab
sleep 0.8
import -window root "$OUT"/02-selected.png
# E: its source in Details, typed without Tab
k e; xdotool key ctrl+a; t "Xinhua"; sleep 0.6; k Escape
sleep 0.5
import -window root "$OUT"/03-source-typed.png
# the minister's attribution: its link runs through the gutter, labelled
find_sel "the minister wrote"; k shift+Tab
sleep 0.8
import -window root "$OUT"/04-gutter-selected.png
# suggestions for what is left, reviewed in Details
k ctrl+g
sleep 1
import -window root "$OUT"/05-suggestion-in-details.png
# links hidden from the View menu
k Escape; k ctrl+shift+l
sleep 0.6
import -window root "$OUT"/06-links-hidden.png
k ctrl+shift+l
kill $APP
# The dense paragraphs at twice the size, to read the arches and tags.
convert "$OUT"/01-overview.png -crop 700x420+230+80 +repage -scale 200% "$OUT"/01-overview-zoom.png
convert "$OUT"/04-gutter-selected.png -crop 700x420+230+80 +repage -scale 200% "$OUT"/04-gutter-selected-zoom.png
[ -n "$XVFB" ] && kill $XVFB
rm -rf "$TMP"
