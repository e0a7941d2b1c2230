"""doccano JSONL: both variants, UTF-16 offsets as doccano counts them (code points on
request), the odd files doccano itself ships, and bad input."""

from __future__ import annotations

import json

import pytest
from exchange_fixtures import EMOJI_CRLF, add_story, find, rich_project

from annotator.core.session import AnnotationSession
from annotator.formats import FormatError, get
from annotator.store import open_project
from annotator.workflows.exchange import export_project, import_files


@pytest.fixture
def rich(tmp_path):
    repo = rich_project(tmp_path / "rich.annotator")
    yield repo
    repo.close()


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _utf16_slice(text: str, start: int, end: int) -> str:
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def test_spans_variant_counts_utf16_like_doccano(rich, tmp_path):
    out = tmp_path / "d.jsonl"
    report = export_project(rich, "doccano", out)
    rows = {r["id"]: r for r in _rows(out)}
    row = rows["emoji-crlf"]
    assert set(row) == {"id", "text", "label", "meta"} and row["meta"]["title"] == "Bridge 🌉"
    assert "\r" not in row["text"]
    for start, end, _label in row["label"]:
        assert _utf16_slice(row["text"], start, end).strip()  # what doccano's browser shows
    quote = next(x for x in row["label"] if x[2] == "QUOTE" and _utf16_slice(row["text"], x[0], x[1]).startswith('"'))
    assert _utf16_slice(row["text"], quote[0], quote[1]) == '"the bridge is safe 🌉,"'
    cp = find(row["text"], '"the bridge is safe 🌉,"')
    assert quote[:2] == [cp[0] + 1, cp[1] + 2]  # one emoji before, one inside
    assert report.dropped["links (the spans variant has none; use --option variant=entities)"] == 3
    assert report.dropped["spans with several fragments, written as one entity per fragment"] == 1
    assert "spans' attributes (doccano has none)" in report.dropped


def test_entities_variant_and_code_point_option(rich, tmp_path):
    out = tmp_path / "d.jsonl"
    options = {"variant": "entities", "offsets": "codepoints"}
    report = export_project(rich, "doccano", out, options=options)
    row = next(r for r in _rows(out) if r["id"] == "emoji-crlf")
    ents = {e["id"]: e for e in row["entities"]}
    for e in row["entities"]:
        assert set(e) == {"id", "start_offset", "end_offset", "label"}
        assert row["text"][e["start_offset"] : e["end_offset"]].strip()
    assert len(row["relations"]) == 3
    for rel in row["relations"]:
        assert ents[rel["from_id"]]["label"] == "ATTRIBUTION"
    assert report.relations == 3
    back = open_project(tmp_path / "back.annotator")
    summary = import_files(back, [out], annotator="me", options=options)
    assert not summary.refused
    assert len(back.relations("emoji-crlf")) == 3
    back.close()


def test_emoji_and_crlf_in_a_doccano_file(tmp_path):
    text = "Hi 😀 there\r\nBob 👍 said yes."
    norm = text.replace("\r\n", "\n")
    # doccano counts the raw text it was given (CRLF: two units) in UTF-16.
    bob = len(text[: text.index("Bob")].encode("utf-16-le")) // 2
    yes = len(text[: text.index("yes")].encode("utf-16-le")) // 2
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[bob, bob + 3, "PER"], [yes, yes + 3, "ANS"]]}) + "\n")
    repo = open_project(tmp_path / "p.annotator")
    summary = import_files(repo, [path], annotator="me")
    assert not summary.refused, summary.refused
    (doc_id,) = repo.document_ids()
    assert repo.document(doc_id).text == norm
    assert sorted(s.text for s in repo.spans(doc_id)) == ["Bob", "yes"]
    repo.close()


def test_offset_inside_an_emoji_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "😀😀 Bob", "label": [[1, 3, "X"]]}) + "\n")
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me").refused
    assert "d.jsonl, line 1" in why and "offsets=codepoints" in why
    summary = import_files(repo, [path], annotator="me", options={"offsets": "codepoints"})
    assert not summary.refused
    assert [s.text for s in repo.spans(repo.document_ids()[0])] == ["😀 "]
    repo.close()


def test_pretty_printed_and_array_files(tmp_path):
    record = {
        "text": "Google was founded by Larry Page.",
        "entities": [
            {"id": 7, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 9, "start_offset": 22, "end_offset": 32, "label": "PERSON"},
        ],
        "relations": [{"id": 0, "from_id": 7, "to_id": 9, "type": "foundedBy"}],
    }
    pretty = tmp_path / "pretty.jsonl"
    pretty.write_text(
        json.dumps(record, indent=4) + "\n" + json.dumps({**record, "text": record["text"] + " "}, indent=2)
    )
    array = tmp_path / "array.json"
    array.write_text(json.dumps([record]))
    fmt = get("doccano")
    docs = list(fmt.read(pretty).documents)
    assert len(docs) == 2 and all(len(d.relations) == 1 for d in docs)
    assert [s.text for s in docs[0].spans] == ["Google", "Larry Page"]
    assert len(list(fmt.read(array).documents)) == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "abc", "label": [[0, 9, "X"]]}', "outside the text"),
        ('{"text": "abc", "label": [[0, "2", "X"]]}', "must be a whole number"),
        ('{"text": "abc", "label": [[2, 1, "X"]]}', "empty or reversed"),
        ('{"text": "abc", "label": [0, 1]}', "must be [start, end"),
        (
            '{"text": "abc", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}], '
            '"relations": [{"from_id": 1, "to_id": 5, "type": "r"}]}',
            "to_id 5 is not an entity",
        ),
        ('{"text": "abc", "label": [[0, 1, "X"]', "cut short"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "label": [[0, 4, "OK"]]}\n' + line + "\n")
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me", format_name="doccano").refused
    assert "bad.jsonl, line 2" in why and message in why
    assert repo.stats()["stories"] == 0
    repo.close()


def test_unknown_option_values_are_refused(rich, tmp_path):
    with pytest.raises(FormatError, match="variant must be"):
        export_project(rich, "doccano", tmp_path / "x.jsonl", options={"variant": "nope"})
    assert not (tmp_path / "x.jsonl").exists()


def test_teammate_doccano_file_goes_under_the_given_annotator(tmp_path):
    repo = open_project(tmp_path / "p.annotator")
    doc = add_story(repo, EMOJI_CRLF, "s")
    AnnotationSession(repo, annotator="me", schema=repo.schema()).add_span(doc, "CLAIM", [find(doc.text, "Café")])
    path = tmp_path / "t.jsonl"
    start = len(doc.text[: doc.text.index("Café")].encode("utf-16-le")) // 2
    path.write_text(json.dumps({"text": doc.text, "label": [[start, start + 4, "CLAIM"]]}) + "\n")
    summary = import_files(repo, [path], annotator="carol")
    assert summary.files[0].stories_matched == 1
    assert sorted(s.annotator for s in repo.spans("s")) == ["carol", "me"]
    repo.close()


def test_duplicate_entity_ids_are_refused(tmp_path):
    path = tmp_path / "dup.jsonl"
    ent = {"id": 1, "start_offset": 0, "end_offset": 3, "label": "X"}
    path.write_text(
        json.dumps(
            {
                "text": "abc def",
                "entities": [ent, {**ent, "start_offset": 4, "end_offset": 7}],
                "relations": [{"from_id": 1, "to_id": 1, "type": "r"}],
            }
        )
        + "\n"
    )
    repo = open_project(tmp_path / "p.annotator")
    ((_, why),) = import_files(repo, [path], annotator="me").refused
    assert "dup.jsonl, line 1" in why and "appears twice" in why
    repo.close()
