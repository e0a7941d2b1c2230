"""What a team folder's sync remembers and reports: the project's meta keys, the report of
one sync and the teammates as last read. Shared by publishing and receiving."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from annotator.store import Repository

__all__ = ["TeamError", "Teammate", "SyncReport", "json_meta", "peer_state"]

GOLD = "gold"
FOLDER_KEY = "team_folder"
CURATOR_KEY = "team_curator"
PUBLISHED_KEY = "team:published:"  # + annotator: what I last wrote for that layer
PEER_KEY = "team:peer:"  # + annotator: what I last read of a teammate's layer


class TeamError(Exception):
    """Joining or syncing cannot go on; the message is for the user."""


@dataclass
class Teammate:
    """A teammate as last read from the folder (also shown for files that failed)."""

    annotator: str
    published: str = ""
    stories: int = 0
    done: int = 0
    spans: int = 0
    received: str = ""  # when I last imported a change of theirs
    agreement: float | None = None  # span F1 (overlap) between their layer and mine
    problem: str = ""


@dataclass
class SyncReport:
    published: list[str] = field(default_factory=list)  # layers written
    received: list[str] = field(default_factory=list)  # one line per teammate file imported
    waiting: list[str] = field(default_factory=list)  # files not whole yet, retried next time
    refused: list[str] = field(default_factory=list)  # files never imported as they are
    new_stories: int = 0
    notes: list[str] = field(default_factory=list)
    senders: list[str] = field(default_factory=list)  # teammates whose layer changed here
    doc_ids: list[str] = field(default_factory=list)  # stories whose teammates' layers changed

    @property
    def changed_project(self) -> bool:
        return bool(self.received)

    def lines(self) -> list[str]:
        out = [f"published {name}" for name in self.published]
        out += self.received
        out += [f"waiting: {w}" for w in self.waiting]
        out += [f"not imported: {r}" for r in self.refused]
        out += self.notes
        return out or ["nothing changed"]


def json_meta(repo: Repository, key: str) -> dict[str, Any]:
    raw = repo.get_meta(key)
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def peer_state(repo: Repository, name: str) -> dict[str, Any]:
    return json_meta(repo, PEER_KEY + name)
