"""The Project: one open project file, and the one way to change it.

A Project owns the repository (the file), the annotation session (the schema in
force and the undo history) and its listeners. Every write goes through it: span
edits, links, statuses and schema edits as undoable commands of the session;
imports, accepted suggestions, re-anchoring, reviews and settings as named
operations. Each write, once committed, is announced as one :class:`Change`,
which the window redraws from and the CLI reports.

It is also the small public API for notebooks and pipelines::

    from annotator import Project

    with Project.open("news.annotator", annotator="ana") as project:
        story = project.stories()[0]
        quote = project.add_span(story.id, "QUOTE", 10, 42, attributes={"type": "direct"})
        project.update_span(quote, note="check the date")
        project.undo()

Offsets are code points into the story text, end exclusive.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.commands import Command, EditError
from annotator.core.model import Document, Relation, Span, Status
from annotator.core.schema import Schema
from annotator.core.session import AnnotationSession, SessionEvent
from annotator.store import ProjectError, Repository, open_project
from annotator.store.repository import DocumentSummary

from .progress import SILENT, Progress

__all__ = ["Project", "Change", "ProjectError", "EditError", "DocumentSummary"]


@dataclass(frozen=True)
class Change:
    """One committed write. ``kind`` is "do", "undo" or "redo" for a command (then
    ``command`` is it, as it really ran), else the named operation: "import",
    "suggest", "reanchor", "review" or "settings"."""

    kind: str
    description: str
    doc_ids: frozenset[str] = frozenset()
    command: Command | None = None

    @property
    def doc_id(self) -> str:
        return self.command.doc_id if self.command is not None else ""


Listener = Callable[[Change], None]


def default_annotator(repo: Repository) -> str:
    stored = repo.get_meta("annotator")
    if stored:
        return stored
    try:
        return getpass.getuser()
    except Exception:  # no login name in containers and some CI
        return os.environ.get("USER") or "annotator"


class Project:
    """One open project (see the module docstring). Not thread-safe: a worker thread
    opens a Project of its own on the same file."""

    def __init__(self, repo: Repository, *, annotator: str | None = None) -> None:
        self.repo = repo
        self.session = AnnotationSession(repo, annotator=annotator or default_annotator(repo), schema=repo.schema())
        self._listeners: list[Listener] = []
        self._unsubscribe = self.session.subscribe(self._on_command)

    @classmethod
    def open(cls, path: Path | str, *, annotator: str | None = None, read_only: bool = False) -> Project:
        """Open (or create) a project file; ``annotator`` names who edits (default: the
        project's last annotator, else your login)."""
        return cls(open_project(path, read_only=read_only), annotator=annotator)

    def close(self) -> None:
        self._unsubscribe()
        self.repo.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- who, what, where ----------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.repo.path

    @property
    def annotator(self) -> str:
        return self.session.annotator

    @property
    def schema(self) -> Schema:
        return self.session.schema

    # -- change events ---------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Hear every committed change; returns the function that stops listening."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _on_command(self, event: SessionEvent) -> None:
        cmd = event.command
        self._emit(Change(event.kind, cmd.description, frozenset(cmd.doc_ids()), cmd))

    def announce(self, kind: str, description: str, doc_ids: Iterable[str] = ()) -> None:
        """Tell listeners about a write made by this project's operations on another
        connection (a worker thread's Project), once it has committed."""
        self._emit(Change(kind, description, frozenset(doc_ids)))

    # -- reading ---------------------------------------------------------------------------
    def stories(self) -> list[DocumentSummary]:
        """Every story (id, title, status, span count), in project order."""
        return self.repo.document_summaries()

    def story(self, story_id: str) -> Document:
        try:
            return self.repo.document(story_id)
        except KeyError:
            raise EditError(f"There is no story {story_id!r} in {self.path}.") from None

    def spans(self, story_id: str) -> list[Span]:
        return self.repo.spans(story_id)

    def relations(self, story_id: str) -> list[Relation]:
        return self.repo.relations(story_id)

    def span(self, span_id: str) -> Span:
        span = self.repo.span(span_id)
        if span is None:
            raise EditError(f"There is no span {span_id!r} in {self.path}.")
        return span

    # -- edits (undoable) -------------------------------------------------------------------
    def add_span(
        self,
        story_id: str,
        label: str,
        start: int,
        end: int,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> str:
        """Tag [start, end) (code points) with ``label``; returns the new span's id."""
        doc = self.story(story_id)
        return self.session.add_span(doc, label, [(start, end)], attributes=attributes, note=note or "").id

    def update_span(
        self,
        span_id: str,
        *,
        label: str | None = None,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> None:
        """Relabel, set attributes (merged by name; None or "" removes one) or the note,
        as one undoable step. Only what is given changes."""
        changes: dict[str, Any] = {}
        if label is not None:
            changes["label"] = label
        if attributes is not None:
            changes["merge_attributes"] = attributes
        if note is not None:
            changes["note"] = note
        if changes:
            self.session.update_span(self.span(span_id), description="Edit span", **changes)

    def delete_span(self, span_id: str) -> None:
        self.session.delete_spans([self.span(span_id)])

    def link(self, from_id: str, to_id: str, type: str | None = None) -> str:  # noqa: A002 - the API's word
        """Link two spans of one story (``type`` None: the one the schema allows); the link's id."""
        return self.session.link(self.span(from_id), self.span(to_id), type).id

    def set_status(self, story_id: str, status: str) -> None:
        self.session.set_status(self.story(story_id), status)

    def mark_done(self, story_id: str) -> None:
        self.set_status(story_id, Status.DONE)

    def change_schema(
        self, new: Schema, *, renames: dict[str, str] | None = None, delete_removed: bool = False
    ) -> Command:
        return self.session.change_schema(new, renames=renames, delete_removed=delete_removed)

    def undo(self) -> str | None:
        """Undo the last step; its description, or None if there was nothing to undo.
        Raises ConflictError (an EditError) if another writer changed what it touched."""
        cmd = self.session.undo()
        return cmd.description if cmd is not None else None

    def redo(self) -> str | None:
        cmd = self.session.redo()
        return cmd.description if cmd is not None else None

    # -- named operations ---------------------------------------------------------------------
    def import_files(
        self,
        paths: Iterable[Path | str],
        *,
        format_name: str | None = None,
        options: dict[str, Any] | None = None,
        progress: Progress = SILENT,
        annotator: str | None = None,
        split_articles: bool = False,
    ) -> Any:
        """Story files, annotation files and archives (see workflows.exchange); an ExchangeSummary.
        ``split_articles``: a Word or PDF file of several articles becomes one story per article."""
        from .exchange import import_files

        summary = import_files(
            self.repo,
            paths,
            annotator=annotator or self.annotator,
            format_name=format_name,
            options=options,
            progress=progress,
            split_articles=split_articles,
        )
        self._refresh_schema()
        if summary.imported_anything:
            ids = summary.stories.doc_ids if summary.stories is not None else []
            self._emit(Change("import", summary.lines()[0] if summary.lines() else "Import", frozenset(ids)))
        return summary

    def import_stories(self, paths: Iterable[Path | str], *, progress: Progress = SILENT) -> Any:
        """Story files and folders of them only; an ImportSummary."""
        from .stories import import_story_files

        summary = import_story_files(self.repo, paths, progress=progress)
        if summary.doc_ids:
            self._emit(Change("import", f"Imported {len(summary.doc_ids)} stories", frozenset(summary.doc_ids)))
        return summary

    def suggest(
        self, story_ids: Sequence[str] | None = None, *, accept: bool = False, progress: Progress = SILENT
    ) -> Any:
        """Run the suggester; with ``accept``, store its suggestions (one undoable step per story)."""
        from .suggest import suggest_stories

        return suggest_stories(self.repo, story_ids, session=self.session if accept else None, progress=progress)

    def accept_suggestions(self, doc: Document, suggestions: Iterable[Any]) -> tuple[int, int]:
        from .suggest import accept_suggestions

        return accept_suggestions(self.session, doc, suggestions)

    def accept_agreements(
        self, *, annotators: Sequence[str] | None = None, progress: Progress = SILENT
    ) -> tuple[int, int]:
        """Every unanimous span into the gold layer (one undoable step per story)."""
        from .agreement import accept_agreements_everywhere

        return accept_agreements_everywhere(self.repo, self.session, annotators=annotators, progress=progress)

    def adjudication(self, story_id: str, annotators: Sequence[str] | None = None) -> Any:
        """Deciding one story into gold; each decision is an undoable command of this project."""
        from .agreement import Adjudication

        return Adjudication(self.repo, self.session, story_id, annotators=annotators)

    def check_story_files(self) -> list[Any]:
        """Which stories changed on disk and what would happen to each span (reads only)."""
        from .reanchor import check_story_files

        return check_story_files(self.repo)

    def apply_story_checks(self, checks: Sequence[Any]) -> Path | None:
        """Update checked stories (one backup for all) and move every span with its words;
        the undo steps of those stories go, since their offsets were in the old text."""
        from .reanchor import apply_checks

        backup = apply_checks(self.repo, list(checks))
        ids = frozenset(c.doc_id for c in checks if not c.error)
        for doc_id in ids:
            self.session.history.forget_story(doc_id)
        if ids:
            self._emit(Change("reanchor", f"Updated {len(ids)} changed stories", ids))
        return backup

    def refresh(self, *, apply: bool) -> Any:
        """Compare every story with its file; with ``apply``, update them (``annotator-cli refresh``)."""
        from .reanchor import RefreshResult

        checks = self.check_story_files()
        return RefreshResult(checks, self.apply_story_checks(checks) if apply else None)

    def refresh_from_disk(self, story_ids: Iterable[str]) -> list[Any]:
        """Re-read these stories' files and update them (one backup for all)."""
        wanted = set(story_ids)
        checks = [c for c in self.check_story_files() if c.doc_id in wanted]
        self.apply_story_checks(checks)
        return checks

    def update_story_text(self, story_id: str, text: str, *, backup: bool = True) -> Any:
        """Give a story new text and re-anchor its spans (see workflows.reanchor)."""
        from .reanchor import apply_checks, plan_update

        check = plan_update(self.repo, story_id, text)
        apply_checks(self.repo, [check], backup=backup)
        self.session.history.forget_story(story_id)
        self._emit(Change("reanchor", f"Updated story {story_id}", frozenset({story_id})))
        return check

    def keep_review(self, span_id: str) -> None:
        """A re-anchored span a person has looked at and kept where it is."""
        from .span_review import accept_review

        accept_review(self.repo, span_id)
        self._emit(Change("review", "Kept span", frozenset()))

    def adjust_review(self, span_id: str, fragments: list[tuple[int, int]]) -> Span:
        """Put a reviewed span (an orphan too) on these words of its story, as one undoable step."""
        from .span_review import adjust_review

        span = adjust_review(self.repo, self.session, span_id, fragments)
        self._emit(Change("review", "Adjusted span", frozenset()))
        return span

    def delete_review(self, span_id: str) -> None:
        """Delete a reviewed span (an orphan is forgotten)."""
        from .span_review import delete_review

        delete_review(self.repo, self.session, span_id)
        self._emit(Change("review", "Deleted span", frozenset()))

    # -- the team folder -------------------------------------------------------------------
    def join_team(self, folder: Path | str, *, curator: bool = False) -> Path:
        """Use ``folder`` as this project's team folder (see workflows.team_sync)."""
        from .team_sync import join

        joined = join(self.repo, Path(folder), curator=curator)
        self._emit(Change("settings", f"Team folder {joined}"))
        return joined

    def team_folder(self) -> Path | None:
        from .team_sync import team_folder

        return team_folder(self.repo)

    def receive_team(self, *, measure: bool = False) -> Any:
        """Import every teammate's layer that changed in the team folder (never mine); a
        SyncReport. With ``measure``, agreement with each sender is measured too."""
        from .team_sync import TeamError, measure_agreement, receive

        folder = self.team_folder()
        if folder is None:
            raise TeamError("this project has no team folder yet")
        report = receive(self.repo, folder, self.annotator)
        if report.received:
            self._refresh_schema()
            if measure:
                measure_agreement(self.repo, self.annotator, report.senders)
            self._emit(Change("team", "; ".join(report.received), frozenset(report.doc_ids)))
        return report

    def publish_team(self, *, take_over: bool = False) -> list[str]:
        """Write my layer (and gold, for the curator) to the team folder if it changed."""
        from .team_sync import TeamError, publish

        folder = self.team_folder()
        if folder is None:
            raise TeamError("this project has no team folder yet")
        written = publish(self.repo, folder, self.annotator, take_over=take_over)
        if written:
            self._emit(Change("team", f"Published {', '.join(written)}"))
        return written

    def measure_team_agreement(self, mates: Sequence[str]) -> dict[str, float | None]:
        from .team_sync import measure_agreement

        return measure_agreement(self.repo, self.annotator, list(mates))

    def teammates(self) -> list[Any]:
        from .team_sync import teammates

        return teammates(self.repo, self.team_folder(), self.annotator)

    def set_annotator(self, name: str) -> None:
        """Who edits from now on (remembered in the project as its last annotator)."""
        self.session.annotator = name
        if not self.repo.read_only and self.repo.get_meta("annotator") != name:
            self.repo.set_meta("annotator", name)
            self._emit(Change("settings", f"Annotator {name}"))

    def _refresh_schema(self) -> None:
        stored = self.repo.schema()
        if stored != self.session.schema:
            self.session.schema = stored

    def reload(self) -> bool:
        """Pick up another writer's schema; True if it changed."""
        before = self.session.schema
        self._refresh_schema()
        return self.session.schema != before
