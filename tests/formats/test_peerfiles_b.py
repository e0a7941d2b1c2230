"""Real files from other tools (../shared/peerfiles) read by the part-B formats.

Every span's text is checked against what the file itself states, computed here
independently of the readers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.core.text import Utf16Map
from annotator.formats import conll, registry, webanno_tsv

PEER = Path("/work/shared/peerfiles")
CONLL_FILES = sorted(
    [
        *PEER.glob("conll/*.iob"),
        *PEER.glob("conll/*.conll"),
        *PEER.glob("conll/*.txt"),
        *PEER.glob("spacy/*.iob"),
        *PEER.glob("doccano/*.conll"),
        PEER / "doccano/import_sequence_labeling_example_conll.txt",
    ]
)
TSV_FILES = sorted(PEER.glob("webanno/tsv3-suite/*.tsv"))


def _stated_entities(path: Path) -> list[tuple[str, str]]:
    """(label, tokens joined by spaces) for every entity the file states, IOB2 or sentence-per-line."""
    out: list[tuple[str, str]] = []
    rows: list[tuple[str, str] | None] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        items = line.split()
        if not items or items[0] == "-DOCSTART-":
            rows.append(None)
        elif "|" in items[0] and all(item.count("|") == 2 for item in items):
            rows.extend((item.split("|")[0], item.split("|")[2]) for item in items)
            rows.append(None)
        else:
            rows.append((items[0], items[-1]))
    current: list[str] | None = None
    label = ""
    for row in [*rows, None]:
        tag = row[1] if row else "O"
        if current is not None and not (tag.startswith("I-") and tag[2:] == label):
            out.append((label, " ".join(current)))
            current = None
        if row and tag.startswith("B-"):
            current, label = [row[0]], tag[2:]
        elif row and tag.startswith("I-"):
            current.append(row[0])
    return out


@pytest.mark.parametrize("path", CONLL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_conll_peer_file_imports_with_the_stated_entities(path):
    assert registry.detect(path) is registry.get("conll")
    result = conll.read(path)
    got = [(s.label, s.text) for d in result.documents for s in d.spans]
    assert got == _stated_entities(path)
    assert got, "every CoNLL peer file has entities"
    for doc in result.documents:
        for s in doc.spans:
            assert doc.document.text[s.start : s.end] == s.text


def test_spacy_sentence_per_line_matches_its_token_per_line_twin():
    one = conll.read(PEER / "spacy/ner-sent-per-line.iob").documents[0]
    two = conll.read(PEER / "spacy/ner-token-per-line-conll2003.iob").documents[0]
    assert [(s.label, s.text) for s in one.spans] == [(s.label, s.text) for s in two.spans]
    assert ("PERSON", "Sebastian Thrun") in [(s.label, s.text) for s in one.spans]


def _tsv_units(path: Path):
    """(unit id, begin, end, token text) rows, read with a plain split."""
    for line in path.read_text(encoding="utf-8").split("\n"):
        m = re.match(r"^(\d+-\d+(?:\.\d+)?)\t(\d+)-(\d+)\t([^\t]*)", line)
        if m:
            yield m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)


@pytest.mark.parametrize("path", TSV_FILES, ids=lambda p: p.stem)
def test_webanno_peer_file_imports_and_tokens_match_the_text(path):
    assert registry.detect(path) is registry.get("webanno")
    result = webanno_tsv.FORMAT.read(path)
    (doc,) = result.documents
    text = doc.document.text
    u16 = Utf16Map(text)
    for _, b, e, token in _tsv_units(path):
        assert text[u16.utf16_to_cp(b) : u16.utf16_to_cp(e)] == token
    for s in doc.spans:
        assert text[s.start : s.end] == s.text
        # every span starts at a unit's begin and ends at a unit's end, as the file states
        assert s.start in {u16.utf16_to_cp(b) for _, b, _, _ in _tsv_units(path)}
        assert s.end in {u16.utf16_to_cp(e) for _, _, e, _ in _tsv_units(path)}


def _read(name: str):
    result = webanno_tsv.FORMAT.read(PEER / "webanno/tsv3-suite" / f"{name}.tsv")
    return result.documents[0], result.report


def test_webanno_emoji_counts_two_utf16_units():
    doc, _ = _read("testSentenceWithEmoji")
    assert doc.document.text == "I like it 😊 ."
    assert [(s.label, s.text, s.start, s.end) for s in doc.spans] == [("Span", "😊", 10, 11)]


def test_webanno_stacked_cross_sentence_and_sub_token_spans():
    doc, _ = _read("testCrossSentenceSpanWithFeatureValue")
    assert [(s.label, s.text) for s in doc.spans] == [("PERSON", "He loves her .\nShe loves him not .")]
    doc, _ = _read("testMultiTokenStackedSpanWithFeatureValue")
    assert sorted(s.label for s in doc.spans) == ["LOCATION", "PERSON"]
    assert {s.text for s in doc.spans} == {"This is a test ."}
    doc, report = _read("testSubMultiTokenSpanWithFeatureValue")
    spans = {s.label: s.text for s in doc.spans}
    assert spans["9"] == "aaa bbbbbb ccc" and spans["4"] == "bbbb" and spans["3"] == "bb" and spans["7"] == "aaaaaa bbb"
    assert report.dropped == {"zero-length annotation not imported": 3}


def test_webanno_relations_and_what_cannot_be_imported():
    doc, _ = _read("testStackedNonMultiTokenRelationWithMultipleFeatureValues")
    by_id = {s.id: s.text for s in doc.spans}
    assert sorted((r.type, by_id[r.source], by_id[r.target]) for r in doc.relations) == [
        ("nsubj", "This is", "a test"),
        ("obj", "This is", "a test"),
    ]
    doc, _ = _read("testSingleNonMultiTokenRelationWithoutFeatureValue")
    by_id = {s.id: s.text for s in doc.spans}
    assert [(r.type, by_id[r.source], by_id[r.target]) for r in doc.relations] == [("Relation", "This is", "a test")]
    _, report = _read("testSingleTokenRelationWithFeatureValue")
    assert report.dropped == {"link between bare tokens or of an undeclared layer not imported": 1}
    _, report = _read("testSimpleChain")
    assert report.dropped == {"coreference chain link not imported": 3}
    _, report = _read("testZeroLengthSpansWithoutFeatureValues")
    assert report.dropped == {"zero-length annotation not imported": 2}


def test_webanno_text_rebuilt_like_webanno():
    assert _read("testTwoSentencesWithNoSpaceInBetween")[0].document.text == "onetwo"
    assert _read("testSentenceWithLineBreak")[0].document.text == "This is\na test ."
    assert _read("testSentenceId")[0].document.text == "He loves her .\nShe loves him not ."
    doc, _ = _read("testAnnotationWithLeadingWhitespace")
    assert doc.document.text == "one  two" and [(s.label, s.text) for s in doc.spans] == [("NamedEntity", "two")]


# -- W3C Web Annotation examples -------------------------------------------------------

W3C = sorted(PEER.glob("w3c-web-annotation/*.json"))


@pytest.mark.parametrize("path", W3C, ids=lambda p: p.stem)
def test_w3c_examples_read_without_error(path):
    from annotator.formats import w3c_annotation

    assert registry.detect(path) is registry.get("w3c")
    result = w3c_annotation.FORMAT.read(path)
    # they point at documents on the web, which the files do not carry: reported, not guessed
    assert result.documents == []
    assert result.report.dropped == {"annotation on a document this file does not carry not imported": 1}


def test_w3c_examples_import_where_they_target_text(tmp_path):
    """Given the texts they point at, the examples' selectors land on their words."""
    import json

    from annotator.core.text import text_hash
    from annotator.formats import w3c_annotation

    page1 = "Intro. this is an anotation that has some typos. Then text before the Selected Text and text after it."
    ebook1 = "".join(chr(ord("a") + i % 26) for i in range(900))
    stories = [
        {
            "id": "http://example.org/page1",
            "type": "Text",
            "annotator:text": page1,
            "annotator:sha256": text_hash(page1),
        },
        {"id": "http://example.org/ebook1", "type": "Text", "annotator:text": ebook1},
        {"id": "http://example.com/document1", "type": "Text", "annotator:text": "<doc>not the XML</doc>"},
    ]
    items = [json.loads(p.read_text(encoding="utf-8")) for p in W3C]
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": items},
        "annotator:stories": stories,
    }
    dest = tmp_path / "examples.jsonld"
    dest.write_text(json.dumps(collection), encoding="utf-8")
    result = w3c_annotation.FORMAT.read(dest)
    got = {d.document.id.rsplit("/", 1)[-1]: [(s.label, s.text) for s in d.spans] for d in result.documents}
    assert sorted(got["page1"]) == [("Annotation", "Selected Text"), ("Annotation", "anotation")]  # anno23, anno29
    assert got["ebook1"] == [("Annotation", ebook1[412:795])]  # anno24, positions in code points
    # anno38's position is relative to an XML element: skipped and reported
    assert got["document1"] == []
    assert result.report.dropped == {"annotation whose selectors do not resolve in the text not imported": 1}


def test_webanno_linguistic_layers_are_left_out_unless_chosen(tmp_path):
    """INCEpTION exports POS and friends next to the annotations; they are not spans to review."""
    path = tmp_path / "inception.tsv"
    path.write_text(
        "#FORMAT=WebAnno TSV 3.3\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n\n\n"
        "#Text=Kim said no .\n"
        "1-1\t0-3\tKim\tNNP\t*\tPER\t\n1-2\t4-8\tsaid\tVBD\t_\t_\t\n1-3\t9-11\tno\tDT\t_\t_\t\n1-4\t12-13\t.\t.\t_\t_\t\n",
        encoding="utf-8",
    )
    result = webanno_tsv.FORMAT.read(path)
    assert [(s.label, s.text) for s in result.documents[0].spans] == [("PER", "Kim")]
    assert result.report.dropped == {"annotation of layer POS not imported (linguistic or not chosen)": 4}
    chosen = webanno_tsv.FORMAT.read(path, layers="POS")
    assert sorted(s.label for s in chosen.documents[0].spans) == [".", "DT", "NNP", "VBD"]


def test_webanno_spec_example_with_disambiguation_ids(tmp_path):
    """The last example of the format's own documentation: a relation whose source is
    unambiguous (id 0) and whose target is one of two stacked annotations."""
    adoc = (PEER / "webanno/webannotsv.adoc").read_text(encoding="utf-8")
    block = adoc[adoc.rindex("#FORMAT=WebAnno TSV 3.3") :].split("\n----")[0]
    path = tmp_path / "spec.tsv"
    path.write_text(block + "\n", encoding="utf-8")
    result = webanno_tsv.FORMAT.read(path)
    (doc,) = result.documents
    assert doc.document.text == "This is a test ."
    assert sorted((s.label, s.text) for s in doc.spans) == [
        ("NamedEntity", "."),
        ("NamedEntity", "."),
        ("NamedEntity", "This"),
    ]
    (rel,) = doc.relations
    by_id = {s.id: s for s in doc.spans}
    assert (rel.type, by_id[rel.source].text, by_id[rel.target].text) == ("Relation", "This", ".")
    # the target is the first of the two stacked annotations ("*[1]")
    stacked = [s for s in doc.spans if s.text == "."]
    assert rel.target == stacked[0].id
