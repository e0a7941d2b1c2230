"""Reported speech without quotation marks: "X said (that) ...", "..., X said", "A, X said, B"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .claims import is_checkable, sentences
from .clauses import Cue, attribution

if TYPE_CHECKING:
    from .suggester import _Builder

__all__ = ["indirect"]


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


def indirect(b: _Builder, ps: int, pe: int, covered: list[tuple[int, int]]) -> None:
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
            cue = Cue(ss, ss + m.end(1), "according to", (ss + m.start(1), ss + m.end(1)))
            clause = (ss + m.end(), body_end)
        elif post:
            cue = attribution(text, post.start(1), body_end, last=False)
            clause = (ss, post.start())
        elif mid:
            # "Acts of protest, Mr. Obama said, are acts of patriotism": both halves are the content
            cue = attribution(text, mid.start("np"), mid.end("v"), last=False)
            if cue is not None and mid.end("b") - mid.start("b") > 3:
                qid = b.add("QUOTE", ((ss, mid.end("a")), (mid.start("b"), mid.end("b"))), {"type": "indirect"}, 0.6)
                b.attribution(cue, [qid], 0.6)
                continue
            cue = None
        else:
            found = attribution(text, ss, body_end, last=False)
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
