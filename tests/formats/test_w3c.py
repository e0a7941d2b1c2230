from __future__ import annotations

import json
from pathlib import Path

import pytest
from b_stories import SCHEMA, AnnotatedDocument, annotated_docs, cjk_story, crlf_story, emoji_story, make_doc
from hypothesis import HealthCheck, given, settings

from annotator.formats import registry, w3c_annotation

PEER = Path("/work/shared/peerfiles/w3c-web-annotation")


def _export(tmp_path, docs, **options):
    dest = tmp_path / "annotations.jsonld"
    report = w3c_annotation.write(docs, SCHEMA, dest, **options)
    return json.loads(dest.read_text(encoding="utf-8")), report


def _selectors(target):
    return {sel["type"]: sel for sel in target["selector"]}


def _resolve(anno, texts):
    """Find the text an annotation points at, the way a W3C client would."""
    target = anno["target"]
    resources = target if isinstance(target, list) else [target]
    out = []
    for res in resources:
        text = texts[res["source"]]
        sel = _selectors(res)
        pos, quote = sel["TextPositionSelector"], sel["TextQuoteSelector"]
        exact = text[pos["start"] : pos["end"]]
        assert exact == quote["exact"]
        assert text[: pos["start"]].endswith(quote["prefix"]) and text[pos["end"] :].startswith(quote["suffix"])
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) >= 1
        out.append(exact)
    return " ".join(out)


def test_registered_both_ways():
    fmt = registry.get("w3c")
    assert fmt.write is w3c_annotation.write and fmt.readable


def test_collection_shape(tmp_path):
    data, report = _export(tmp_path, [emoji_story(), crlf_story(), cjk_story()])
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert data["total"] == len(page["items"]) == report.spans + report.relations == 11 + 3
    assert SCHEMA.fingerprint() in data["label"]
    assert len({a["id"] for a in page["items"]}) == len(page["items"])


def test_every_span_resolves_to_its_text(tmp_path):
    stories = [emoji_story(), crlf_story(), cjk_story()]
    data, _ = _export(tmp_path, stories)
    texts = {f"urn:annotator:story/{s.document.id}": s.document.text for s in stories}
    spans = {f"urn:annotator:span/{sp.id}": sp for s in stories for sp in s.spans}
    tagged = [a for a in data["first"]["items"] if a["motivation"] == "tagging"]
    assert len(tagged) == len(spans)
    for anno in tagged:
        ours = spans[anno["id"]]
        assert _resolve(anno, texts) == ours.text
        tags = [b["value"] for b in anno["body"] if b["purpose"] == "tagging"]
        assert tags == [ours.label]
        attrs = {b["annotator:attribute"]: b["value"] for b in anno["body"] if b["purpose"] == "classifying"}
        assert attrs == ours.attributes
        assert anno["creator"] == {"type": "Person", "name": ours.annotator}
        assert anno["created"] == ours.created and anno["modified"] == ours.updated


def test_emoji_offsets_are_code_points(tmp_path):
    data, _ = _export(tmp_path, [emoji_story()])
    quote = next(a for a in data["first"]["items"] if a["motivation"] == "tagging" and a["body"][0]["value"] == "QUOTE")
    pos = _selectors(quote["target"])["TextPositionSelector"]
    assert (pos["start"], pos["end"]) == (12, 26)  # Python indices, not UTF-16 (which would be 13-29)
    face = next(a for a in data["first"]["items"] if any(b.get("value") == "an emoji alone" for b in a["body"]))
    assert _selectors(face["target"])["TextQuoteSelector"]["exact"] == "😊"


def test_fragments_become_several_targets_and_links_link(tmp_path):
    story = crlf_story()
    data, _ = _export(tmp_path, [story])
    items = {a["id"]: a for a in data["first"]["items"]}
    two = next(s for s in story.spans if len(s.fragments) == 2)
    target = items[f"urn:annotator:span/{two.id}"]["target"]
    assert isinstance(target, list) and len(target) == 2  # one target per fragment, as anno.jsonld defines
    assert {t["source"] for t in target} == {"urn:annotator:story/" + story.document.id}
    (rel,) = story.relations
    link = items[f"urn:annotator:link/{rel.id}"]
    assert link["motivation"] == "linking"
    assert link["target"] == f"urn:annotator:span/{rel.source}"
    assert link["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "attributes"},
        f"urn:annotator:span/{rel.target}",
    ]


def test_base_option_and_empty_export(tmp_path):
    data, report = _export(
        tmp_path, [AnnotatedDocument(make_doc("No spans.", "e"), [], [])], base="https://example.org/"
    )
    assert data["total"] == 0 and data["first"]["items"] == [] and report.documents == 1
    data, _ = _export(tmp_path, [emoji_story()], base="https://example.org/")
    assert all(a["id"].startswith("https://example.org/") for a in data["first"]["items"])


def test_selectors_look_like_the_specs_examples(tmp_path):
    """Our selectors use exactly the keys of the W3C examples (anno23, anno24)."""
    quote_example = json.loads((PEER / "anno23.json").read_text())["target"]["selector"]
    position_example = json.loads((PEER / "anno24.json").read_text())["target"]["selector"]
    data, _ = _export(tmp_path, [emoji_story()])
    sel = _selectors(data["first"]["items"][0]["target"])
    assert set(sel["TextQuoteSelector"]) == set(quote_example)
    assert set(sel["TextPositionSelector"]) == set(position_example)
    full = json.loads((PEER / "anno38.json").read_text())
    assert full["body"][0]["purpose"] == "tagging" and data["first"]["items"][0]["body"][0]["purpose"] == "tagging"


# -- reading back -------------------------------------------------------------------


def _full(doc, s):
    return (s.id, s.label, s.fragments, s.text, s.attributes, s.note, s.annotator, s.created, s.updated)


def test_roundtrip_is_lossless(tmp_path):
    stories = [emoji_story(), crlf_story(), cjk_story()]
    dest = tmp_path / "a.jsonld"
    w3c_annotation.write(stories, SCHEMA, dest)
    assert registry.detect(dest) is registry.get("w3c")
    result = w3c_annotation.FORMAT.read(dest)
    assert result.report.lossless
    assert [d.document.id for d in result.documents] == ["emoji", "crlf", "cjk"]
    for story, got in zip(stories, result.documents, strict=True):
        assert got.document.text == story.document.text and got.document.sha256 == story.document.sha256
        assert got.document.title == story.document.title
        assert sorted(_full(story, s) for s in story.spans) == sorted(_full(got, s) for s in got.spans)
        assert sorted((r.id, r.type, r.source, r.target, r.annotator) for r in story.relations) == sorted(
            (r.id, r.type, r.source, r.target, r.annotator) for r in got.relations
        )


def test_quote_selector_reanchors_when_positions_are_off(tmp_path):
    story = emoji_story()
    dest = tmp_path / "a.jsonld"
    w3c_annotation.write([story], SCHEMA, dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    for anno in data["first"]["items"]:
        if anno["motivation"] == "tagging":
            pos = _selectors(anno["target"])["TextPositionSelector"]
            pos["start"] += 1  # as a UTF-16 counting tool would have it
            pos["end"] += 1
    dest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (got,) = w3c_annotation.FORMAT.read(dest).documents
    assert sorted((s.label, s.text) for s in got.spans) == sorted((s.label, s.text) for s in story.spans)


def test_without_embedded_text_nothing_can_be_attached(tmp_path):
    dest = tmp_path / "bare.jsonld"
    report = w3c_annotation.write([emoji_story()], SCHEMA, dest, embed_text="false")
    assert "annotator:stories" not in json.loads(dest.read_text(encoding="utf-8"))
    assert any("cannot be imported back" in n for n in report.notes)
    result = w3c_annotation.FORMAT.read(dest)
    assert result.documents == [] and any("carries no story text" in n for n in result.report.notes)


def test_bad_json_names_the_line(tmp_path):
    from annotator.formats.base import FormatError

    dest = tmp_path / "bad.jsonld"
    dest.write_text(
        '{"@context": "http://www.w3.org/ns/anno.jsonld",\n "type": "Annotation",\n "body": [}', encoding="utf-8"
    )
    with pytest.raises(FormatError) as err:
        w3c_annotation.FORMAT.read(dest)
    assert err.value.line == 3 and "bad.jsonld" in str(err.value)


def test_tampered_story_text_is_refused(tmp_path):
    from annotator.formats.base import FormatError

    dest = tmp_path / "t.jsonld"
    w3c_annotation.write([emoji_story()], SCHEMA, dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    data["annotator:stories"][0]["annotator:text"] += "!"
    dest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormatError, match="does not match its sha256"):
        w3c_annotation.FORMAT.read(dest)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotated_docs())
def test_roundtrip_property(tmp_path, doc):
    dest = tmp_path / "p.jsonld"
    report = w3c_annotation.write([doc], SCHEMA, dest)
    result = w3c_annotation.FORMAT.read(dest)
    assert report.lossless and result.report.lossless
    (got,) = result.documents
    assert got.document.text == doc.document.text
    key = lambda s: (s.id, s.label, s.fragments, s.text, s.attributes, s.note, s.annotator)  # noqa: E731
    assert sorted(map(key, got.spans)) == sorted(map(key, doc.spans))
    rel = lambda r: (r.id, r.type, r.source, r.target)  # noqa: E731
    assert sorted(map(rel, got.relations)) == sorted(map(rel, doc.relations))


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    from annotator.formats import w3c_read
    from annotator.formats.base import FormatError

    dest = tmp_path / "big.jsonld"
    w3c_annotation.write([emoji_story()], SCHEMA, dest)
    monkeypatch.setattr(w3c_read, "MAX_BYTES", 100)
    with pytest.raises(FormatError, match="JSON-LD is read whole"):
        w3c_annotation.FORMAT.read(dest)


def test_repeated_quote_lands_nearest_its_stated_position(tmp_path):
    text = "He said no. She said no. They said no."
    doc = make_doc(text, "rep")
    from annotator.core.model import Span

    third = Span.create(doc, "QUOTE", [(35, 37)], annotator="ana")  # the third "no"
    dest = tmp_path / "r.jsonld"
    w3c_annotation.write([AnnotatedDocument(doc, [third], [])], SCHEMA, dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    target = data["first"]["items"][0]["target"]
    sel = _selectors(target)
    sel["TextQuoteSelector"].update(prefix="", suffix="")  # the quote alone fits three places
    sel["TextPositionSelector"].update(start=33, end=35)  # and the position is off by two
    dest.write_text(json.dumps(data), encoding="utf-8")
    (got,) = w3c_annotation.FORMAT.read(dest).documents
    assert got.spans[0].fragments == ((35, 37),)


def test_project_to_project_through_w3c(tmp_path, repo):
    from annotator.store import open_project
    from annotator.workflows.exchange import export_project, import_files

    stories = [emoji_story(), crlf_story(), cjk_story()]
    repo.add_documents([s.document for s in stories])
    with repo.transaction():
        repo.add_annotations([sp for s in stories for sp in s.spans], [r for s in stories for r in s.relations])
    dest = tmp_path / "team.jsonld"
    report = export_project(repo, "w3c", dest)
    assert report.lossless and report.spans == 11
    other = open_project(tmp_path / "other.annotator")
    try:
        summary = import_files(other, [dest], annotator="me")
        assert not summary.refused
        for story in stories:
            key = lambda s: (s.id, s.label, s.fragments, s.text, s.annotator, tuple(sorted(s.attributes.items())))  # noqa: E731
            assert sorted(map(key, other.spans(story.document.id))) == sorted(map(key, story.spans))
            assert {(r.type, r.source, r.target) for r in other.relations(story.document.id)} == {
                (r.type, r.source, r.target) for r in story.relations
            }
    finally:
        other.close()
