from __future__ import annotations

from collections import Counter

import pytest
from b_stories import SCHEMA, AnnotatedDocument, annotated_docs, cjk_story, crlf_story, emoji_story, make_doc, span
from hypothesis import HealthCheck, given, settings

from annotator.core.text import Utf16Map
from annotator.core.tokens import trim
from annotator.formats import registry, webanno_tsv
from annotator.formats.base import FormatError
from annotator.formats.webanno_escaping import escape_text, escape_value, split_stack, unescape_text, unescape_value


def _roundtrip(tmp_path, docs):
    out = tmp_path / "tsv"
    report = webanno_tsv.write(docs, SCHEMA, out)
    result = webanno_tsv.FORMAT.read(out)
    result.documents = list(result.documents)  # a folder is read lazily
    return out, report, result


def _key(doc, s):
    return (s.label, s.fragments, s.text, tuple(sorted(s.attributes.items())), s.note, s.annotator)


def _same(original: AnnotatedDocument, got: AnnotatedDocument):
    assert got.document.text == original.document.text
    assert Counter(_key(original, s) for s in original.spans) == Counter(_key(got, s) for s in got.spans)
    by_id = {s.id: s for s in original.spans}
    got_by_id = {s.id: s for s in got.spans}

    def rel(r, spans, doc):
        return (r.type, _key(doc, spans[r.source]), _key(doc, spans[r.target]))

    assert Counter(rel(r, by_id, original) for r in original.relations) == Counter(
        rel(r, got_by_id, got) for r in got.relations
    )


def test_registered_writes_a_folder_and_is_sniffed(tmp_path):
    out, _, _ = _roundtrip(tmp_path, [emoji_story(), crlf_story()])
    fmt = registry.get("webanno")
    assert fmt.dest_is_dir and fmt.readable
    assert sorted(p.name for p in out.iterdir()) == ["crlf.tsv", "emoji.tsv"]
    assert registry.detect(out / "emoji.tsv").name == "webanno"


def test_emoji_offsets_are_utf16_and_roundtrip_is_exact(tmp_path):
    story = emoji_story()
    out, report, result = _roundtrip(tmp_path, [story])
    lines = (out / "emoji.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "#FORMAT=WebAnno TSV 3.3"
    assert lines[1].startswith("#T_SP=webanno.custom.NewsSpan|label|")
    assert lines[2] == "#T_RL=webanno.custom.NewsLink|label|BT_webanno.custom.NewsSpan"
    assert lines[3:5] == ["", ""]
    rows = {r.split("\t")[2]: r.split("\t") for r in lines if r[:1].isdigit()}
    assert rows["😊"][1] == "9-11"  # 😊 is code point 9, two UTF-16 units
    assert rows["🇰🇷"][1] == "20-24"  # after 😊: +1; the flag itself is two astral characters
    assert rows["👩\u200d👩\u200d👧"][1] == "42-50"
    assert rows["we"][-3:] == ["attributes", "1-1[1_2]", ""]  # link drawn from the ATTRIBUTION
    assert report.lossless and report.spans == 4 and report.relations == 1
    _same(story, result.documents[0])


def test_crlf_story_roundtrip_except_fragments(tmp_path):
    story = crlf_story()
    out, report, result = _roundtrip(tmp_path, [story])
    assert report.dropped == {"discontinuous span written as one annotation per fragment": 1}
    got = result.documents[0]
    assert got.document.text == story.document.text  # paragraph break and final newline kept
    text = (out / "crlf.tsv").read_text(encoding="utf-8")
    assert "#Text=Mayor Lee said:\n#Text=\n1-1\t0-5\tMayor\t" in text
    pieces = Counter((s.label, s.text) for s in got.spans)
    assert pieces[("QUOTE", "Mayor Lee said")] == 1 and pieces[("QUOTE", "Officials agreed")] == 1
    assert pieces[("CLAIM", "The bridge opens in May")] == 1 and pieces[("QUOTE", "The bridge opens in May,")] == 1


def test_span_inside_a_word_becomes_a_sub_token(tmp_path):
    story = cjk_story()
    out, report, result = _roundtrip(tmp_path, [story])
    assert report.lossless
    rows = [r.split("\t") for r in (out / "cjk.tsv").read_text(encoding="utf-8").split("\n") if r[:1].isdigit()]
    sub = [r for r in rows if "." in r[0]]
    assert len(sub) == 1 and sub[0][2] == "nicode" and sub[0][3] == "CLAIM"
    _same(story, result.documents[0])


def test_reserved_characters_in_values_and_text(tmp_path):
    doc = make_doc("Tab\there back\\slash [x] a|b_c *star* ->arrow;\x01end", "esc")
    s = span(doc, "ATTRIBUTION", "Tab\there", attributes={"source": "a|b_c [x] ->;*\\ \t\nz"}, note="n|o_te")
    story = AnnotatedDocument(doc, [s, span(doc, "CLAIM", "->arrow;")], [])
    out, report, result = _roundtrip(tmp_path, [story])
    text = (out / "esc.tsv").read_text(encoding="utf-8")
    assert "#Text=Tab\\there back\\\\slash [x] a|b_c *star* ->arrow;\\\x01end\n" in text
    assert "a\\|b\\_c \\[x\\] \\->\\;\\*\\\\ \\t\\nz" in text
    _same(story, result.documents[0])


def test_escaping_helpers_invert():
    for value in ["", "plain", "a|b", "x\\", "->->", "[1]", "\t\n*;_"]:
        assert unescape_value(escape_value(value)) == value
        assert unescape_text(escape_text(value)) == value
    assert split_stack("A[1]|B\\|C[2]|*") == ["A[1]", "B\\|C[2]", "*"]


def test_whitespace_before_the_first_word_is_reported(tmp_path):
    doc = make_doc("\n  Headline\nBody text.", "lead")
    story = AnnotatedDocument(doc, [span(doc, "CLAIM", "Body text")], [])
    _, report, result = _roundtrip(tmp_path, [story])
    assert report.dropped == {"whitespace before the first word not carried": 1}
    assert result.documents[0].document.text == "   Headline\nBody text."  # padded, like WebAnno
    assert result.documents[0].spans[0].text == "Body text"


def test_indented_lines_and_tabs_between_sentences(tmp_path):
    doc = make_doc("One.\n    Two.\n\t\tThree.\n\n\n  Four.", "indent")
    story = AnnotatedDocument(doc, [span(doc, "QUOTE", "Two.\n\t\tThree")], [])
    _, report, result = _roundtrip(tmp_path, [story])
    assert report.lossless
    _same(story, result.documents[0])


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("#Text=ab\n1-1\t0-2\txy\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t\n", 6, "says 'xy'"),
        ("#Text=ab\n1-1\t0-2\n", 6, "tab-separated columns"),
        ("#Text=ab\n1-1\t0-9\tab\t_\t_\t_\t_\t_\t_\t_\t_\t_\t_\t\n", 6, "outside the sentence"),
        ("#Text=ab\n1-1\t0-2\tab\tX\t_\t_\t_\t_\t_\t_\t_\tt\tnot-a-ref\t\n", 6, "bad relation source"),
    ],
)
def test_bad_rows_name_the_line(tmp_path, body, line, needle):
    header = (
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=webanno.custom.NewsSpan|label|checkworthy|type|source|cue|source_kind|note|annotator\n"
        "#T_RL=webanno.custom.NewsLink|label|BT_webanno.custom.NewsSpan\n\n"
    )
    path = tmp_path / "bad.tsv"
    path.write_text(header + body, encoding="utf-8")
    with pytest.raises(FormatError) as err:
        webanno_tsv.FORMAT.read(path)
    assert err.value.line == line and needle in str(err.value) and "bad.tsv" in str(err.value)


def test_not_a_webanno_file(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a WebAnno TSV 3 file"):
        webanno_tsv.FORMAT.read(path)


# -- property: lossless except fragments and leading whitespace, as reported ------------


def _expected(doc: AnnotatedDocument):
    """What WebAnno TSV can carry: each fragment trimmed to its words, as its own span."""
    text = doc.document.text
    pieces = Counter()
    first: dict[str, tuple] = {}
    for s in doc.spans:
        for a, b in s.fragments:
            a, b = trim(text, a, b)
            if a < b:
                key = (s.label, ((a, b),), text[a:b], tuple(sorted(s.attributes.items())), s.note, s.annotator)
                pieces[key] += 1
                first.setdefault(s.id, key)
    rels = Counter(
        (r.type, first[r.source], first[r.target]) for r in doc.relations if r.source in first and r.target in first
    )
    return pieces, rels


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotated_docs())
def test_roundtrip_property(tmp_path, doc):
    _, report, result = _roundtrip(tmp_path, [doc])
    (got,) = result.documents
    text = doc.document.text
    if got.document.text != text:
        lead = len(text) - len(text.lstrip())
        assert report.dropped.get("whitespace before the first word not carried") or not text.strip()
        if text.strip():
            assert got.document.text[lead:] == text[lead:]
    pieces, rels = _expected(doc)
    got_pieces = Counter(_key(got, s) for s in got.spans)
    shift = 0 if got.document.text == text else 0  # offsets are identical: padding keeps the length
    assert Counter(_key(got, s) for s in got.spans) == pieces, (shift, got_pieces)
    by_id = {s.id: _key(got, s) for s in got.spans}
    assert Counter((r.type, by_id[r.source], by_id[r.target]) for r in got.relations) == rels
    fragmented = sum(1 for s in doc.spans if len(s.fragments) > 1)
    assert report.dropped.get("discontinuous span written as one annotation per fragment", 0) == fragmented
    if not any(len(s.fragments) > 1 for s in doc.spans) and got.document.text == text:
        untrimmed = any(trim(text, a, b) != (a, b) for s in doc.spans for a, b in s.fragments)
        assert report.lossless == (not untrimmed)


def test_utf16_offsets_match_the_map(tmp_path):
    story = emoji_story()
    out, _, _ = _roundtrip(tmp_path, [story])
    u16 = Utf16Map(story.document.text)
    for row in (out / "emoji.tsv").read_text(encoding="utf-8").split("\n"):
        if row[:1].isdigit():
            uid, offs, token = row.split("\t")[:3]
            b, e = (int(x) for x in offs.split("-"))
            assert story.document.text[u16.utf16_to_cp(b) : u16.utf16_to_cp(e)] == token


def test_feature_names_are_ones_inception_accepts(tmp_path):
    out, report, result = _roundtrip(tmp_path, [emoji_story()])
    header = (out / "emoji.tsv").read_text(encoding="utf-8").split("\n")[1]
    features = header.split("|")[1:]
    assert features == ["label", "checkworthy", "type_", "source", "cue", "source_kind", "note", "annotator"]
    restricted = {"address", "begin", "end", "type", "sofa", "class", "view"}
    assert all(f[0].isalpha() and f.replace("_", "").isalnum() and f not in restricted for f in features)
    quote = next(s for s in result.documents[0].spans if s.label == "QUOTE")
    assert quote.attributes == {"type": "direct"}  # the trailing _ comes off again


def test_attribute_names_that_cannot_come_back_are_reported(tmp_path):
    from dataclasses import replace

    from annotator.core.schema import AttributeDef

    claim = SCHEMA.label("CLAIM")
    odd = replace(claim, attributes=(*claim.attributes, AttributeDef("fact check", "text")))
    schema = SCHEMA.with_labels(tuple(odd if lb.name == "CLAIM" else lb for lb in SCHEMA.labels))
    report = webanno_tsv.write([emoji_story()], schema, tmp_path / "odd")
    assert report.dropped["attribute name INCEpTION does not allow, renamed: fact check -> fact_check"] == 1
    assert "|fact_check|" in (tmp_path / "odd" / "emoji.tsv").read_text(encoding="utf-8").split("\n")[1]


def test_layer_names_can_be_chosen(tmp_path):
    story = emoji_story()
    out = tmp_path / "named"
    report = webanno_tsv.write(
        [story], SCHEMA, out, layer="webanno.custom.Quotes", relation_layer="webanno.custom.Said"
    )
    lines = (out / "emoji.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("#T_SP=webanno.custom.Quotes|label|")
    assert lines[2] == "#T_RL=webanno.custom.Said|label|BT_webanno.custom.Quotes"
    assert any("span layer webanno.custom.Quotes" in n for n in report.notes)
    _same(story, webanno_tsv.FORMAT.read(out / "emoji.tsv").documents[0])
    with pytest.raises(FormatError, match="is not a layer name"):
        webanno_tsv.write([story], SCHEMA, tmp_path / "x", layer="my layer")


def test_oversized_file_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    from annotator.formats import webanno_tsv_read

    out, _, _ = _roundtrip(tmp_path, [emoji_story()])
    monkeypatch.setattr(webanno_tsv_read, "MAX_BYTES", 100)
    with pytest.raises(FormatError, match="holds one document and is read whole"):
        webanno_tsv.FORMAT.read(out / "emoji.tsv")


def test_sentences_inside_a_paragraph_rebuild_exactly(tmp_path):
    doc = make_doc('The mayor spoke.  "We will build it," she said. Critics disagree.\n经济增长。官员说：好！', "sent")
    story = AnnotatedDocument(doc, [span(doc, "QUOTE", 'spoke.  "We will')], [])
    out, report, result = _roundtrip(tmp_path, [story])
    text_lines = [ln for ln in (out / "sent.tsv").read_text(encoding="utf-8").split("\n") if ln.startswith("#Text=")]
    assert text_lines == [
        "#Text=The mayor spoke.  ",
        '#Text="We will build it," she said. ',
        "#Text=Critics disagree.",
        "#Text=经济增长。",
        "#Text=官员说：好！",
    ]
    assert report.lossless
    _same(story, result.documents[0])


def test_crlf_document_from_inception_is_normalised(tmp_path):
    """INCEpTION keeps a CRLF document's CRs (escaped \\r) and counts them in the offsets."""
    path = tmp_path / "crlf.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n\n\n"
        "#Text=Hello \\r\n#Text=big world\\r\n"
        "1-1\t0-5\tHello\t_\t\n1-2\t8-11\tbig\tADJ[1]\t\n1-3\t12-17\tworld\tADJ[1]\t\n\n"
        "#Text=😊 Bye\n2-1\t19-21\t😊\t_\t\n2-2\t22-25\tBye\tX\t\n",
        encoding="utf-8",
    )
    (doc,) = webanno_tsv.FORMAT.read(path).documents
    assert doc.document.text == "Hello \nbig world\n😊 Bye"
    assert [(s.label, s.text) for s in doc.spans] == [("ADJ", "big world"), ("X", "Bye")]
    for s in doc.spans:
        assert doc.document.text[s.start : s.end] == s.text


def test_an_exported_folder_is_detected_and_imported_into_a_project(tmp_path, repo):
    """Through the import workflow: the folder is recognised, the stories match by text."""
    from annotator.workflows.exchange import import_files

    stories = [emoji_story(), crlf_story()]
    out, _, _ = _roundtrip(tmp_path, stories)
    assert registry.detect(out) is registry.get("webanno")
    summary = import_files(repo, [out], annotator="someone")
    assert not summary.refused
    for story in stories:
        ids = [i for i in repo.document_ids() if repo.document(i).sha256 == story.document.sha256]
        assert len(ids) == 1
        got = sorted((s.label, s.text) for s in repo.spans(ids[0]))
        assert got == sorted((p.label, p.text) for sp in story.spans for p in _pieces(story, sp))
    again = import_files(repo, [out], annotator="someone")  # the same folder twice changes nothing
    assert sum(len(repo.spans(i)) for i in repo.document_ids()) == sum(
        len(_pieces(st, sp)) for st in stories for sp in st.spans
    )
    assert not again.refused


def _pieces(story, s):
    """What WebAnno carries of a span: one span per fragment."""
    from annotator.core.model import Span as _Span

    if len(s.fragments) == 1:
        return [s]
    return [_Span.create(story.document, s.label, [f], annotator=s.annotator) for f in s.fragments]
