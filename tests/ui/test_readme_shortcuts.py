"""Every shortcut of every action is in README.md's Keyboard table, on its action's row."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.ui.actions import ACTIONS

README = Path(__file__).resolve().parents[2] / "README.md"


def _keyboard_rows() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keyboard\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and not set(cells[0]) <= set("- "):
            rows[cells[1]] = cells[2]
    return rows


def test_every_action_shortcut_is_in_the_readme_table():
    rows = _keyboard_rows()
    missing = []
    for spec in ACTIONS:
        if not spec.shortcuts:
            continue
        name = spec.text.replace("&", "").replace("…", "")
        keys = set(re.findall(r"`([^`]+)`", rows.get(name, "")))
        for shortcut in spec.shortcuts:
            if shortcut not in keys:
                missing.append(f"{name}: {shortcut}")
    assert not missing, "README.md's Keyboard table lacks: " + "; ".join(missing)
