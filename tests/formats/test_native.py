"""The native JSON Lines format: lossless, byte-identical re-export, readable by pandas
and Hugging Face datasets, and strict about bad input (file and line named)."""

from __future__ import annotations

import json

import orjson
import pytest
from exchange_fixtures import EMOJI_CRLF, add_story, check_spans_match_text, rich_project, snapshot

from annotator.formats import FormatError, get
from annotator.store import open_project
from annotator.workflows.exchange import export_project, import_files


@pytest.fixture
def rich(tmp_path):
    repo = rich_project(tmp_path / "rich.annotator")
    yield repo
    repo.close()


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_contract_keys_and_offsets(rich, tmp_path):
    out = tmp_path / "out.jsonl"
    report = export_project(rich, "native", out)
    assert report.lossless and report.documents == 2 and report.spans == 7 and report.relations == 3
    rows = _lines(out)
    first = rows[0]
    assert list(first)[:5] == ["format", "id", "title", "text", "sha256"]
    assert first["format"] == {"name": "annotator", "version": 1}
    assert {"meta", "schema", "spans", "relations"} <= set(first)
    assert "\r" not in first["text"]
    assert first["schema"]["labels"][0]["name"] == "CLAIM"
    for row in rows:
        text = row["text"]
        keys = [(s["start"], s["end"], s["label"], s["id"]) for s in row["spans"]]
        assert keys == sorted(keys)
        for s in row["spans"]:
            assert list(s) == [
                "id",
                "label",
                "start",
                "end",
                "fragments",
                "text",
                "attributes",
                "note",
                "annotator",
                "origin",
                "created",
                "updated",
            ]
            assert s["text"] == " ".join(text[a:b] for a, b in s["fragments"])  # code points
            assert (s["start"], s["end"]) == (s["fragments"][0][0], s["fragments"][-1][1])
        for r in row["relations"]:
            assert list(r) == ["id", "type", "from", "to", "annotator", "created"]
    emoji = next(r for r in rows if r["id"] == "emoji-crlf")
    fragmented = next(s for s in emoji["spans"] if len(s["fragments"]) == 2)
    assert fragmented["text"] == "Officials 😀 said the mayor told"
    assert json.loads(emoji["meta"]) == {"outlet": "Gazette", "words": 12, "paywall": False}
    assert json.loads(fragmented["attributes"]) == {"source": "the mayor", "cue": "told\treporters"}


def test_round_trip_is_lossless_and_byte_identical(rich, tmp_path):
    first = tmp_path / "first.jsonl"
    export_project(rich, "native", first)
    empty = open_project(tmp_path / "empty.annotator")
    summary = import_files(empty, [first], annotator="nobody")
    assert not summary.refused
    assert snapshot(empty) == snapshot(rich)
    assert empty.schema() == rich.schema()
    assert {d.id: d.status for d in empty.document_summaries()} == {d.id: d.status for d in rich.document_summaries()}
    assert empty.document("emoji-crlf").meta == rich.document("emoji-crlf").meta
    second = tmp_path / "second.jsonl"
    export_project(empty, "native", second)
    assert second.read_bytes() == first.read_bytes()
    assert check_spans_match_text(empty) == 7
    empty.close()


def test_pandas_reads_one_row_per_story(rich, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "out.jsonl"
    export_project(rich, "native", out)
    frame = pd.read_json(out, lines=True)
    assert len(frame) == 2
    assert set(frame["id"]) == {"emoji-crlf", "plain"}
    row = frame.set_index("id").loc["emoji-crlf"]
    assert row["text"] == rich.document("emoji-crlf").text
    assert len(row["spans"]) == 6


def test_datasets_reads_one_row_per_story_with_mixed_types(tmp_path):
    datasets = pytest.importorskip("datasets")
    repo = open_project(tmp_path / "mixed.annotator")
    from annotator.core.session import AnnotationSession

    session = AnnotationSession(repo, annotator="a", schema=repo.schema())
    # Many stories without spans or links first, then ones with mixed attribute and meta types:
    # Arrow infers column types from the first block, which is what used to break.
    for i in range(40):
        add_story(repo, f"Story {i} has nothing tagged.", f"bare-{i}", meta={"n": "x" * 5})
    doc = add_story(repo, EMOJI_CRLF, "rich", meta={"n": 3, "flag": True, "nested": {"a": [1, 2]}})
    q = session.add_span(doc, "QUOTE", [(18, 40)], attributes={"type": "direct"})
    a = session.add_span(doc, "ATTRIBUTION", [(0, 16)], attributes={"source": "x"})
    session.link(a, q)
    out = tmp_path / "mixed.jsonl"
    export_project(repo, "native", out)
    # A small chunk size makes this small file behave like a big one (many Arrow blocks).
    ds = datasets.load_dataset(
        "json", data_files=str(out), split="train", cache_dir=str(tmp_path / "hf"), chunksize=4096
    )
    assert ds.num_rows == 41
    rows = {r["id"]: r for r in ds}
    assert rows["rich"]["text"] == doc.text
    assert len(rows["rich"]["spans"]) == 2 and len(rows["rich"]["relations"]) == 1
    assert json.loads(rows["rich"]["meta"]) == {"n": 3, "flag": True, "nested": {"a": [1, 2]}}
    assert rows["bare-0"]["spans"] == []
    repo.close()


def _write(path, objs):
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in objs))


def _valid_line(rich, tmp_path):
    out = tmp_path / "valid.jsonl"
    export_project(rich, "native", out)
    return _lines(out)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda r: r["spans"][0].update(text="something else"), "says 'something else' but its offsets cover"),
        (lambda r: r["spans"][0].update(fragments=[[0, 10**6]], start=0, end=10**6), "outside the text"),
        (lambda r: r["spans"][0].update(start="0"), "must be a whole number"),
        (lambda r: r["spans"][0].update(label=7), "label must be text"),
        (lambda r: r.update(spans={"a": 1}), "spans must be a list"),
        (lambda r: r["relations"][0].update(to="nope"), "span 'nope', which is not in this story"),
        (lambda r: r.update(text=r["text"] + "!"), "sha256 does not match"),
        (lambda r: r.update(format={"name": "annotator", "version": 99}), "newer annotator"),
        (lambda r: r.update(format={"name": "other"}), "not an annotator story"),
        (lambda r: r.update(status="finished"), "status must be one of"),
    ],
)
def test_bad_lines_are_refused_with_file_and_line(rich, tmp_path, damage, message):
    rows = _valid_line(rich, tmp_path)
    rows.sort(key=lambda r: r["id"] != "emoji-crlf")
    damage(rows[0])
    bad = tmp_path / "bad.jsonl"
    _write(bad, [rows[1], rows[0]])  # the damaged story is on line 2
    target = open_project(tmp_path / "target.annotator")
    summary = import_files(target, [bad], annotator="me")
    ((path, why),) = summary.refused
    assert f"{bad}, line 2" in why and message in why
    assert target.stats()["stories"] == 0 and target.stats()["spans"] == 0  # all or nothing
    target.close()


def test_truncated_file_is_refused_and_project_unchanged(rich, tmp_path):
    good = tmp_path / "good.jsonl"
    export_project(rich, "native", good)
    data = good.read_bytes()
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(data[: len(data) - 40])
    target = open_project(tmp_path / "target.annotator")
    add_story(target, "Already here.", "keep")
    before = snapshot(target), target.schema()
    summary = import_files(target, [cut], annotator="me")
    ((_, why),) = summary.refused
    assert "line 2" in why and "cut short" in why
    assert (snapshot(target), target.schema()) == before
    target.close()


def test_overlong_line_is_refused_without_reading_it_whole(tmp_path, monkeypatch):
    from annotator.formats import support

    monkeypatch.setattr(support, "MAX_LINE_BYTES", 1000)
    big = tmp_path / "big.jsonl"
    big.write_bytes(b'{"format":{"name":"annotator","version":1},"text":"' + b"x" * 5000 + b'"}\n')
    with pytest.raises(FormatError, match=r"big.jsonl, line 1: the line is longer than"):
        list(get("native").read(big).documents)


def test_reader_streams(tmp_path):
    """The reader yields story by story: an error on line 3 comes after two good stories."""
    path = tmp_path / "stream.jsonl"
    good = {"format": {"name": "annotator", "version": 1}, "id": "a", "text": "Hello."}
    _write(path, [good, {**good, "id": "b"}])
    with open(path, "ab") as fh:
        fh.write(b'{"format": {"name": "annotator"\n')
    docs = get("native").read(path).documents
    assert next(iter(docs)).document.id == "a"
    seen = []
    with pytest.raises(FormatError, match="line 3"):
        for item in get("native").read(path).documents:
            seen.append(item.document.id)
    assert seen == ["a", "b"]


def test_hand_written_minimal_line(tmp_path):
    path = tmp_path / "min.jsonl"
    _write(
        path,
        [
            {
                "format": {"name": "annotator", "version": 1},
                "id": "m",
                "text": "Xi said it.",
                "meta": {"outlet": "X"},
                "spans": [
                    {
                        "id": "s1",
                        "label": "ATTRIBUTION",
                        "start": 0,
                        "end": 7,
                        "text": "Xi said",
                        "attributes": {"source": "Xi"},
                    }
                ],
            }
        ],
    )
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused
    (span,) = repo.spans("m")
    assert span.fragments == ((0, 7),) and span.annotator == "me" and span.attributes == {"source": "Xi"}
    assert span.origin == "imported"
    assert repo.document("m").meta == {"outlet": "X"}
    repo.close()


def test_text_with_carriage_returns_is_refused(tmp_path):
    path = tmp_path / "cr.jsonl"
    _write(path, [{"format": {"name": "annotator", "version": 1}, "id": "x", "text": "a\r\nb"}])
    with pytest.raises(FormatError, match=r"cr.jsonl, line 1: text must be normalised"):
        list(get("native").read(path).documents)


def test_native_is_detected_by_content_not_name(rich, tmp_path):
    from annotator.formats import detect

    out = tmp_path / "whatever.data"
    export_project(rich, "native", out)
    assert detect(out).name == "native"
    plain = tmp_path / "stories.jsonl"
    plain.write_text('{"id": "a", "title": "T", "text": "Just a story."}\n')
    assert detect(plain) is None  # a story file, for the story importer
