"""Who is annotating: one name for the window and the CLI, kept in one small file.

The name lives in ``<config dir>/annotator-name.txt`` (see annotator.paths), which
the window writes (first-run prompt, Edit > Your name…) and both front ends read.
Precedence, highest first: ``--annotator``, ``ANNOTATOR_NAME``, that file, the
name last used in the project, the login name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from annotator.paths import config_dir

__all__ = ["name_file", "saved_name", "save_name", "known_name", "resolve_name", "clean_name"]

FILE_NAME = "annotator-name.txt"
MAX_LENGTH = 80


def name_file() -> Path:
    return config_dir() / FILE_NAME


def clean_name(name: str | None) -> str:
    """One line, trimmed, at most 80 characters ("" when nothing usable is left)."""
    first = (name or "").strip().splitlines()
    return first[0].strip()[:MAX_LENGTH] if first else ""


def saved_name() -> str:
    """The name set in the window ("" when none was set or the file cannot be read)."""
    try:
        return clean_name(name_file().read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""


def save_name(name: str) -> str:
    """Remember ``name`` for both front ends; returns the name as stored."""
    name = clean_name(name)
    if not name:
        raise ValueError("An annotator name cannot be empty.")
    path = name_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, path)  # never a half-written name
    return name


def known_name(explicit: str | None = None, project_name: str | None = None) -> str:
    """The name from the flag, the environment, the file or the project ("" if none)."""
    for candidate in (explicit, os.environ.get("ANNOTATOR_NAME"), saved_name(), project_name):
        name = clean_name(candidate)
        if name:
            return name
    return ""


def login_name() -> str:
    try:
        return clean_name(getpass.getuser()) or "annotator"
    except Exception:  # no login name in containers and some CI
        return clean_name(os.environ.get("USER")) or "annotator"


def resolve_name(explicit: str | None = None, project_name: str | None = None) -> str:
    return known_name(explicit, project_name) or login_name()
