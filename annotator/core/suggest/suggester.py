"""Combine quotation marks, cues and sources into suggestions for one story.

Conventions (see also quotes.py): a direct QUOTE covers its marks; a quote split
by an attribution ("A," she said, "b.") is one QUOTE with two fragments when the
attribution ends in a comma or the second part starts in lower case; a quoted
phrase inside a reported clause makes the clause a ``mixed`` QUOTE; a reported
clause without marks ("X said (that) ...") is an ``indirect`` QUOTE. The
ATTRIBUTION covers source and cue and links to its QUOTEs by local id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..quotemarks import CLOSERS
from .claims import is_checkable, sentences
from .cues import CUE_FORMS, INVERTING, MULTIWORD, PASSIVE, is_verb_use
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


@dataclass
class _Cue:
    start: int
    end: int
    phrase: str
    source: tuple[int, int]


_TRAIL = re.compile(
    r"\s+(?:in an? (?:statement|interview|speech|post|letter)(?: on \w+)?|to reporters|on (?:Twitter|X|Facebook))\b"
)
_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted((*MULTIWORD, *PASSIVE), key=len, reverse=True)) + r")\b"
)
_DETERMINERS = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "one",
    "two",
    "several",
    "another",
    "he",
    "she",
    "they",
    "it",
}
_SKIP = {
    "also",
    "later",
    "then",
    "again",
    "has",
    "have",
    "had",
    "will",
    "would",
    "once",
    "further",
    "earlier",
    "previously",
    # auxiliaries and negation between a speaker and the verb ("I did not say")
    "did",
    "does",
    "do",
    "not",
    "never",
    "didn't",
    "doesn't",
    "don't",
    "did not",
    "could",
    "can",
    "cannot",
    "may",
    "might",
    "must",
    "should",
}


def _find_cue(text: str, s: int, e: int, *, last: bool = False) -> tuple[int, int, str] | None:
    low = text[s:e].lower()
    hits: list[tuple[int, int, str]] = []
    for m in _PHRASES.finditer(low):
        phrase = m.group()
        end = s + m.end()
        if phrase in PASSIVE:
            tail = re.match(r"\s+[^,.]{1,40}?\s+as saying\b", text[end:e])
            if not tail:
                continue
            end += tail.end()
        hits.append((s + m.start(), end, text[s + m.start() : end]))
    for cm in _CUE_WORD.finditer(text, s, e):
        ts, te, tok = cm.start(), cm.end(), cm.group()
        if tok.lower() in CUE_FORMS and not any(h[0] <= ts < h[1] for h in hits):
            if not _verb_here(text, ts, te, tok):
                continue
            end = te
            tr = _TRAIL.match(text, end, e)
            if tr:
                end = tr.end()
            hits.append((ts, end, text[ts:end]))
    if not hits:
        return None
    hits.sort()
    return hits[-1] if last else hits[0]


_PREV_WORD = re.compile(r"([\w'\u2019]+)[^\w]*$")
_NEXT_WORD = re.compile(r"[^\w]*?([\w'\u2019]+)")
# Words of a cue-search window (a plain pattern scans far faster than the tokenizer).
_CUE_WORD = re.compile(r"(?<![\w'\u2019])[A-Za-z]+(?![\w'\u2019])")


def _verb_here(text: str, ts: int, te: int, tok: str) -> bool:
    before = text[max(0, ts - 40) : ts]
    if before.endswith("-"):
        return False  # so-called, self-described
    pm = _PREV_WORD.search(before)
    prev = pm.group(1).lower() if pm else ""
    tail = before[pm.end(1) :] if pm else before
    start = pm is None or any(c in tail for c in '.!?:\n\u201c"') or "\n" in before[-2:]
    nm = _NEXT_WORD.match(text, te, min(len(text), te + 40))
    nxt = nm.group(1).lower() if nm and "\n" not in text[te : nm.start(1)] else ""
    if text[te : te + 2] in ("'s", "\u2019s"):
        nxt = "'s"
    prev_cap = bool(pm) and pm.group(1)[:1].isupper() and not start and prev not in ("i",)
    return is_verb_use(tok, prev, nxt, start, prev_cap=prev_cap)


_TITLE_ABBR = r"(?:Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|St|Del|Rev|Lt|Gen|Col|Sgt|Capt)\."
_NP_AFTER = re.compile(r"\s*((?:\b" + _TITLE_ABBR + r"|[^,.;:!?\u201c\u201d\"])+)")
_ABBR_END = re.compile(r"\b(?:" + _TITLE_ABBR[3:-3] + r"|[A-Z])\.$")


def _np_after(text: str, pos: int, e: int) -> tuple[int, int]:
    m = re.match(
        r"\s*((?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Gov|Rep|St|Del|Rev|Lt|Gen|Col|Sgt|Capt)\.|[^,.;:!?\u201c\u201d\"])+)",
        text[pos:e],
    )
    if not m:
        return pos, pos
    return pos + m.start(1), pos + m.end(1)


_CLAUSE_CUT = re.compile(
    r"[;:\u2014\u2015\u2013]\s*|\s-\s|[\u201d\"]\s+(?=[A-Z])|\b(?:that|because|but|when|while|after|before|if)\s+(?=(?:the|a|an|he|she|they|it|[A-Z])\b)"
)
_LEADING = {"but", "and", "or", "while", "as", "despite", "though", "so", "then", "yet", "because", "to", "which"}
_SUBORDINATE = re.compile(
    r"(?:As|When|While|After|Before|Though|Although|If|Because|Since|Until|Once|Asked|In|At|On|During|With|"
    r"Without|For|From|By|Under|Over|Despite|Following|Speaking|Writing|Responding)\b"
)


def _np_before(text: str, s: int, cue: int) -> tuple[int, int]:
    seg = text[s:cue]
    # Only the clause the cue ends can hold its subject.
    cut = max((m.end() for m in _CLAUSE_CUT.finditer(seg)), default=0)
    seg = seg[cut:]
    # An appositive ("Maria Chen, a retired teacher, said") leaves the name first.
    appositive = seg.rstrip().endswith(",")
    parts = [p for p in re.split(r",\s*", seg.strip(" ,\u201d\"'")) if p.strip()]
    if not parts:
        return cue, cue
    if appositive and len(parts) > 1 and parts[-2][:1].isupper() and not _SUBORDINATE.match(parts[-2]):
        pick = parts[-2]
    else:
        pick = parts[-1]
    if _SUBORDINATE.match(pick):
        return cue, cue  # "As a phone rang": a clause, not a speaker
    words = pick.split()
    while words and words[0].lower() in _LEADING:
        words.pop(0)  # "while chanting", "but pledged": the subject is elsewhere
    while words and (
        words[-1].lower() in _SKIP
        or (words[-1].lower().endswith("ly") and (len(words) < 2 or words[-2].lower() not in _DETERMINERS))
    ):
        words.pop()  # "also", "later", "repeatedly" -- but "the daily" is a paper
    if not words:
        return cue, cue
    pick = " ".join(words)
    start = text.rfind(pick, s, cue)
    return (start, start + len(pick)) if start >= 0 else (cue, cue)


def _attribution(text: str, s: int, e: int, *, last: bool, back: int = -1) -> _Cue | None:
    found = _find_cue(text, s, e, last=last)
    if not found:
        return None
    cs, ce, phrase = found
    if phrase.lower().endswith("ing") and back >= 0:
        # "Trump boasted on Monday, saying, “…”": the participle's subject is the clause's
        back = max([back] + [i + 1 for i in range(back, cs) if text[i] in _DOUBLE_CLOSERS])
        prior = _attribution(text, back, cs, last=False) if back < cs else None
        if prior is not None and prior.source[1] > prior.source[0] and prior.end <= cs:
            return _Cue(cs, ce, phrase.strip(), prior.source)
        if not text[s:cs].strip(" ,"):
            return None
        subject = _SUBJECT.match(text, back, cs) if text[s:cs].rstrip().endswith(",") else None
        if subject and text[subject.end() : subject.end() + 1] == " " and text[subject.end() + 1 : cs][:1].islower():
            return _Cue(cs, ce, phrase.strip(), (subject.start(), subject.end()))  # "Sanders spoke ..., saying"
    if phrase.lower().startswith("according to"):
        src = _np_after(text, ce, e)
        return _Cue(cs, src[1], "according to", src) if text[src[0] : src[1]].strip() else None
    src = _np_before(text, s, cs)
    if src[1] <= src[0]:
        if phrase.split()[0].lower() not in INVERTING:
            return None  # "..., suggesting a few questions": no speaker after an -ing or a belief verb
        src = _np_after(text, ce, e)
        if not text[src[0] : src[1]].split() or len(text[src[0] : src[1]].split()) > 8:
            return None
        first = text[src[0] : src[1]].split()[0]
        np_words = text[src[0] : src[1]].split()
        if first[:1].islower() and first not in _DETERMINERS and not any(w[:1].isupper() for w in np_words):
            return None  # "wrote in her ruling ...": no source follows the cue
        return _Cue(cs, src[1], phrase.strip(), src)
    if len(text[src[0] : src[1]].split()) > 12:
        return None
    return _Cue(src[0], ce, phrase.strip(), src)


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

    def attribution(self, cue: _Cue, quote_ids: list[str], conf: float) -> None:
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

    def _attribution(self, cue: _Cue, quote_ids: list[str], conf: float) -> None:
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
    quotes = _split_at_labels(text, find_quotations(text))
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
            sent_end = _sentence_end(text, q.end, nxt_start)
            # An attribution after the quote needs the quote to end a clause ("...," she said).
            closing = 2 if text[q.end - 2 : q.end] in DOUBLED_SINGLES else 1  # ’’ closes some quotes
            inner_end = q.end - closing
            while inner_end > q.start + 1 and text[inner_end - 1] in CLOSERS:
                inner_end -= 1  # “You say you ‘accept responsibility,’” Merkley said
            last_inner = text[inner_end - 1 : inner_end]
            ends_clause = last_inner in ",.!?\u2026\u2014-" or text[q.end : q.end + 1] in (",", ".", "\u2014")
            cue = _dash_source(text, q.end, qpe) if q.closed else None
            if cue is None and q.closed and ends_clause:
                cue = _attribution(text, q.end, sent_end, last=False)
                if cue and last_inner in ".!?" and not _short_tail(text, cue, sent_end):
                    cue = None  # “…control.” The agency said North Korea had …: a new sentence
                elif cue and _FAR_CUE.match(text[q.end : cue.start]):
                    cue = None  # “…,” when Clinton blasted him: a clause of its own, not "…," she said
            if cue and k + 1 < len(inpara) and sent_end >= nxt_start:
                gap = text[cue.end : nxt_start].strip()
                second = inpara[k + 1]
                inner = text[second.start + 1 : second.start + 2]
                if gap in (",", ":", "") and (gap or inner.islower()):
                    frags += list(second.fragments)
                    k += 1
                    q = second
            pre_s = max(prev_end, _sentence_start(text, ps, q.fragments[0][0] if len(frags) == 1 else frags[0][0]))
            pre = text[pre_s : frags[0][0]].rstrip()
            kind = "direct"
            if cue is None and pre and pre[-1] not in ",:.!?\u2014":
                pcue = _attribution(text, pre_s, frags[0][0], last=True)
                if pcue and text[pcue.end : frags[0][0]].strip(" :,") == "":
                    cue = pcue
                elif pcue:
                    # A quoted phrase inside a reported clause: the clause is the QUOTE, and the
                    # clause's first cue has the speaker ("X said he hopes ...").
                    pcue = _attribution(text, pre_s, frags[0][0], last=False) or pcue
                    cs = pcue.end
                    m = re.match(r"\s*(?:that\s+)?", text[cs:])
                    cs += m.end() if m else 0
                    ce = q.end if last_inner in ".!?" else _sentence_end(text, q.end, pe)
                    while ce > cs and text[ce - 1] in ".!? ":
                        ce -= 1
                    frags = [(cs, ce)]
                    cue, kind = pcue, "mixed"
                else:
                    k += 1
                    prev_end = q.end
                    continue  # scare quotes or a title, not speech
            elif cue is None and pre and pre[-1] in ",:":
                cue = _attribution(text, pre_s, frags[0][0], last=True, back=_sentence_start(text, ps, pre_s))
            if cue is None and not pre:
                cue = _label_source(text, q) or (_colon_before(text, paras[pi - 1]) if pi else None)
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
        _indirect(b, ps, pe, covered[mark:])
    return b.out


_AGENCY = re.compile(r"\b(?:was|were|is|are) quoted by (?:the )?([A-Z][\w.&' -]{1,40}?) as saying\b")
_SUBJECT = re.compile(
    r"\s*(?:(?:The|A|An)\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?|(?:[A-Z][\w'\u2019.-]*\s+){0,3}[A-Z][\w'\u2019-]*"
    r"|He|She|They|We|I|It)\b"
)
_DOUBLE_CLOSERS = '\u201d"\u00bb\u300d\u300f'
_FAR_CUE = re.compile(r"[\s,]*(?:when|because|as|after|before|while|if|since|but|and|so)\b|(?:\S+\s+){7,}")
_DASH_NAME = re.compile(
    r"\s*[\u2015\u2014\u2013]\s*((?:[A-Z][\w'\u2019.-]*)(?:\s+[A-Z][\w'\u2019.-]*){0,3})\s*[.,]?\s*(?:$|(?=[\u201c\"]))"
)
_LABEL = re.compile(r"([A-Z][A-Z'\u2019.-]+(?:\s+[A-Z][A-Z'\u2019.-]+){0,2}):\s")


def _dash_source(text: str, pos: int, pe: int) -> _Cue | None:
    """“…” ― Pamela Padilla: a reader's or poster's quote signed after a dash."""
    m = _DASH_NAME.match(text, pos, min(pe, pos + 80))
    if not m:
        return None
    dash = text.find(m.group(0).strip()[0], pos)
    return _Cue(dash, m.end(1), text[dash], (m.start(1), m.end(1)))


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


def _split_at_labels(text: str, quotes: list[Quotation]) -> list[Quotation]:
    """A transcript runs as one unclosed quotation over many paragraphs; each "NAME: ..."
    paragraph starts a new speaker's quote."""
    out = []
    for q in quotes:
        if len(q.fragments) == 1:
            out.append(q)
            continue
        run: list[tuple[int, int]] = []
        for f in q.fragments:
            if run and _LABEL.match(text, f[0] + 1, f[1]):
                out.append(Quotation(tuple(run), False))
                run = []
            run.append(f)
        out.append(Quotation(tuple(run), q.closed))
    return out


def _label_source(text: str, q: Quotation) -> _Cue | None:
    """A transcript line: "PENCE: Well, look, ..." names its speaker inside the quote."""
    m = _LABEL.match(text, q.start + 1, q.fragments[0][1])
    if not m or len(m.group(1)) < 2:
        return None
    return _Cue(m.start(1), m.end(1) + 1, ":", (m.start(1), m.end(1)))


def _colon_before(text: str, prev_para: tuple[int, int]) -> _Cue | None:
    """A paragraph ending "Caddell continued:" introduces the quote of the next one."""
    ps, pe = prev_para
    if text[pe - 1 : pe] != ":":
        return None
    start = _sentence_start(text, ps, pe - 1)
    cue = _attribution(text, start, pe - 1, last=True)
    if cue is None or text[cue.end : pe].strip(" :") or cue.phrase.lower().endswith("ing"):
        return None
    return cue


def _short_tail(text: str, cue: _Cue, sent_end: int) -> bool:
    """Nothing but a few words ("on Monday", "in a statement") follow the cue in its sentence."""
    tail = text[cue.end : sent_end].strip(" .!?")
    return len(tail.split()) <= 4 and not re.search(r"\b(?:that|is|was|are|were|had|has|have|will|would)\b", tail)


def _link(b: _Builder, attr_id: str, qid: str) -> None:
    for i, s in enumerate(b.out):
        if s.id == attr_id:
            b.out[i] = Suggestion(s.id, s.label, s.fragments, s.attributes, s.confidence, (*s.links, qid))


def _sentence_end(text: str, pos: int, limit: int) -> int:
    for m in re.finditer(r"[.!?](?=\s|$)", text[pos:limit]):
        if not re.search(
            r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gov|Sen|Rep|Del|Rev|Lt|Gen|Col|Sgt|Capt|[A-Z])\.$", text[pos : pos + m.end()]
        ):
            return pos + m.end()
    return limit


def _sentence_start(text: str, ps: int, pos: int) -> int:
    best = ps
    for m in re.finditer(r"[.!?][\u201d\"'\u2019]?\s+", text[ps:pos]):
        before = text[ps : ps + m.start() + 1]
        if not re.search(r"\b(?:Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Del|Rev|Lt|Gen|Col|Sgt|Capt)\.$", before):
            best = ps + m.end()
    return best


# "did not respond to requests", "declined to comment": no content is reported
_NEGATED = re.compile(r"\b(?:not|n't|never|declined to|refused to)\s+(?:respond|reply|return|comment|answer)\w*\s*$")
_NOT_CONTENT = re.compile(r"[,;:.)]|by\b")
_POST_NP = (
    r"(?:(?:[A-Z][\w'\u2019.-]*[ \t]?){1,4}|(?:the|a|an|another|one|two|three|several|some|many|"
    r"other|his|her|their|its)[ \t][\w'\u2019 -]{1,40}?|he|she|they|it|we|I)"
)
_POST_VERB = (
    r"(?:said|says|say|added|adds|told reporters|warned|noted|notes|argued|argues|wrote|writes|explained|claimed|"
    r"insisted|acknowledged|contended|suggested|reported|reports|stated|asserted|predicted|estimated|recalled|"
    r"concluded|announced|confirmed|believes|believe|thinks|think|agreed|cautioned|conceded|emphasized|stressed)"
)
_POST_TAIL = r"(?:[ \t]+(?:in a statement|in an interview|to reporters|on \w+|\w+day|last week|this week|recently))*"
_POST_CUE = re.compile(
    r",[ \t]*(according to [^,]+|"
    + _POST_NP
    + r"(?:[ \t]+(?:also|later|then|further|previously))?[ \t]+"
    + _POST_VERB
    + _POST_TAIL
    + r")$"
)
_MID_CUE = re.compile(
    r"(?P<a>[^,]{8,}?),[ \t]*(?P<np>" + _POST_NP + r")[ \t]+(?P<v>said|says|added|argued|noted|wrote|writes|explained|"
    r"contended|warned|insisted)" + _POST_TAIL + r"[ \t]*,[ \t]*(?P<b>.{8,})"
)


def _indirect(b: _Builder, ps: int, pe: int, covered: list[tuple[int, int]]) -> None:
    text = b.text
    for ss, se in sentences(text, ps, pe):
        if any(s < se and ss < e for s, e in covered):
            continue
        body_end = se
        while body_end > ss and text[body_end - 1] in ".!? ":
            body_end -= 1
        m = re.match(r"According to ([^,]+),\s*", text[ss:body_end])
        post = _POST_CUE.search(text, ss, body_end)
        mid = None if post else _MID_CUE.match(text, ss, body_end)
        cue = None
        if m:
            cue = _Cue(ss, ss + m.end(1), "according to", (ss + m.start(1), ss + m.end(1)))
            clause = (ss + m.end(), body_end)
        elif post:
            cue = _attribution(text, post.start(1), body_end, last=False)
            clause = (ss, post.start())
        elif mid:
            # "Acts of protest, Mr. Obama said, are acts of patriotism": both halves are the content
            cue = _attribution(text, mid.start("np"), mid.end("v"), last=False)
            if cue is not None and mid.end("b") - mid.start("b") > 3:
                qid = b.add("QUOTE", ((ss, mid.end("a")), (mid.start("b"), mid.end("b"))), {"type": "indirect"}, 0.6)
                b.attribution(cue, [qid], 0.6)
                continue
            cue = None
        else:
            found = _attribution(text, ss, body_end, last=False)
            if found and found.source[0] < found.start + 1 and found.source[0] >= ss:
                rest = re.match(r"\s*(?:(?:on\s+)?\w+day\s+)?(?:that\s+)?", text[found.end : body_end])
                cs = found.end + (rest.end() if rest else 0)
                clause = (cs, body_end)
                if (
                    found.start - ss <= 120
                    and len(text[cs:body_end].split()) >= 4
                    and not _NOT_CONTENT.match(text, cs)
                    and not _NEGATED.search(text, max(ss, found.start - 20), found.start + len(found.phrase) + 4)
                ):
                    cue = found
        if cue is not None and clause[1] - clause[0] > 3:
            qid = b.add("QUOTE", (clause,), {"type": "indirect"}, 0.6)
            b.attribution(cue, [qid], 0.6)
            continue
        if is_checkable(text[ss:se]):
            b.add("CLAIM", ((ss, body_end),), {"checkworthy": "unsure"}, 0.3)
