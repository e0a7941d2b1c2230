"""Datasets out and in: export a project (or part of it) with any format, and import
story files and annotation files alike, for the window and the CLI.

Exports stream stories from the project into the format's ``write`` and land under
their final name only when complete: they are written to a hidden temporary
file or folder beside the destination and renamed at the end, so an interrupted
export leaves nothing half-written under the name the user chose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any

from annotator.core.model import AnnotatedDocument, StoredStory
from annotator.formats import Format, FormatError, Report, all_formats, detect, get
from annotator.store import Repository
from annotator.store.backups import make_backup

from .annotation_import import FileOutcome, import_annotation_file
from .archives import (
    ArchiveError,
    is_archive,
    project_export_files,
    remove_stale_unpacked,
    unpack,
    unpack_folder_prefix,
)
from .import_checks import unexpected
from .progress import SILENT, Cancelled, Progress

if TYPE_CHECKING:
    from .stories import ImportSummary

__all__ = [
    "ExportScope",
    "export_project",
    "select_documents",
    "ExchangeSummary",
    "import_files",
    "FileOutcome",
]


@dataclass(frozen=True)
class ExportScope:
    """Which stories and whose work to export (None = all)."""

    annotators: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    story_ids: tuple[str, ...] | None = None


def select_documents(repo: Repository, scope: ExportScope) -> list[str]:
    ids = []
    wanted = set(scope.story_ids) if scope.story_ids else None
    if wanted is not None:
        missing = wanted - set(repo.document_ids())
        if missing:
            raise FormatError(f"no story with id {', '.join(sorted(missing))} in the project")
    for summary in repo.document_summaries():
        if scope.statuses and summary.status not in scope.statuses:
            continue
        if wanted is not None and summary.id not in wanted:
            continue
        ids.append(summary.id)
    return ids


def _lead_with_examples(repo: Repository, ids: list[str], scope: ExportScope) -> list[str]:
    """Put a story with links (and one with spans) first.

    Hugging Face ``datasets`` infers column types from the first block of a JSON
    Lines file; if no story there has a link, ``relations`` becomes a list of nulls
    and the first real link further down fails to load. Leading with examples
    makes every export load; re-exporting an imported file keeps the same order.
    """
    lead: list[str] = []
    for want_links in (True, False):
        for doc_id in ids[:20000]:
            if want_links and repo.relations(doc_id, scope.annotators):
                lead.append(doc_id)
                break
            if not want_links and repo.spans(doc_id, scope.annotators):
                lead.append(doc_id)
                break
        if lead:
            break
    if not lead or lead[0] == ids[0]:
        return ids
    return lead + [i for i in ids if i != lead[0]]


def shareable_path(path: str) -> str:
    """A story's source path fit for a file others get: an absolute path (which names the
    user's folders, often the user) becomes its bare file name; a relative one stays."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or path.startswith("~"):
        return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name
    return path


def _stream(
    repo: Repository,
    ids: list[str],
    scope: ExportScope,
    report: Report,
    progress: Progress,
    *,
    stored: bool,
    full_paths: bool = False,
) -> Iterator[AnnotatedDocument] | Iterator[StoredStory]:
    """The chosen stories one at a time (memory stays flat), as Span objects or, for
    a format that takes them (``stored``), as the rows the project keeps."""
    total = len(ids)
    read_spans = repo.stored_spans if stored else repo.spans
    shortened = 0
    for n, doc_id in enumerate(ids):
        progress.step(n, total, doc_id)
        doc = repo.document(doc_id)
        if not full_paths and doc.source_path and shareable_path(doc.source_path) != doc.source_path:
            doc = replace(doc, source_path=shareable_path(doc.source_path))
            shortened += 1
        spans: Any = read_spans(doc_id, scope.annotators)
        relations = repo.relations(doc_id, scope.annotators)
        if scope.annotators is not None and relations:
            kept = {s[0] for s in spans} if stored else {s.id for s in spans}
            ok = [r for r in relations if r.source in kept and r.target in kept]
            if len(ok) != len(relations):
                report.drop("links to spans of annotators left out of the export", len(relations) - len(ok))
            relations = ok
        yield StoredStory(doc, spans, relations) if stored else AnnotatedDocument(doc, spans, relations)
    progress.step(total, total, "")
    if shortened:
        report.notes.append(
            f"{shortened} stories' source paths written as bare file names (full paths name your folders); "
            "--full-paths keeps them"
        )


def _temp_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.partial-{os.getpid()}")


def _discard(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def _publish(tmp: Path, dest: Path, is_dir: bool) -> None:
    if not is_dir:
        if dest.is_dir():
            raise FormatError(f"{dest} is a folder; choose a file name for this format")
        os.replace(tmp, dest)
        return
    if dest.exists() and not dest.is_dir():
        raise FormatError(f"{dest} is a file; this format writes a folder")
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        os.replace(dest, old)
        os.replace(tmp, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, dest)


def export_project(
    repo: Repository,
    format_name: str,
    dest: Path | str,
    *,
    scope: ExportScope = ExportScope(),
    options: dict[str, Any] | None = None,
    progress: Progress = SILENT,
    full_paths: bool = False,
) -> Report:
    """Write the chosen stories with ``format_name`` to ``dest``; returns what was carried
    and what the format dropped. Raises FormatError (message for the user) on failure.
    Stories' absolute source paths go out as bare file names unless ``full_paths``."""
    fmt = get(format_name)
    why = fmt.unavailable()
    if why:
        raise FormatError(f"{fmt.name} is not available here: {why}")
    dest = Path(dest).expanduser()
    if not dest.parent.is_dir():
        raise FormatError(f"cannot write {dest}: the folder {dest.parent} does not exist")
    _check_options(fmt, options)
    ids = select_documents(repo, scope)
    if fmt.name == "native" and ids:
        ids = _lead_with_examples(repo, ids, scope)
    report = Report()
    tmp = _temp_name(dest)
    _discard(tmp)
    if fmt.dest_is_dir:
        tmp.mkdir()
    try:
        stored = fmt.write_stored is not None
        write = fmt.write_stored if fmt.write_stored is not None else fmt.write
        stories = _stream(repo, ids, scope, report, progress, stored=stored, full_paths=full_paths)
        written = write(stories, repo.schema(), tmp, **(options or {}))
        _publish(tmp, dest, fmt.dest_is_dir)
    except BaseException:
        _discard(tmp)
        raise
    for reason, n in report.dropped.items():
        written.drop(reason, n)
    written.notes += report.notes
    return written


def _check_options(fmt: Format, options: dict[str, Any] | None) -> None:
    """A misspelt option is refused, not silently ignored."""
    unknown = sorted(set(options or {}) - set(fmt.options))
    if unknown:
        known = ", ".join(sorted(fmt.options)) or "none"
        raise FormatError(f"unknown option {', '.join(unknown)} for {fmt.name}; its options: {known}")


@dataclass
class ExchangeSummary:
    """Story files and annotation files imported in one go."""

    stories: ImportSummary | None = None
    files: list[FileOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def refused(self) -> list[tuple[str, str]]:
        out = [(f.path, f.refused) for f in self.files if f.refused]
        if self.stories is not None:
            out += self.stories.refused
        return out

    @property
    def imported_anything(self) -> bool:
        return any(f.changed_anything for f in self.files) or bool(self.stories and self.stories.imported)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.stories is not None:
            out += self.stories.lines()
        for f in self.files:
            out += f.lines()
        if self.files:
            ok = [f for f in self.files if not f.refused]
            out.append(
                f"annotation files: {len(ok)} imported, {len(self.files) - len(ok)} refused; "
                f"{sum(f.spans_added for f in ok)} spans and {sum(f.relations_added for f in ok)} links added, "
                f"{sum(f.spans_skipped for f in ok)} spans and {sum(f.relations_skipped for f in ok)} links skipped "
                "as already present"
            )
        out += self.notes
        return out


def import_files(
    repo: Repository,
    paths: Iterable[Path | str],
    *,
    annotator: str,
    format_name: str | None = None,
    options: dict[str, Any] | None = None,
    progress: Progress = SILENT,
    split_articles: bool = False,
) -> ExchangeSummary:
    """Import each path: annotation files by their (detected or given) format, the rest
    as story files. Each annotation file is all-or-nothing. ``split_articles``: a Word
    or PDF file holding several articles becomes one story per article.

    ``progress`` hears (file number, number of files, name) between files and
    (stories so far, 0, name) every 50 stories inside a file (0: total unknown, the
    file is streamed); cancelling rolls the current file back and raises Cancelled.
    """
    forced = get(format_name) if format_name else None
    if forced is not None and forced.read is None:
        raise FormatError(f"{forced.title} can be exported but not imported")
    if forced is not None:
        _check_options(forced, options)
    given = [Path(p) for p in paths]
    if any(is_archive(p) for p in given):
        remove_stale_unpacked()  # left by an import that was killed
    with ExitStack() as unpacked:
        summary = ExchangeSummary()
        inputs: list[Path] = []
        names: dict[str, str] = {}  # unpacked folder or file -> how the user knows it ("team.zip!")
        owners: dict[str, str] = {}  # unpacked file -> the annotator it belongs to
        for path in given:
            if not is_archive(path):
                inputs.append(path)
                continue
            folder = Path(unpacked.enter_context(tempfile.TemporaryDirectory(prefix=unpack_folder_prefix())))
            try:
                unpack(path, folder)
            except ArchiveError as exc:
                summary.files.append(FileOutcome(str(path), "archive", refused=str(exc)))
                continue
            names[str(folder)] = f"{path}!"
            if not any(folder.iterdir()):
                why = "it holds no files to import (it is empty, or holds only hidden files and folders)"
                summary.files.append(FileOutcome(str(path), "archive", refused=f"{path}: {why}"))
                continue
            per_user = project_export_files(folder)
            if per_user is not None:  # INCEpTION / WebAnno: each user's file under their name
                for staged, user, inside in per_user:
                    inputs.append(staged)
                    owners[str(staged)] = user
                    names[str(staged)] = f"{path}!/{inside}"
            else:
                inputs += _archive_inputs(folder, forced)
        _import_paths(repo, inputs, summary, forced, annotator, options, progress, names, owners, split_articles)
    return summary


def _archive_inputs(folder: Path, forced: Format | None) -> list[Path]:
    """What to import from an unpacked archive: the folder itself when it is one
    collection (brat's .txt/.ann pairs), else every file in it, in path order."""
    fmt = forced or detect(folder)
    if fmt is not None and fmt.sniff is not None and fmt.sniff(folder, b""):
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _shown(path: str, names: dict[str, str]) -> str:
    """An unpacked file's name as the user knows it: inside its archive."""
    if path in names:
        return names[path]
    for folder, archive in names.items():
        if path.startswith(folder + os.sep):
            return archive + path[len(folder) :]
    return path


def _import_paths(
    repo: Repository,
    paths: list[Path],
    summary: ExchangeSummary,
    forced: Format | None,
    annotator: str,
    options: dict[str, Any] | None,
    progress: Progress,
    names: dict[str, str],
    owners: dict[str, str],
    split_articles: bool = False,
) -> None:
    used: set[str] = set()
    story_paths: list[Path] = []
    if paths and any(s.span_count for s in repo.document_summaries()):
        make_backup(repo, "import")  # a wrong file imported in bulk is the costliest mistake
    for n, path in enumerate(paths):
        progress.step(n, len(paths), path.name)
        fmt: Format | None = forced
        if fmt is None and path.exists():
            fmt = detect(path) or _by_extension(path)
        if fmt is None:
            story_paths.append(path)
            continue
        if not path.exists():
            summary.files.append(FileOutcome(str(path), fmt.name, refused=f"{path}: no such file or folder"))
            continue
        # Options go to the formats that have them (one command may import several formats).
        mine = {k: v for k, v in (options or {}).items() if k in fmt.options}
        used.update(mine)
        try:
            outcome = import_annotation_file(
                repo, path, fmt, annotator=annotator, owner=owners.get(str(path)), options=mine, progress=progress
            )
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - rolled back already; the other files still go in
            outcome = FileOutcome(str(path), fmt.name, refused=f"{path}: {unexpected(exc)}")
        if names:  # name unpacked files as inside their archive, not in a temporary folder
            outcome.path = _shown(outcome.path, names)
            outcome.refused = outcome.refused and _shown_in(outcome.refused, names)
            outcome.conflicts = [_shown_in(c, names) for c in outcome.conflicts]
            outcome.notes = [_shown_in(note, names) for note in outcome.notes]
        summary.files.append(outcome)
    unused = sorted(set(options or {}) - used)
    if unused and summary.files:
        summary.notes.append(f"option {', '.join(unused)} was not used: no imported file's format has it")
    if story_paths:
        from .stories import import_story_files  # the story readers load only when needed

        summary.stories = import_story_files(
            repo, story_paths, progress=progress, shown_as=lambda p: _shown(p, names), split_articles=split_articles
        )


def _by_extension(path: Path) -> Format | None:
    """The format a file's name claims when its content did not look like it (a .conll
    or .tsv that is cut or malformed): its reader says what is wrong, rather than the
    file going in as a plain-text story. Story extensions (.txt, .json ...) stay stories."""
    from annotator.stories import STORY_EXTENSIONS

    suffix = path.suffix.lower()
    if not path.is_file() or not suffix or suffix in STORY_EXTENSIONS:
        return None
    return next((f for f in all_formats() if f.readable and suffix in f.extensions), None)


def _shown_in(message: str, names: dict[str, str]) -> str:
    """A message with unpacked paths named as inside their archives (files before
    the folders holding them)."""
    for unpacked in sorted(names, key=len, reverse=True):
        message = message.replace(unpacked, names[unpacked])
    return message
