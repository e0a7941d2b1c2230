"""Import/export workflows: teammates' files, dedupe, conflicts, all-or-nothing, export
scope and atomic writes, and property round-trips through native, brat, doccano and
Label Studio with random texts (emoji, CRLF, CJK) and random overlapping, fragmented,
linked spans."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import orjson
import pytest
from exchange_fixtures import EMOJI_CRLF, add_story, check_spans_match_text, find, rich_project, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import AnnotatedDocument, Relation, Span, Status, new_id
from annotator.core.session import AnnotationSession
from annotator.core.text import normalise
from annotator.formats import FormatError, get
from annotator.store import open_project
from annotator.workflows.exchange import ExportScope, export_project, import_files
from annotator.workflows.progress import Cancelled, Progress


@pytest.fixture
def rich(tmp_path):
    repo = rich_project(tmp_path / "rich.annotator")
    yield repo
    repo.close()


def test_importing_the_same_file_twice_changes_nothing(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    mine = open_project(tmp_path / "mine.annotator")
    first = import_files(mine, [out], annotator="me")
    assert first.files[0].spans_added == 7 and first.files[0].relations_added == 3
    before = snapshot(mine)
    again = import_files(mine, [out], annotator="me")
    outcome = again.files[0]
    assert (outcome.spans_added, outcome.relations_added, outcome.stories_created) == (0, 0, 0)
    assert (outcome.spans_skipped, outcome.relations_skipped, outcome.stories_matched) == (7, 3, 2)
    assert snapshot(mine) == before
    mine.close()


def test_teammates_work_is_added_under_their_names(rich, tmp_path):
    """Both people have the story; only bob's file is imported: his spans join mine."""
    bob_file = tmp_path / "bob.jsonl"
    export_project(rich, "native", bob_file, scope=ExportScope(annotators=("bob",)))
    mine = open_project(tmp_path / "mine.annotator")
    # My copy has the same text under another id, and my own span on it.
    doc = add_story(mine, EMOJI_CRLF, "my-id-for-it")
    AnnotationSession(mine, annotator="me", schema=mine.schema()).add_span(doc, "QUOTE", [find(doc.text, "we will")])
    summary = import_files(mine, [bob_file], annotator="me")
    outcome = summary.files[0]
    assert outcome.stories_matched == 1 and outcome.stories_created == 1  # "plain" is new
    by_annotator = {}
    for span in mine.spans("my-id-for-it"):
        by_annotator.setdefault(span.annotator, []).append(span.label)
    assert sorted(by_annotator) == ["bob", "me"]
    assert sorted(by_annotator["bob"]) == ["ATTRIBUTION", "CLAIM", "CLAIM", "QUOTE"]
    assert {r.annotator for r in mine.relations("my-id-for-it")} == {"bob"}
    assert len(mine.relations("my-id-for-it")) == 2
    mine.close()


def test_same_id_different_text_is_reported_not_merged(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    mine = open_project(tmp_path / "mine.annotator")
    add_story(mine, "A different story that happens to share the id.", "plain")
    summary = import_files(mine, [out], annotator="me")
    outcome = summary.files[0]
    assert not outcome.refused
    assert any("'plain'" in c and "different text" in c for c in outcome.conflicts)
    assert mine.spans("plain") == []  # nothing merged into my story
    assert outcome.stories_created == 1  # the other story came in
    assert any("not merged" in line for line in summary.lines())
    mine.close()


def test_span_id_collision_gets_a_new_id_never_overwrites(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    rows = [orjson.loads(line) for line in out.read_bytes().splitlines()]
    mine = open_project(tmp_path / "mine.annotator")
    doc = add_story(mine, "Unrelated text here.", "other")
    taken = rows[0]["spans"][0]["id"]
    mine.add_annotations([Span(taken, "other", "CLAIM", ((0, 9),), "Unrelated", {}, "", "me", "manual", "", "")])
    import_files(mine, [out], annotator="me")
    assert mine.span(taken).doc_id == "other"  # mine, untouched
    assert len(mine.spans(rows[0]["id"])) == len(rows[0]["spans"])
    check_spans_match_text(mine)
    assert doc.text == mine.document("other").text
    mine.close()


def test_error_in_the_last_story_leaves_project_unchanged(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    lines = out.read_bytes().splitlines()
    bad = orjson.loads(lines[-1])
    bad["relations"] = [{"id": "r", "type": "attributes", "from": "ghost", "to": bad["spans"][0]["id"]}]
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(lines[:-1] + [orjson.dumps(bad)]) + b"\n")
    target = open_project(tmp_path / "t.annotator")
    add_story(target, "Something already here.", "here")
    before = (snapshot(target), target.schema(), target.document_ids())
    summary = import_files(target, [broken], annotator="me")
    assert summary.refused and "ghost" in summary.refused[0][1] and "line 2" in summary.refused[0][1]
    assert (snapshot(target), target.schema(), target.document_ids()) == before
    target.close()


def test_unknown_labels_are_added_to_the_schema_and_reported(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "Ann met Bob.", "label": [[0, 3, "Person"], [8, 11, "Person"]]}\n', encoding="utf-8")
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert repo.schema().label("Person") is not None
    assert repo.schema().label("Person").colour.startswith("#")
    assert any("added label Person" in line for line in summary.lines())
    repo.close()


def test_export_scope_filters(rich, tmp_path):
    session = AnnotationSession(rich, annotator="alice", schema=rich.schema())
    session.set_status(rich.document("plain"), Status.DONE)
    out = tmp_path / "done.jsonl"
    report = export_project(rich, "native", out, scope=ExportScope(statuses=(Status.DONE,)))
    assert report.documents == 1 and orjson.loads(out.read_bytes())["id"] == "plain"
    out2 = tmp_path / "alice.jsonl"
    report = export_project(rich, "native", out2, scope=ExportScope(annotators=("alice",), story_ids=("emoji-crlf",)))
    row = orjson.loads(out2.read_bytes())
    assert {s["annotator"] for s in row["spans"]} == {"alice"} and len(row["relations"]) == 1
    with pytest.raises(FormatError, match="no story with id nope"):
        export_project(rich, "native", tmp_path / "x.jsonl", scope=ExportScope(story_ids=("nope",)))


def test_links_across_annotators_left_out_are_reported(rich, tmp_path):
    alice_quote = next(s for s in rich.spans("emoji-crlf") if s.annotator == "alice" and s.label == "QUOTE")
    bob_attr = next(s for s in rich.spans("emoji-crlf") if s.annotator == "bob" and s.label == "ATTRIBUTION")
    AnnotationSession(rich, annotator="bob", schema=rich.schema()).link(bob_attr, alice_quote)
    report = export_project(rich, "native", tmp_path / "bob.jsonl", scope=ExportScope(annotators=("bob",)))
    assert report.dropped == {"links to spans of annotators left out of the export": 1}


def test_interrupted_export_leaves_no_file(rich, tmp_path):
    dest = tmp_path / "out.jsonl"
    dest.write_text("the previous export\n")

    def cancel_midway(done, total, label):
        if done == 1:
            raise Cancelled()

    for fmt, target in (("native", dest), ("brat", tmp_path / "brat-out")):
        with pytest.raises(Cancelled):
            export_project(rich, fmt, target, progress=Progress(report=cancel_midway))
    assert dest.read_text() == "the previous export\n"
    assert not (tmp_path / "brat-out").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_replaces_an_existing_folder_whole(rich, tmp_path):
    dest = tmp_path / "brat"
    dest.mkdir()
    (dest / "stale.ann").write_text("T1\tX 0 1\ta\n")
    export_project(rich, "brat", dest)
    assert not (dest / "stale.ann").exists() and (dest / "plain.ann").exists()


# -- property tests ---------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list('ab cd\r\n,."') + ["😀", "🌉", "𝔘", "中", "文", "é", "\u0301", "ש", "\u200d", "\u2028", "\t"]
)


@st.composite
def stories(draw):
    raw = draw(st.text(ALPHABET, min_size=3, max_size=60))
    text = normalise(raw).text
    if not text.strip():
        text = "x" + text + "y"
    n = len(text)
    spans = []
    labels = ("CLAIM", "QUOTE", "ATTRIBUTION")
    for _ in range(draw(st.integers(0, 6))):
        cuts = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=6, unique=True)))
        frags = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
        frags = [f for k, f in enumerate(frags) if k == 0 or f[0] > frags[k - 1][1]]  # not touching
        if not frags:
            continue
        label = draw(st.sampled_from(labels))
        attrs = {}
        if label == "QUOTE" and draw(st.booleans()):
            attrs["type"] = draw(st.sampled_from(["direct", "indirect", "mixed"]))
        if label == "ATTRIBUTION" and draw(st.booleans()):
            # Empty means "no value" in the model (the session never stores ""), so not generated.
            attrs["source"] = draw(
                st.text(ALPHABET, min_size=1, max_size=8).map(lambda v: v.replace("\r", "")).filter(bool)
            )
        note = draw(st.sampled_from(["", "check this", "two\nlines", "tab\tand \\ back\u2028slash"]))
        annotator = draw(st.sampled_from(["alice", "bob"]))
        spans.append((label, tuple(frags), attrs, note, annotator))
    return text, spans


def _load(repo, text, spans):
    doc = add_story(repo, text, "s")
    made, seen = [], set()
    for label, frags, attrs, note, annotator in spans:
        key = (label, frags, annotator)
        if key in seen:
            continue
        seen.add(key)
        span = Span.create(doc, label, frags, annotator=annotator, attributes=attrs, note=note)
        made.append(span)
    rels = []
    for a, b in itertools.permutations(made, 2):
        if a.label == "ATTRIBUTION" and b.label in ("QUOTE", "CLAIM") and a.annotator == b.annotator:
            rels.append(Relation(new_id(), doc.id, "attributes", a.id, b.id, a.annotator, "2026-01-01T00:00:00Z"))
    with repo.transaction():
        repo.add_annotations(made, rels)
    return doc


def _round_trip(fmt, text, spans, options=None):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = open_project(tmp / "src.annotator")
        _load(src, text, spans)
        dest = tmp / ("out" if fmt == "brat" else "out.json")
        report = export_project(src, fmt, dest, options=options)
        dst = open_project(tmp / "dst.annotator")
        summary = import_files(dst, [dest], annotator="importer", format_name=fmt, options=options)
        assert not summary.refused, summary.refused
        check_spans_match_text(dst)
        result = (
            src.spans("s"),
            src.relations("s"),
            dst.spans(dst.document_ids()[0]),
            dst.relations(dst.document_ids()[0]),
            report,
            dst.document(dst.document_ids()[0]).text,
        )
        src.close()
        dst.close()
        return result


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@PROPERTY
@given(stories())
def test_native_round_trip_is_lossless(story):
    text, spans = story
    before, rels, after, rels_after, report, new_text = _round_trip("native", text, spans)
    assert report.lossless and new_text == text
    assert sorted(before, key=lambda s: s.id) == sorted(after, key=lambda s: s.id)
    assert sorted(rels, key=lambda r: r.id) == sorted(rels_after, key=lambda r: r.id)


@pytest.mark.slow
@PROPERTY
@given(stories(), st.sampled_from([None, ["alice"], ["bob", "alice"]]))
def test_native_from_stored_rows_is_byte_identical_to_span_objects(story, annotators):
    """The export fast path (rows as stored) writes exactly what the Span path writes."""
    text, spans = story
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        repo = open_project(tmp / "src.annotator")
        doc = _load(repo, text, spans)
        fmt = get("native")
        scope = ExportScope(annotators=annotators)
        objects = fmt.write(
            [AnnotatedDocument(doc, repo.spans(doc.id, annotators), _kept_links(repo, doc.id, annotators))],
            repo.schema(),
            tmp / "objects.jsonl",
        )
        export_project(repo, "native", tmp / "rows.jsonl", scope=scope)
        assert (tmp / "rows.jsonl").read_bytes() == (tmp / "objects.jsonl").read_bytes()
        assert objects.spans == len(repo.stored_spans(doc.id, annotators))
        repo.close()


def _kept_links(repo, doc_id, annotators):
    kept = {s.id for s in repo.spans(doc_id, annotators)}
    return [r for r in repo.relations(doc_id, annotators) if r.source in kept and r.target in kept]


def _ends(spans, rels):
    by_id = {s.id: s for s in spans}
    return {(r.type, by_id[r.source].fragments[0], by_id[r.target].fragments[0]) for r in rels}


@pytest.mark.slow
@PROPERTY
@given(stories())
def test_brat_round_trip_up_to_the_report(story):
    text, spans = story
    before, rels, after, rels_after, report, new_text = _round_trip("brat", text, spans)
    assert new_text == text
    reasons = " ".join(report.dropped)
    if "line break" not in reasons and "only spaces" not in reasons:
        key = lambda s: (s.annotator, s.label, s.fragments, s.text, sorted(s.attributes.items()), s.note)  # noqa: E731
        assert sorted(map(key, before)) == sorted(map(key, after))
        assert _ends(before, rels) == _ends(after, rels_after)
    else:
        assert len(after) <= len(before)


@pytest.mark.slow
@PROPERTY
@given(stories(), st.sampled_from(["spans", "entities"]), st.sampled_from(["utf16", "codepoints"]))
def test_doccano_round_trip_up_to_the_report(story, variant, offsets):
    text, spans = story
    options = {"variant": variant, "offsets": offsets}
    before, rels, after, rels_after, report, new_text = _round_trip("doccano", text, spans, options)
    assert new_text == text
    pieces = {(s.label, f) for s in before for f in s.fragments}
    assert {(s.label, s.fragments[0]) for s in after} == pieces
    assert all(len(s.fragments) == 1 and s.annotator == "importer" for s in after)
    if any(len(s.fragments) > 1 for s in before):
        assert "spans with several fragments, written as one entity per fragment" in report.dropped
    if variant == "entities":
        assert _ends(before, rels) == _ends(after, rels_after)
    elif rels:
        assert report.dropped["links (the spans variant has none; use --option variant=entities)"] == len(rels)


@pytest.mark.slow
@PROPERTY
@given(stories())
def test_labelstudio_round_trip_up_to_the_report(story):
    text, spans = story
    before, rels, after, rels_after, report, new_text = _round_trip("labelstudio", text, spans)
    assert new_text == text
    pieces = {(s.annotator, s.label, f) for s in before for f in s.fragments}
    assert {(s.annotator, s.label, s.fragments[0]) for s in after} == pieces
    all_pieces = [(s.annotator, s.label, f) for s in before for f in s.fragments]
    firsts = {(s.annotator, s.label, s.fragments[0]): (s.attributes, s.note) for s in before}
    for s in after:
        key = (s.annotator, s.label, s.fragments[0])
        if key in firsts and all_pieces.count(key) == 1:  # a region that was not merged with a twin
            assert (s.attributes, s.note) == firsts[(s.annotator, s.label, s.fragments[0])]
    assert _ends(before, rels) == _ends(after, rels_after)
    if any(len(s.fragments) > 1 for s in before):
        assert "spans with several fragments, written as one region per fragment" in report.dropped


def test_cancelled_import_rolls_back(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    target = open_project(tmp_path / "t.annotator")
    before = (snapshot(target), target.schema())

    def cancel_at_50(done, total, label):
        if done == 50:
            raise Cancelled()

    lines = out.read_bytes().splitlines()
    many = tmp_path / "many.jsonl"
    rows = [orjson.loads(lines[0])]
    for i in range(60):  # progress reports every 50 stories
        row = dict(rows[0], id=f"copy-{i}", text=rows[0]["text"] + f" {i}")
        row.pop("sha256")
        row["spans"] = []
        row["relations"] = []
        rows.append(row)
    many.write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    with pytest.raises(Cancelled):
        import_files(target, [many], annotator="me", progress=Progress(report=cancel_at_50))
    assert (snapshot(target), target.schema()) == before
    target.close()


def test_the_same_story_twice_in_one_file_is_merged_once(rich, tmp_path):
    out = tmp_path / "team.jsonl"
    export_project(rich, "native", out)
    doubled = tmp_path / "doubled.jsonl"
    doubled.write_bytes(out.read_bytes() * 2)
    target = open_project(tmp_path / "t.annotator")
    outcome = import_files(target, [doubled], annotator="me").files[0]
    assert (outcome.stories_created, outcome.stories_matched) == (2, 2)
    assert (outcome.spans_added, outcome.spans_skipped) == (7, 7)
    assert snapshot(target) == snapshot(rich)
    target.close()


def test_one_span_id_in_two_stories_is_refused_clearly(tmp_path):
    head = {"format": {"name": "annotator", "version": 1}}
    rows = [
        {
            **head,
            "id": "a",
            "text": "Alpha said so.",
            "spans": [{"id": "same", "label": "CLAIM", "start": 0, "end": 5}],
        },
        {**head, "id": "b", "text": "Beta said so.", "spans": [{"id": "same", "label": "CLAIM", "start": 0, "end": 4}]},
    ]
    path = tmp_path / "dup.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me").refused
    assert "one span or link id for two different things" in why and str(path) in why
    assert repo.stats()["stories"] == 0
    repo.close()


def test_a_fresh_project_takes_the_files_schema(tmp_path):
    from annotator.core.schema import preset

    source = open_project(tmp_path / "parc.annotator")
    source.set_schema(preset("parc"))
    doc = add_story(source, "The agency said rates will rise.", "s")
    session = AnnotationSession(source, annotator="a", schema=source.schema())
    src = session.add_span(doc, "SOURCE", [find(doc.text, "The agency")])
    content = session.add_span(doc, "CONTENT", [find(doc.text, "rates will rise")])
    session.link(src, content, "source_of")
    out = tmp_path / "parc.jsonl"
    export_project(source, "native", out)
    fresh = open_project(tmp_path / "fresh.annotator")
    summary = import_files(fresh, [out], annotator="me")
    assert fresh.schema() == source.schema()
    assert any("now uses the file's schema 'parc'" in line for line in summary.lines())
    again = tmp_path / "again.jsonl"
    export_project(fresh, "native", again)
    assert again.read_bytes() == out.read_bytes()
    # A project that already has work keeps its schema and only gains what is missing.
    busy = rich_project(tmp_path / "busy.annotator")
    import_files(busy, [out], annotator="me")
    assert busy.schema().label("QUOTE") is not None and busy.schema().label("SOURCE") is not None
    for repo in (source, fresh, busy):
        repo.close()
