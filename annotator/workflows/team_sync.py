"""A team folder as the team's channel: publish my layer, receive my teammates'.

Publishing writes the project's stories the folder lacks and replaces my layer file
(atomically, and only when it changed). Receiving reads every other annotator's layer
file that changed since it was last read and makes that annotator's layer in my
project exactly what the file holds (spans added, changed and removed per story, in one
transaction per file), never touching my own layer. Stories the folder has and I lack
join my project; a teammate's schema is merged as an import merges one (labels and
attributes added, never removed). What was read is remembered in the project's meta
table, so an unchanged folder costs one stat per file.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store import Repository

from .team_folder import layer_files
from .team_publish import join, publish, team_folder
from .team_receive import measure_agreement, receive
from .team_state import SyncReport, TeamError, Teammate, peer_state

__all__ = [
    "TeamError",
    "SyncReport",
    "Teammate",
    "join",
    "team_folder",
    "publish",
    "receive",
    "sync",
    "teammates",
    "measure_agreement",
]


def sync(repo: Repository, folder: Path, me: str, *, take_over: bool = False) -> SyncReport:
    """Receive, then publish (so stories a teammate added are in my project first)."""
    report = receive(repo, folder, me)
    report.published = publish(repo, folder, me, take_over=take_over)
    return report


def teammates(repo: Repository, folder: Path | None, me: str) -> list[Teammate]:
    """Everyone who publishes in the folder, as last read (no file is parsed here)."""
    names = {name for _, name in layer_files(folder)} if folder else set()
    names.discard(me)
    out = []
    for name in sorted(names):
        state = peer_state(repo, name)
        out.append(
            Teammate(
                annotator=name,
                published=str(state.get("published", "")),
                stories=int(state.get("stories", 0)),
                done=int(state.get("done", 0)),
                spans=int(state.get("spans", 0)),
                received=str(state.get("received", "")),
                agreement=state.get("agreement"),
                problem="" if state else "not received yet",
            )
        )
    return out
