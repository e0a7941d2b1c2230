"""The product's own end-to-end check, runnable inside a frozen bundle.

`annotator-cli selftest` (and `annotator --smoke`, which adds the window) run
:func:`run_selftest`: in throw-away projects it imports a bundled sample story,
tags spans, a second fragment and a link through the one write path, exports
native and brat, imports both back into fresh projects and checks that what
came back is what went out. A missing resource, a format that lost something or
a library the bundle forgot shows up here as one clear line, not in a user's
first session.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import __version__, paths
from annotator.core.model import AnnotatedDocument, Document, Span
from annotator.core.session import AnnotationSession
from annotator.core.tokens import tokenize
from annotator.store import Repository, open_project

__all__ = ["run_selftest", "SelftestFailure", "sample_stories", "pick_targets", "Targets"]

Report = Callable[[str], None]
SELFTEST_ANNOTATOR = "selftest"


class SelftestFailure(Exception):
    """One check did not hold; the message says which and how."""


# -- choosing what to tag ---------------------------------------------------------------
@dataclass(frozen=True)
class Targets:
    """Where the self-check puts its spans in the sample story (code points)."""

    quote: tuple[int, int]
    second_fragment: tuple[int, int]
    attribution: tuple[int, int]
    claim: tuple[int, int]


_QUOTED = re.compile(r"[\"\u201c\u00ab\u300c]([^\"\u201d\u00bb\u300d\n]{3,}?)[\"\u201d\u00bb\u300d]")


def _words(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, tok in tokenize(text) if tok[0].isalnum()]


def pick_targets(text: str) -> Targets:
    """Real places in any story: quoted passages if it has them, else runs of words."""
    words = _words(text)
    if len(words) < 16:
        raise SelftestFailure(f"the sample story is too short to test with ({len(words)} words)")
    quoted = [m.span(1) for m in _QUOTED.finditer(text)]
    if len(quoted) >= 2:
        quote, second = quoted[0], quoted[1]
    else:
        quote, second = (words[0][0], words[3][1]), (words[8][0], words[10][1])
    after = [w for w in words if w[0] >= quote[1] and not (second[0] <= w[0] < second[1])][:2]
    if len(after) < 2:
        after = words[4:6]
    attribution = (after[0][0], after[-1][1])
    claim = (words[-8][0], words[-1][1])
    return Targets(quote, second, attribution, claim)


def sample_stories() -> list[Path]:
    """The story files shipped under resources/stories, in a stable order."""
    folder = paths.resources_dir() / "stories"
    if not folder.is_dir():
        return []
    from annotator.stories import STORY_EXTENSIONS

    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in STORY_EXTENSIONS)


# -- comparing what went out with what came back ------------------------------------------
def _span_key(span: Span) -> tuple[str, tuple[tuple[int, int], ...]]:
    return span.label, tuple(span.fragments)


def _describe(doc: AnnotatedDocument, *, attributes: bool, notes: bool, annotators: bool) -> dict[str, Any]:
    by_id = {s.id: s for s in doc.spans}
    spans = {}
    for s in doc.spans:
        spans[_span_key(s)] = {
            "text": s.text,
            **({"attributes": dict(s.attributes)} if attributes else {}),
            **({"note": s.note} if notes else {}),
            **({"annotator": s.annotator} if annotators else {}),
        }
    rels = sorted(
        (r.type, _span_key(by_id[r.source]), _span_key(by_id[r.target])) + ((r.annotator,) if annotators else ())
        for r in doc.relations
        if r.source in by_id and r.target in by_id
    )
    dangling = [r.id for r in doc.relations if r.source not in by_id or r.target not in by_id]
    return {"text": doc.document.text, "spans": spans, "relations": rels, "dangling": dangling}


def _compare(name: str, sent: AnnotatedDocument, got: AnnotatedDocument, carries: Any) -> None:
    flags = {
        "attributes": bool(getattr(carries, "attributes", True)),
        "notes": bool(getattr(carries, "notes", True)),
        "annotators": bool(getattr(carries, "annotators", True)),
    }
    a, b = _describe(sent, **flags), _describe(got, **flags)
    if a["text"] != b["text"]:
        raise SelftestFailure(f"{name}: the story text changed on the way back")
    if got.document.sha256 != sent.document.sha256:
        raise SelftestFailure(f"{name}: the story hash changed on the way back")
    if b["dangling"]:
        raise SelftestFailure(f"{name}: {len(b['dangling'])} link(s) point at spans that did not come back")
    if a["spans"] != b["spans"]:
        lost = sorted(set(a["spans"]) - set(b["spans"]))
        extra = sorted(set(b["spans"]) - set(a["spans"]))
        changed = sorted(k for k in set(a["spans"]) & set(b["spans"]) if a["spans"][k] != b["spans"][k])
        detail = "; ".join(
            part
            for part in (
                f"lost {lost}" if lost else "",
                f"gained {extra}" if extra else "",
                "changed " + ", ".join(f"{k}: {a['spans'][k]} -> {b['spans'][k]}" for k in changed) if changed else "",
            )
            if part
        )
        raise SelftestFailure(f"{name}: spans differ after the round trip ({detail})")
    if a["relations"] != b["relations"]:
        raise SelftestFailure(f"{name}: links differ after the round trip ({a['relations']} -> {b['relations']})")


# -- the steps ----------------------------------------------------------------------------
def _annotated(repo: Repository, doc_id: str) -> AnnotatedDocument:
    return AnnotatedDocument(repo.document(doc_id), repo.spans(doc_id), repo.relations(doc_id))


def _import_story(repo: Repository, story: Path) -> Document:
    from .stories import import_story_files

    summary = import_story_files(repo, [story])
    if len(summary.doc_ids) < 1:
        raise SelftestFailure(f"importing {story} gave no story: " + " / ".join(summary.lines()))
    return repo.document(summary.doc_ids[0])


def _annotate(repo: Repository, doc: Document) -> AnnotationSession:
    session = AnnotationSession(repo, annotator=SELFTEST_ANNOTATOR, schema=repo.schema())
    t = pick_targets(doc.text)
    quote = session.add_span(doc, "QUOTE", [t.quote], attributes={"type": "direct"})
    quote = session.add_fragment(quote, *t.second_fragment)
    source = doc.text[t.attribution[0] : t.attribution[1]]
    attribution = session.add_span(
        doc,
        "ATTRIBUTION",
        [t.attribution],
        attributes={"source": source, "cue": "said", "source_kind": "person"},
    )
    claim = session.add_span(doc, "CLAIM", [t.claim], attributes={"checkworthy": "yes"}, note="checked by selftest")
    session.link(attribution, quote)
    session.link(attribution, claim)
    # Undo and redo the last link: the history must put back exactly what it took away.
    before = len(repo.relations(doc.id))
    session.undo()
    if len(repo.relations(doc.id)) != before - 1:
        raise SelftestFailure("undo did not remove the last link")
    session.redo()
    if len(repo.relations(doc.id)) != before:
        raise SelftestFailure("redo did not restore the last link")
    stored = repo.span(quote.id)
    if stored is None or len(stored.fragments) != 2:
        raise SelftestFailure("the quote should have two fragments after adding one")
    return session


def _export(fmt: Any, sent: AnnotatedDocument, schema: Any, dest: Path) -> Path:
    target = dest / fmt.name if fmt.dest_is_dir else dest / f"selftest{fmt.extensions[0]}"
    if fmt.dest_is_dir:
        target.mkdir(parents=True, exist_ok=True)
    fmt.write([sent], schema, target)
    if not target.exists() or (target.is_file() and target.stat().st_size == 0):
        raise SelftestFailure(f"{fmt.name} export wrote nothing to {target}")
    return target


def _reimport(fmt: Any, source: Path, project: Path) -> AnnotatedDocument:
    """Bring an export back into a fresh project the way a user would, and read it out."""
    from .exchange import import_files

    repo = open_project(project)
    try:
        summary = import_files(repo, [source], annotator=SELFTEST_ANNOTATOR, format_name=fmt.name)
        refused = [f.refused for f in summary.files if getattr(f, "refused", None)]
        if refused:
            raise SelftestFailure(f"{fmt.name} import refused the export: {refused[0]}")
        ids = repo.document_ids()
        if len(ids) != 1:
            raise SelftestFailure(f"{fmt.name} import gave {len(ids)} stories instead of 1")
        return _annotated(repo, ids[0])
    finally:
        repo.close()


def _check_reopen(project: Path, expect: AnnotatedDocument, carries: Any) -> None:
    repo = open_project(project, read_only=True)
    try:
        ids = repo.document_ids()
        _compare("reopened project", expect, _annotated(repo, ids[0]), carries)
    finally:
        repo.close()


def _steps(report: Report, workdir: Path, story: Path | None) -> None:
    from annotator.formats import registry

    where = paths.describe()
    report(f"annotator {__version__} ({'frozen bundle' if where['frozen'] == 'yes' else 'source'})")
    for kind in ("data", "config", "cache"):
        report(f"ok    {kind} folder: {getattr(paths, kind + '_dir')()}  ({where['mode']})")
    for note in paths.notices():
        report(f"note  {note}")

    res = paths.resources_dir()
    icon = res / "icons" / "annotator.svg"
    if not icon.is_file():
        raise SelftestFailure(f"the app icon is missing: {icon}")
    if story is None:
        stories = sample_stories()
        if not stories:
            raise SelftestFailure(f"no sample stories in {res / 'stories'}")
        story = stories[0]
    report(f"ok    resources: {res}")

    native, brat = registry.get("native"), registry.get("brat")
    first = workdir / "selftest-a.annotator"
    repo = open_project(first)
    try:
        doc = _import_story(repo, story)
        report(f"ok    imported sample story “{doc.title}” ({len(doc.text)} characters)")
        session = _annotate(repo, doc)
        sent = _annotated(repo, doc.id)
        report(
            f"ok    tagged {len(sent.spans)} spans (one with two fragments) and {len(sent.relations)} links; undo/redo"
        )
        exports = workdir / "exports"
        exports.mkdir()
        native_out = _export(native, sent, session.schema, exports)
        brat_out = _export(brat, sent, session.schema, exports)
        report(f"ok    exported native ({native_out.name}) and brat ({brat_out.name})")
    finally:
        repo.close()

    _check_reopen(first, sent, native.carries)
    report("ok    project reopened read-only with everything in place")
    for fmt, out in ((native, native_out), (brat, brat_out)):
        back = _reimport(fmt, out, workdir / f"selftest-{fmt.name}.annotator")
        _compare(f"{fmt.name} round trip", sent, back, fmt.carries)
        report(
            f"ok    {fmt.name} re-imported into a new project: {len(back.spans)} spans and "
            f"{len(back.relations)} links match"
        )


def run_selftest(
    report: Report = print, *, story: Path | None = None, keep: Path | None = None, verbose: bool = False
) -> bool:
    """Run every check; True when all hold. ``keep`` leaves the work files there for a look."""
    try:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            _steps(report, keep, story)
        else:
            with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as tmp:
                _steps(report, Path(tmp), story)
    except SelftestFailure as exc:
        report(f"FAIL  {exc}")
        return False
    except Exception as exc:  # anything else is a bug or a broken bundle: say what and where
        report(f"FAIL  unexpected {type(exc).__name__}: {exc}")
        if verbose:
            for line in traceback.format_exc().rstrip().splitlines():
                report(f"      {line}")
        else:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            report(f"      at {Path(frame.filename).name}:{frame.lineno} (run with --verbose for the full trace)")
        return False
    report("selftest passed")
    return True
