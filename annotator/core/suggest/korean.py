"""Korean reported speech: "…"라고 말했다, …고 밝혔다, …며 강조했다.

Korean puts the reporting verb last: the speaker (a noun phrase marked by 은/는/이/가)
comes first, the quote follows, then a quotative ending (라고, 이라고, 고, 며, 면서)
and the verb. The speaker may also stand between the quote and the verb
("…"고 김 장관은 말했다).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["is_korean", "KoreanQuote", "korean_quotes", "resolve_korean", "korean_kind"]

_HANGUL = re.compile("[\uac00-\ud7a3]")
# The quotative ending and the reporting verb (past plain and polite forms).
CUE_VERBS = (
    "말했다 밝혔다 설명했다 강조했다 전했다 덧붙였다 주장했다 지적했다 언급했다 발표했다 답했다 물었다 "
    "비판했다 밝힌 말한 강조한 설명한 촉구했다 경고했다 약속했다 호소했다 반박했다 예상했다 전망했다 "
    "말했습니다 밝혔습니다 설명했습니다 강조했습니다 전했습니다"
).split()
_VERB = "(?:" + "|".join(sorted(CUE_VERBS, key=len, reverse=True)) + ")"
_ENDING = r"(?:이?라고|고|며|면서|라며|이라며)"
_WORD = '[^\\s.,!?"\u201c\u201d]'
_SPEAKER = r"((?:" + _WORD + r"+[ \t]+){0,3}?" + _WORD + r"+?)(?:은|는|이|가|께서)"
# after a closing mark: 고 / 라고, a few words (perhaps the speaker), the verb; one sentence
_AFTER = re.compile(r"[ \t]*" + _ENDING + r"[ \t]+([^.!?\"\u201c\u201d\n]{0,40}?)(" + _VERB + r")")
_CHAIN = re.compile(r"[ \t]*(?:이?라며|며|면서|고)[ \t]*[\"\u201c\u300c\u300e]")
_SPEAKER_IN = re.compile(_SPEAKER + r"[ \t]")
# an indirect clause: SPEAKER은 CLAUSE다고/라고 VERB
_INDIRECT = re.compile(
    r"(?:\A|(?<=\n)|(?<=[.!?][ \t]))"
    + _SPEAKER
    + r"[ \t]+([^.!?\"\u201c\u201d\n]{4,}?(?:다|라|냐|자))"
    + _ENDING
    + r"[ \t]+(?:[^.!?\"\u201c\u201d\s]+[ \t]+){0,2}?("
    + _VERB
    + r")"
)
_SENT_START = re.compile(r"[.!?]\s+")
_PRONOUNS = ("그", "그녀", "그들", "이들")
_CLOSE = '"\u201d\u300d\u300f'
_OPEN = '"\u201c\u300c\u300e'


def is_korean(text: str, sample: int = 4000) -> bool:
    """Mostly Hangul among its letters (the first few thousand characters tell)."""
    head = text[:sample]
    letters = sum(1 for c in head if c.isalpha())
    return letters > 0 and len(_HANGUL.findall(head)) >= 0.3 * letters


@dataclass(frozen=True)
class KoreanQuote:
    content: tuple[int, int]
    kind: str  # direct or indirect
    source: tuple[int, int]  # the speaker's words, without the particle
    cue: tuple[int, int]


def _speaker_before(text: str, start: int, quote_start: int) -> tuple[int, int] | None:
    """The speaker phrase marked by 은/는/이/가 in the sentence before a quote."""
    opening = next((i for i in range(start, quote_start) if text[i] in _OPEN), quote_start)
    seg = text[start:opening]  # never a word inside an earlier quote
    hits = list(_SPEAKER_IN.finditer(seg))
    if not hits:
        return None
    m = hits[-1]
    words = m.group(1).split()
    # keep a name and its title ("교통정책과 김민준 과장"): at most three words
    first = m.start(1) + len(" ".join(words[:-3])) + (1 if len(words) > 3 else 0)
    return start + first, start + m.end(1)


def korean_quotes(text: str, quotes: list[tuple[int, int]], paragraphs: list[tuple[int, int]]) -> list[KoreanQuote]:
    """Direct quotes among ``quotes`` (spans covering their marks) with their speaker and
    verb, then indirect clauses ("…다고 밝혔다") elsewhere in the paragraphs."""
    out: list[KoreanQuote] = []
    taken: list[tuple[int, int]] = []
    following: KoreanQuote | None = None
    for qs, qe in reversed(quotes):
        if text[qe - 1 : qe] not in _CLOSE:
            following = None
            continue
        m = _AFTER.match(text, qe)
        if not m:
            chain = _CHAIN.match(text, qe)
            if chain and following is not None and following.content[0] == chain.end() - 1:
                # "…"며 "…"라고 강조했다: one speaker, one verb for both
                found = KoreanQuote((qs, qe), "direct", following.source, following.cue)
                out.append(found)
                taken.append((qs, chain.end()))
                following = found
            else:
                following = None
            continue
        cue = (m.start(2), m.end(2))
        inside = _SPEAKER_IN.search(text, m.start(1), m.end(1) + 1)
        if inside:
            src: tuple[int, int] | None = (inside.start(1), inside.end(1))
        else:
            sent = max([p for p, _e in paragraphs if p <= qs] + [s.end() for s in _SENT_START.finditer(text, 0, qs)])
            src = _speaker_before(text, sent, qs)
        if src is None:
            following = None
            continue
        following = KoreanQuote((qs, qe), "direct", src, cue)
        out.append(following)
        taken.append((qs, m.end()))
    for ps, pe in paragraphs:
        for m in _INDIRECT.finditer(text, ps, pe):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if any(c in m.group(2) for c in _OPEN):
                continue
            words = m.group(1).split()
            first = m.start(1) + len(" ".join(words[:-3])) + (1 if len(words) > 3 else 0)
            out.append(KoreanQuote((m.start(2), m.end(2)), "indirect", (first, m.end(1)), (m.start(3), m.end(3))))
    out.sort(key=lambda k: k.content)
    return out


_ORG_END = (
    "시",
    "부",
    "청",
    "법원",
    "위원회",
    "당",
    "협회",
    "조합",
    "정부",
    "공사",
    "군",
    "처",
    "은행",
    "대학",
    "연구소",
)
_MEDIA = ("연합뉴스", "통신", "신문", "방송", "일보")


def resolve_korean(name: str, last: str | None) -> str:
    """그는 / 그녀는: the last speaker named."""
    return last if name in _PRONOUNS and last else name


def korean_kind(name: str) -> str:
    if name.endswith(_MEDIA):
        return "media"
    if name.endswith(_ORG_END) and not name.endswith(("장", "씨")):
        return "organization"
    return "person"
