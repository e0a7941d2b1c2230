"""Stories and strategies shared by the part-B format tests (spaCy, CoNLL, WebAnno, W3C, CSV)."""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.core.model import AnnotatedDocument, Document, Relation, Span
from annotator.core.schema import news_schema
from annotator.core.text import normalise, text_hash

SCHEMA = news_schema()


def make_doc(raw: str, doc_id: str = "story-1", title: str = "A story") -> Document:
    text = normalise(raw).text
    return Document(doc_id, title, text, text_hash(text))


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos, pos + len(needle)


def span(doc: Document, label: str, *needles: str, span_id: str | None = None, **kw) -> Span:
    frags = [find(doc.text, n) for n in needles]
    return Span.create(doc, label, frags, annotator=kw.pop("annotator", "ana"), span_id=span_id, **kw)


def link(doc: Document, source: Span, target: Span, rtype: str = "attributes") -> Relation:
    return Relation.create(doc.id, rtype, source.id, target.id, annotator=source.annotator)


EMOJI_RAW = 'Kim said 😊 "we won 🇰🇷 gold" today.\nThe 👩\u200d👩\u200d👧 cheered.'
CRLF_RAW = 'Mayor Lee said:\r\n\r\n"The bridge opens in May," she added.\r\nOfficials agreed.\r\n'
CJK_RAW = '韩国官员说，"经济将增长"。𝔘nicode 𝔘 test'


def emoji_story() -> AnnotatedDocument:
    doc = make_doc(EMOJI_RAW, "emoji", "Emoji story")
    attr = span(doc, "ATTRIBUTION", "Kim said", attributes={"source": "Kim", "cue": "said"})
    quote = span(doc, "QUOTE", "we won 🇰🇷 gold", attributes={"type": "direct"})
    face = span(doc, "CLAIM", "😊", note="an emoji alone")
    family = span(doc, "CLAIM", "👩\u200d👩\u200d👧 cheered", annotator="bo", attributes={"checkworthy": "no"})
    return AnnotatedDocument(doc, [attr, quote, face, family], [link(doc, attr, quote)])


def crlf_story() -> AnnotatedDocument:
    doc = make_doc(CRLF_RAW, "crlf", "CRLF story")
    assert "\r" not in doc.text
    attr = span(doc, "ATTRIBUTION", "Mayor Lee said", attributes={"source_kind": "person"})
    quote = span(doc, "QUOTE", "The bridge opens in May,", attributes={"type": "direct"})
    claim = span(doc, "CLAIM", "The bridge opens in May", annotator="bo")  # overlaps the quote
    both = span(doc, "QUOTE", "Mayor Lee said", "Officials agreed")  # two fragments, overlaps attr
    return AnnotatedDocument(doc, [attr, quote, claim, both], [link(doc, attr, quote)])


def cjk_story() -> AnnotatedDocument:
    doc = make_doc(CJK_RAW, "cjk", "CJK story")
    quote = span(doc, "QUOTE", "经济将增长")
    attr = span(doc, "ATTRIBUTION", "韩国官员说")
    part = Span.create(
        doc, "CLAIM", [(find(doc.text, "𝔘nicode")[0] + 1, find(doc.text, "𝔘nicode")[1])], annotator="ana"
    )
    return AnnotatedDocument(doc, [quote, attr, part], [link(doc, attr, quote)])


# -- hypothesis -------------------------------------------------------------------

_WORDS = [
    "Kim",
    "said",
    "the",
    "mayor",
    "😊",
    "🇰🇷",
    "中",
    "文",
    "𝔘",
    "e\u0301t\u00e9",
    "don't",
    '"',
    ",",
    ".",
    "42",
    "👩\u200d👧",
    "—",
]
_SEPS = [" ", " ", " ", "  ", "\r\n", "\n", "\n\n", " \r\n ", "\t", "", "", "\xa0", "\u2028", "\x0b", "\x1c", "\n\t"]


@st.composite
def texts(draw) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(_SEPS), st.sampled_from(_WORDS)), min_size=1, max_size=30))
    lead = draw(st.sampled_from(["", "", " ", "\n"]))
    tail = draw(st.sampled_from(["", "", "\n", " ", "\r\n"]))
    return normalise(lead + "".join(sep + word for sep, word in parts).lstrip() + tail).text


@st.composite
def annotated_docs(draw, *, max_spans: int = 8) -> AnnotatedDocument:
    text = draw(texts())
    doc = Document("h", "Hypothesis story", text, text_hash(text))
    n = len(text)
    spans: list[Span] = []
    for i in range(draw(st.integers(0, max_spans))):
        if n == 0:
            break
        cuts = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=4, unique=True)))
        frags = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]
        if not any(text[s:e].strip() for s, e in frags):
            continue
        label = draw(st.sampled_from(SCHEMA.label_names))
        attrs = {}
        if label == "QUOTE" and draw(st.booleans()):
            attrs["type"] = draw(st.sampled_from(["direct", "indirect", "mixed"]))
        if label == "ATTRIBUTION" and draw(st.booleans()):
            attrs["source"] = draw(st.sampled_from(["Kim", "a|b_c [x] ->;*\\", "中文 😊"]))
        spans.append(
            Span.create(
                doc,
                label,
                frags,
                annotator=draw(st.sampled_from(["ana", "bo"])),
                attributes=attrs,
                note=draw(st.sampled_from(["", "check\tthis", "ok"])),
                span_id=f"s{i}",
            )
        )
    relations = []
    if len(spans) >= 2:
        for k in range(draw(st.integers(0, 3))):
            a, b = draw(st.sampled_from(spans)), draw(st.sampled_from(spans))
            relations.append(Relation(f"r{k}", doc.id, "attributes", a.id, b.id, a.annotator, ""))
    return AnnotatedDocument(doc, spans, relations)
