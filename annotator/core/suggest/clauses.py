"""Find a reporting cue in a stretch of text and the speaker's noun phrase next to it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cues import CUE_FORMS, INVERTING, MULTIWORD, PASSIVE, is_verb_use

__all__ = ["Cue", "find_cue", "attribution", "sentence_end", "sentence_start", "DETERMINERS"]


@dataclass
class Cue:
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
DETERMINERS = {
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


def find_cue(text: str, s: int, e: int, *, last: bool = False) -> tuple[int, int, str] | None:
    low = text[s:e].lower()
    hits: list[tuple[int, int, str]] = []
    for m in _PHRASES.finditer(low):
        phrase = m.group()
        end = s + m.end()
        first = text[s + m.start() : s + m.start() + len(phrase.split()[0])]
        if first.lower() in CUE_FORMS and not _verb_here(text, s + m.start(), s + m.start() + len(first), first):
            continue  # "Republican calls for", a headline's "Mike Pence Calls for"
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
    prev_cap = pm is not None and pm.group(1)[:1].isupper() and not start and prev not in ("i",)
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
        or (words[-1].lower().endswith("ly") and (len(words) < 2 or words[-2].lower() not in DETERMINERS))
    ):
        words.pop()  # "also", "later", "repeatedly" -- but "the daily" is a paper
    if not words:
        return cue, cue
    pick = " ".join(words)
    start = text.rfind(pick, s, cue)
    return (start, start + len(pick)) if start >= 0 else (cue, cue)


def attribution(text: str, s: int, e: int, *, last: bool, back: int = -1) -> Cue | None:
    found = find_cue(text, s, e, last=last)
    if not found:
        return None
    cs, ce, phrase = found
    if phrase.lower().endswith("ing") and back >= 0:
        # "Trump boasted on Monday, saying, “…”": the participle's subject is the clause's
        back = max([back] + [i + 1 for i in range(back, cs) if text[i] in _DOUBLE_CLOSERS])
        prior = attribution(text, back, cs, last=False) if back < cs else None
        if prior is not None and prior.source[1] > prior.source[0] and prior.end <= cs:
            return Cue(cs, ce, phrase.strip(), prior.source)
        if not text[s:cs].strip(" ,"):
            return None
        subject = _SUBJECT.match(text, back, cs) if text[s:cs].rstrip().endswith(",") else None
        if subject and text[subject.end() : subject.end() + 1] == " " and text[subject.end() + 1 : cs][:1].islower():
            return Cue(cs, ce, phrase.strip(), (subject.start(), subject.end()))  # "Sanders spoke ..., saying"
    if phrase.lower().startswith("according to"):
        src = _np_after(text, ce, e)
        return Cue(cs, src[1], "according to", src) if text[src[0] : src[1]].strip() else None
    src = _np_before(text, s, cs)
    if src[1] <= src[0]:
        if phrase.split()[0].lower() not in INVERTING:
            return None  # "..., suggesting a few questions": no speaker after an -ing or a belief verb
        src = _np_after(text, ce, e)
        if not text[src[0] : src[1]].split() or len(text[src[0] : src[1]].split()) > 8:
            return None
        first = text[src[0] : src[1]].split()[0]
        np_words = text[src[0] : src[1]].split()
        if first[:1].islower() and first not in DETERMINERS and not any(w[:1].isupper() for w in np_words):
            return None  # "wrote in her ruling ...": no source follows the cue
        return Cue(cs, src[1], phrase.strip(), src)
    if len(text[src[0] : src[1]].split()) > 12:
        return None
    return Cue(src[0], ce, phrase.strip(), src)


_SUBJECT = re.compile(
    r"\s*(?:(?:The|A|An)\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+)?|(?:[A-Z][\w'\u2019.-]*\s+){0,3}[A-Z][\w'\u2019-]*"
    r"|He|She|They|We|I|It)\b"
)
_DOUBLE_CLOSERS = '\u201d"\u00bb\u300d\u300f'


def sentence_end(text: str, pos: int, limit: int) -> int:
    for m in re.finditer(r"[.!?](?=\s|$)", text[pos:limit]):
        if not re.search(
            r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gov|Sen|Rep|Del|Rev|Lt|Gen|Col|Sgt|Capt|[A-Z])\.$", text[pos : pos + m.end()]
        ):
            return pos + m.end()
    return limit


def sentence_start(text: str, ps: int, pos: int) -> int:
    best = ps
    for m in re.finditer(r"[.!?][\u201d\"'\u2019]?\s+", text[ps:pos]):
        before = text[ps : ps + m.start() + 1]
        if not re.search(r"\b(?:Mr|Mrs|Ms|Dr|St|Gov|Sen|Rep|Del|Rev|Lt|Gen|Col|Sgt|Capt)\.$", before):
            best = ps + m.end()
    return best


# "did not respond to requests", "declined to comment": no content is reported
