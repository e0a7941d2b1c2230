from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from b_stories import SCHEMA, cjk_story, crlf_story, emoji_story

from annotator.formats import registry, spacy_docbin
from annotator.formats.base import FormatError

spacy = pytest.importorskip("spacy")


def _load(path, lang="en"):
    from spacy.tokens import DocBin

    nlp = spacy.blank(lang)  # a fresh vocab: nothing is shared with the writer
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_registered_export_only():
    fmt = registry.get("spacy")
    assert fmt.write is spacy_docbin.write and not fmt.readable and fmt.extensions == (".spacy",)


def test_spacy_loads_the_spans_of_every_story(tmp_path):
    stories = [emoji_story(), crlf_story(), cjk_story()]
    dest = tmp_path / "train.spacy"
    report = spacy_docbin.write(stories, SCHEMA, dest)
    docs = _load(dest)
    assert [d.text for d in docs] == [s.document.text for s in stories]
    for story, doc in zip(stories, docs, strict=True):
        data = doc.user_data["annotator"]
        assert data["id"] == story.document.id and data["title"] == story.document.title
        by_id = {s.id: s for s in story.spans}
        assert set(data["spans"]) == set(by_id)
        for span in doc.spans["sc"]:
            ours = by_id[span.id_]
            assert span.label_ == ours.label
            assert any(span.start_char <= a and b <= span.end_char for a, b in ours.fragments)
            assert span in list(doc.spans[ours.label])
        assert len(doc.spans["sc"]) == sum(len(s.fragments) for s in story.spans)
        assert [(r["type"], r["from"], r["to"]) for r in data["relations"]] == [
            (r.type, r.source, r.target) for r in story.relations
        ]
    emoji = docs[0]
    texts = sorted(s.text for s in emoji.spans["sc"])
    assert texts == sorted(["Kim said", "we won 🇰🇷 gold", "😊", "👩\u200d👩\u200d👧 cheered"])
    quote = emoji.spans["QUOTE"][0]
    assert emoji.user_data["annotator"]["spans"][quote.id_]["attributes"] == {"type": "direct"}
    # a CRLF story arrives with LF only, and spaCy keeps it as it is
    assert "\r" not in docs[1].text and "\n\n" in docs[1].text
    assert report.spans == 11 and report.relations == 3


def test_fragments_share_the_span_id_and_are_reported(tmp_path):
    story = crlf_story()
    dest = tmp_path / "f.spacy"
    report = spacy_docbin.write([story], SCHEMA, dest)
    (doc,) = _load(dest)
    two = next(s for s in story.spans if len(s.fragments) == 2)
    pieces = [s for s in doc.spans["sc"] if s.id_ == two.id]
    assert [p.text for p in pieces] == ["Mayor Lee said", "Officials agreed"]
    # msgpack gives lists back as tuples
    assert [list(f) for f in doc.user_data["annotator"]["spans"][two.id]["fragments"]] == [
        list(f) for f in two.fragments
    ]
    assert report.dropped == {"discontinuous span written as one spaCy span per fragment (same span id)": 1}


def test_boundary_inside_a_token_is_widened_and_reported(tmp_path):
    story = cjk_story()
    dest = tmp_path / "cjk.spacy"
    report = spacy_docbin.write([story], SCHEMA, dest)
    (doc,) = _load(dest)
    claim = doc.spans["CLAIM"][0]
    # English tokenization keeps the unspaced CJK run and "𝔘nicode" as one token
    assert claim.text == '韩国官员说，"经济将增长"。𝔘nicode'
    exact = doc.user_data["annotator"]["spans"][claim.id_]["fragments"][0]
    assert doc.text[exact[0] : exact[1]] == "nicode"
    assert report.dropped["span boundary inside a spaCy token, widened to the token (exact offsets in user_data)"] == 3


def test_chinese_tokenizer_keeps_cjk_spans_exact(tmp_path):
    story = cjk_story()
    dest = tmp_path / "zh.spacy"
    report = spacy_docbin.write([story], SCHEMA, dest, lang="zh")
    (doc,) = _load(dest, "zh")
    assert doc.spans["QUOTE"][0].text == "经济将增长" and doc.spans["ATTRIBUTION"][0].text == "韩国官员说"
    assert doc.spans["CLAIM"][0].text == "nicode"  # zh splits characters: no widening at all
    assert report.lossless


def test_other_language_tokenizer(tmp_path):
    dest = tmp_path / "zh.spacy"
    spacy_docbin.write([cjk_story()], SCHEMA, dest, lang="xx", spans_key="spans")
    (doc,) = _load(dest, "xx")
    assert "spans" in doc.spans and "sc" not in doc.spans


@pytest.mark.slow
def test_a_fresh_process_reads_it(tmp_path):
    dest = tmp_path / "fresh.spacy"
    spacy_docbin.write([emoji_story()], SCHEMA, dest)
    code = textwrap.dedent(
        f"""
        import spacy
        from spacy.tokens import DocBin
        nlp = spacy.blank("en")
        (doc,) = DocBin().from_disk({str(dest)!r}).get_docs(nlp.vocab)
        print(sorted((s.label_, s.text, len(s.id_)) for s in doc.spans["sc"]))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "('QUOTE', 'we won 🇰🇷 gold', 16)" in out and "('ATTRIBUTION', 'Kim said', 16)" in out


def test_without_spacy_the_message_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(FormatError, match=r"pip install \"annotator\[spacy\]\""):
        spacy_docbin.write([emoji_story()], SCHEMA, tmp_path / "x.spacy")


def test_ents_option_for_ner_training(tmp_path):
    dest = tmp_path / "ner.spacy"
    report = spacy_docbin.write([crlf_story()], SCHEMA, dest, ents="true")
    (doc,) = _load(dest)
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("ATTRIBUTION", "Mayor Lee said"),
        ("QUOTE", "The bridge opens in May,"),
        ("QUOTE", "Officials agreed"),
    ]
    assert len(doc.spans["sc"]) == 5  # every span is still in the span group
    assert any("2 overlapping spans are in doc.spans only" in n for n in report.notes)


def test_unknown_option_is_refused(tmp_path):
    with pytest.raises(FormatError, match="unknown option langue for spacy"):
        spacy_docbin.write([emoji_story()], SCHEMA, tmp_path / "x.spacy", langue="fr")


def test_spacy_training_corpus_reads_it(tmp_path):
    """What `spacy train` does with a .spacy file: Corpus -> Examples with our spans as the reference."""
    from spacy.training import Corpus

    dest = tmp_path / "train.spacy"
    spacy_docbin.write([emoji_story(), crlf_story()], SCHEMA, dest, ents="true")
    nlp = spacy.blank("en")
    examples = list(Corpus(str(dest))(nlp))
    assert len(examples) == 2
    ref = examples[0].reference
    assert sorted(s.text for s in ref.spans["sc"]) == sorted(
        ["Kim said", "we won 🇰🇷 gold", "😊", "👩\u200d👩\u200d👧 cheered"]
    )
    assert examples[0].predicted.text == ref.text  # the model sees exactly our text
    assert [e.label_ for e in examples[1].reference.ents] == ["ATTRIBUTION", "QUOTE", "QUOTE"]


def test_auto_language_from_story_metadata(tmp_path):
    from dataclasses import replace

    from annotator.core.model import AnnotatedDocument

    cjk = cjk_story()
    zh = AnnotatedDocument(replace(cjk.document, meta={"language": "zh-CN"}), cjk.spans, cjk.relations)
    odd = AnnotatedDocument(replace(emoji_story().document, meta={"language": "tlh"}), [], [])
    dest = tmp_path / "auto.spacy"
    report = spacy_docbin.write([zh, emoji_story(), odd], SCHEMA, dest, lang="auto")
    docs = _load(dest)
    assert docs[0].spans["QUOTE"][0].text == "经济将增长"  # Chinese characters, no widening
    assert [t.text for t in docs[1]][:3] == ["Kim", "said", "😊"]
    assert any("no spaCy tokenizer for language tlh here" in n for n in report.notes)
    assert docs[2].text == odd.document.text
