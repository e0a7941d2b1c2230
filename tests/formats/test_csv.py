from __future__ import annotations

import csv
import json

import pytest
from b_stories import SCHEMA, AnnotatedDocument, annotated_docs, cjk_story, crlf_story, emoji_story, make_doc, span
from hypothesis import HealthCheck, given, settings

from annotator.formats import csv_spans, registry


def _stories():
    return [emoji_story(), crlf_story(), cjk_story()]


def _export(tmp_path, docs=None, **options):
    dest = tmp_path / "spans.csv"
    report = csv_spans.write(docs or _stories(), SCHEMA, dest, **options)
    return dest, report


def test_registered_as_export_only():
    fmt = registry.get("csv")
    assert fmt.write is csv_spans.write and not fmt.readable


def test_rfc4180_rows_header_and_quoting(tmp_path):
    doc = make_doc('He said:\n"Yes, "really"."\nDone.', "nl", "Quote, with comma")
    multi = span(doc, "QUOTE", 'said:\n"Yes, "really"."')
    dest, report = _export(tmp_path, [AnnotatedDocument(doc, [multi], [])])
    raw = dest.read_bytes()
    assert raw.startswith(b"doc_id,doc_title,span_id,label,start,end,fragments,text,")
    assert raw.endswith(b"\r\n")
    # the newline and the quotes inside the text are inside one quoted field
    assert b'"said:\n""Yes, ""really"".""' in raw
    rows = list(csv.DictReader(dest.open(encoding="utf-8", newline="")))
    assert len(rows) == 1 and rows[0]["text"] == multi.text
    assert rows[0]["doc_title"] == "Quote, with comma"
    assert report.spans == 1 and report.lossless


def test_columns_follow_the_schema():
    cols = csv_spans.columns(SCHEMA)
    for name in (
        "attr_checkworthy",
        "attr_type",
        "attr_source",
        "attr_cue",
        "attr_source_kind",
        "attributes",
        "links_out",
        "links_in",
    ):
        assert name in cols
    assert len(cols) == len(set(cols))


def test_pandas_reads_it_with_default_arguments(tmp_path):
    pd = pytest.importorskip("pandas")
    docs = _stories()
    dest, report = _export(tmp_path, docs)
    df = pd.read_csv(dest)
    spans = {s.id: (d, s) for d in docs for s in d.spans}
    assert len(df) == len(spans) == report.spans
    for row in df.itertuples():
        doc, s = spans[row.span_id]
        assert row.text == s.text
        assert (row.start, row.end) == (s.start, s.end)
        assert json.loads(row.fragments) == [list(f) for f in s.fragments]
        # the offsets are code points into the normalised text
        assert " ".join(doc.document.text[a:b] for a, b in json.loads(row.fragments)) == row.text
        assert row.doc_id == doc.document.id and row.label == s.label
    emoji = df[df.doc_id == "emoji"]
    attribution = emoji[emoji.label == "ATTRIBUTION"].iloc[0]
    quote = emoji[emoji.label == "QUOTE"].iloc[0]
    assert attribution.attr_source == "Kim" and attribution.attr_cue == "said"
    assert json.loads(attribution.attributes) == {"cue": "said", "source": "Kim"}
    assert attribution.links_out == f"attributes:{quote.span_id}"
    assert quote.links_in == f"attributes:{attribution.span_id}"
    assert emoji[emoji.text == "😊"].iloc[0].note == "an emoji alone"
    assert set(df.annotator) == {"ana", "bo"}


@pytest.mark.slow
def test_datasets_loads_it(tmp_path):
    datasets = pytest.importorskip("datasets")
    docs = _stories()
    dest, _ = _export(tmp_path, docs)
    ds = datasets.load_dataset("csv", data_files=str(dest), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows == sum(len(d.spans) for d in docs)
    assert {"doc_id", "span_id", "label", "start", "end", "text", "attr_type"} <= set(ds.column_names)
    texts = {s.id: s.text for d in docs for s in d.spans}
    for row in ds:
        assert row["text"] == texts[row["span_id"]]
        assert isinstance(row["start"], int)


def test_stories_without_spans_are_reported(tmp_path):
    empty = AnnotatedDocument(make_doc("Nothing here.", "empty"), [], [])
    _, report = _export(tmp_path, [empty, emoji_story()])
    assert report.documents == 2
    assert any("1 stories without spans" in n for n in report.notes)


def test_excel_bom_option(tmp_path):
    dest, _ = _export(tmp_path, excel_bom=True)
    assert dest.read_bytes().startswith(b"\xef\xbb\xbfdoc_id,")
    with dest.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh))[0] == "doc_id"


def test_options_from_the_command_line_are_text(tmp_path):
    from annotator.formats.base import FormatError

    dest, _ = _export(tmp_path, excel_bom="false")
    assert dest.read_bytes().startswith(b"doc_id,")
    with pytest.raises(FormatError, match="excel_bom must be true or false"):
        _export(tmp_path, excel_bom="maybe")
    with pytest.raises(FormatError, match="unknown option delimiter for csv"):
        _export(tmp_path, delimiter=";")


def test_every_cell_exactly_with_pandas_string_options(tmp_path):
    pd = pytest.importorskip("pandas")
    doc = make_doc("NA said None 001 times.", "001", "NA")
    spans = [span(doc, "CLAIM", "NA"), span(doc, "QUOTE", "None"), span(doc, "CLAIM", "001")]
    dest, _ = _export(tmp_path, [AnnotatedDocument(doc, spans, [])])
    df = pd.read_csv(dest, dtype=str, keep_default_na=False)
    assert sorted(df.text) == ["001", "NA", "None"] and set(df.doc_id) == {"001"} and set(df.doc_title) == {"NA"}


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotated_docs())
def test_every_span_survives_pandas_property(tmp_path, doc):
    """Odd characters (U+2028, \\x1c, tabs, quotes, newlines) stay inside their quoted cells.
    (raw=true: the exact text, as programs need it; spreadsheets get formula cells defused.)"""
    pd = pytest.importorskip("pandas")
    dest, report = _export(tmp_path, [doc], raw=True)
    df = pd.read_csv(dest, dtype=str, keep_default_na=False)
    assert len(df) == len(doc.spans) == report.spans
    by_id = {s.id: s for s in doc.spans}
    for row in df.itertuples():
        s = by_id[row.span_id]
        assert row.text == s.text and row.note == s.note
        assert json.loads(row.fragments) == [list(f) for f in s.fragments]
        assert (json.loads(row.attributes) if row.attributes else {}) == s.attributes
    safe = tmp_path / "for-spreadsheets.csv"  # the default: formula cells defused, nothing else changed
    csv_spans.write([doc], SCHEMA, safe)
    for row in pd.read_csv(safe, dtype=str, keep_default_na=False).itertuples():
        s = by_id[row.span_id]
        assert row.text == csv_spans.defused(s.text) and row.note == csv_spans.defused(s.note)
