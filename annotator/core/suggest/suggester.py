"""Combine quotation marks, cues and sources into suggestions for one story.

Conventions (see also quotes.py): a direct QUOTE covers its marks; a quote split
by an attribution ("A," she said, "b.") is one QUOTE with two fragments when the
attribution ends in a comma or the second part starts in lower case; a quoted
phrase inside a reported clause makes the clause a ``mixed`` QUOTE; a reported
clause without marks ("X said (that) ...") is an ``indirect`` QUOTE. The
ATTRIBUTION covers source and cue and links to its QUOTEs by local id (in Korean,
where the verb ends the clause, it has two fragments: speaker and verb). "X was quoted
by Xinhua as saying" gives X's ATTRIBUTION and a second, chained one for the agency.
Finding cues and speakers lives in clauses.py, special forms in forms.py, reported
clauses without marks in indirect.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..quotemarks import CLOSERS
from .claims import is_checkable, sentences
from .clauses import Cue, attribution, sentence_end, sentence_start
from .forms import FAR_CUE, colon_before, dash_source, label_source, short_tail, split_at_labels
from .indirect import indirect
from .korean import is_korean, korean_kind, korean_quotes, resolve_korean
from .quotes import DOUBLED_SINGLES, Quotation, _paragraphs, find_quotations
from .sources import Entities
from .wire import dateline_end, is_furniture

__all__ = ["Suggestion", "suggest"]


@dataclass(frozen=True)
class Suggestion:
    id: str  # local to one run over one story
    label: str
    fragments: tuple[tuple[int, int], ...]
    attributes: dict[str, Any]
    confidence: float
    links: tuple[str, ...] = field(default=())  # ids of QUOTE/CLAIM suggestions this one attributes
    # Learned suggestions (annotator.learn) say where they come from and name each link's type.
    origin: str = "suggested"
    note: str = ""
    link_types: tuple[str, ...] = field(default=())  # parallel to ``links``; empty: the schema's first fit


class _Builder:
    def __init__(self, text: str, quotes: list[Quotation]) -> None:
        self.text = text
        self.entities = Entities(text, [f for q in quotes for f in q.fragments])
        self.out: list[Suggestion] = []
        self.n = 0

    def add(
        self,
        label: str,
        frags: tuple[tuple[int, int], ...],
        attrs: dict[str, Any],
        conf: float,
        links: tuple[str, ...] = (),
    ) -> str:
        self.n += 1
        sid = f"s{self.n}"
        self.out.append(Suggestion(sid, label, frags, attrs, conf, links))
        return sid

    def attribution(self, cue: Cue, quote_ids: list[str], conf: float) -> None:
        self._attribution(cue, quote_ids, conf)
        agency = _AGENCY.search(self.text, cue.start, cue.end)
        if agency:
            # "X was quoted by Xinhua as saying": X is the source; the agency that carried the
            # words gets an ATTRIBUTION of its own on the same QUOTE (a chained attribution).
            self.add(
                "ATTRIBUTION",
                ((agency.start(1), agency.end(1)),),
                {"source": agency.group(1), "cue": "quoted by", "source_kind": "media"},
                conf * 0.7,
                tuple(quote_ids),
            )

    def _attribution(self, cue: Cue, quote_ids: list[str], conf: float) -> None:
        name, kind = self.entities.resolve(self.text[cue.source[0] : cue.source[1]], cue.source[0])
        self.entities.spoke(name, cue.source[1])
        kind = "organization" if kind == "place" else kind  # a country speaks through its government
        self.add(
            "ATTRIBUTION",
            ((cue.start, cue.end),),
            {"source": name, "cue": cue.phrase, "source_kind": kind},
            conf,
            tuple(quote_ids),
        )


def suggest(text: str) -> list[Suggestion]:
    """Suggestions for one normalised story text, in text order of discovery."""
    if is_korean(text):
        return _suggest_korean(text)
    quotes = split_at_labels(text, find_quotations(text))
    b = _Builder(text, quotes)
    paras = _paragraphs(text)
    covered: list[tuple[int, int]] = []
    last_cue: tuple[str, int] | None = None  # attribution id and paragraph index
    qi = 0
    for pi, (ps, pe) in enumerate(paras):
        mark = max(0, len(covered) - 4)  # what earlier paragraphs covered cannot reach far
        inpara = []
        while qi < len(quotes) and quotes[qi].start < pe:
            inpara.append(quotes[qi])
            qi += 1
        if is_furniture(text[ps:pe]):
            continue  # "(ATTN: UPDATES throughout ...)", "(Reporting by ...)", captions
        ps += dateline_end(text[ps:pe])
        k = 0
        prev_end = ps
        while k < len(inpara):
            q = inpara[k]
            frags = list(q.fragments)
            qpe = next((e for s, e in paras if s <= q.end <= e), pe)
            nxt_start = inpara[k + 1].start if k + 1 < len(inpara) else qpe
            sent_end = sentence_end(text, q.end, nxt_start)
            # An attribution after the quote needs the quote to end a clause ("...," she said).
            closing = 2 if text[q.end - 2 : q.end] in DOUBLED_SINGLES else 1  # ’’ closes some quotes
            inner_end = q.end - closing
            while inner_end > q.start + 1 and text[inner_end - 1] in CLOSERS:
                inner_end -= 1  # “You say you ‘accept responsibility,’” Merkley said
            last_inner = text[inner_end - 1 : inner_end]
            ends_clause = last_inner in ",.!?\u2026\u2014-" or text[q.end : q.end + 1] in (",", ".", "\u2014")
            cue = dash_source(text, q.end, qpe) if q.closed else None
            if cue is None and q.closed and ends_clause:
                cue = attribution(text, q.end, sent_end, last=False)
                if cue and last_inner in ".!?" and not short_tail(text, cue, sent_end):
                    cue = None  # “…control.” The agency said North Korea had …: a new sentence
                elif cue and FAR_CUE.match(text[q.end : cue.start]):
                    cue = None  # “…,” when Clinton blasted him: a clause of its own, not "…," she said
            if cue and k + 1 < len(inpara) and sent_end >= nxt_start:
                gap = text[cue.end : nxt_start].strip()
                second = inpara[k + 1]
                inner = text[second.start + 1 : second.start + 2]
                if gap in (",", ":", "") and (gap or inner.islower()):
                    frags += list(second.fragments)
                    k += 1
                    q = second
            pre_s = max(prev_end, sentence_start(text, ps, q.fragments[0][0] if len(frags) == 1 else frags[0][0]))
            pre = text[pre_s : frags[0][0]].rstrip()
            kind = "direct"
            if cue is None and pre and pre[-1] not in ",:.!?\u2014":
                pcue = attribution(text, pre_s, frags[0][0], last=True)
                if pcue and text[pcue.end : frags[0][0]].strip(" :,") == "":
                    cue = pcue
                elif pcue:
                    # A quoted phrase inside a reported clause: the clause is the QUOTE, and the
                    # clause's first cue has the speaker ("X said he hopes ...").
                    pcue = attribution(text, pre_s, frags[0][0], last=False) or pcue
                    cs = pcue.end
                    m = re.match(r"\s*(?:that\s+)?", text[cs:])
                    cs += m.end() if m else 0
                    ce = q.end if last_inner in ".!?" else sentence_end(text, q.end, pe)
                    while ce > cs and text[ce - 1] in ".!? ":
                        ce -= 1
                    frags = [(cs, ce)]
                    cue, kind = pcue, "mixed"
                else:
                    k += 1
                    prev_end = q.end
                    continue  # scare quotes or a title, not speech
            elif cue is None and pre and pre[-1] in ",:":
                cue = attribution(text, pre_s, frags[0][0], last=True, back=sentence_start(text, ps, pre_s))
            if cue is None and not pre:
                cue = label_source(text, q) or (colon_before(text, paras[pi - 1]) if pi else None)
            conf = 0.9 if q.closed else 0.6
            qid = b.add("QUOTE", tuple(frags), {"type": kind}, conf)
            covered += frags
            if cue is not None:
                b.attribution(cue, [qid], 0.85)
                covered.append((cue.start, cue.end))
                last_cue = (b.out[-1].id, pi)
            elif last_cue is not None and pi - last_cue[1] <= 1:
                _link(b, last_cue[0], qid)
                last_cue = (last_cue[0], pi)
            prev_end = max(q.end, cue.end if cue else 0)
            k += 1
        indirect(b, ps, pe, covered[mark:])
    return b.out


_AGENCY = re.compile(r"\b(?:was|were|is|are) quoted by (?:the )?([A-Z][\w.&' -]{1,40}?) as saying\b")


def _suggest_korean(text: str) -> list[Suggestion]:
    """Korean stories: quotes and reported clauses with their speaker and verb; an
    ATTRIBUTION has two fragments there, the speaker and the verb at the clause's end."""
    out: list[Suggestion] = []
    paras = _paragraphs(text)
    quotes = [(q.start, q.end) for q in find_quotations(text) if len(q.fragments) == 1 and q.closed]
    last: str | None = None
    covered: list[tuple[int, int]] = []
    by_cue: dict[tuple[int, int], int] = {}  # "…"며 "…"라고 강조했다: one ATTRIBUTION for both
    for k in korean_quotes(text, quotes, paras):
        qid = f"s{len(out) + 1}"
        out.append(Suggestion(qid, "QUOTE", (k.content,), {"type": k.kind}, 0.85 if k.kind == "direct" else 0.6))
        covered += [k.content, k.source, k.cue]
        if k.cue in by_cue:
            a = out[by_cue[k.cue]]
            out[by_cue[k.cue]] = Suggestion(a.id, a.label, a.fragments, a.attributes, a.confidence, (*a.links, qid))
            continue
        name = resolve_korean(text[k.source[0] : k.source[1]], last)
        last = name
        frags = tuple(sorted({k.source, k.cue}))
        attrs = {"source": name, "cue": text[k.cue[0] : k.cue[1]], "source_kind": korean_kind(name)}
        by_cue[k.cue] = len(out)
        out.append(Suggestion(f"s{len(out) + 1}", "ATTRIBUTION", frags, attrs, 0.8, (qid,)))
    for ps, pe in paras:
        for ss, se in sentences(text, ps, pe):
            if not any(a < se and ss < b for a, b in covered) and is_checkable(text[ss:se]):
                out.append(Suggestion(f"s{len(out) + 1}", "CLAIM", ((ss, se),), {"checkworthy": "unsure"}, 0.3))
    return out


def _link(b: _Builder, attr_id: str, qid: str) -> None:
    for i, s in enumerate(b.out):
        if s.id == attr_id:
            b.out[i] = Suggestion(s.id, s.label, s.fragments, s.attributes, s.confidence, (*s.links, qid))
