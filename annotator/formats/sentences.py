"""Sentence ends for token-based formats (CoNLL/BIO, WebAnno TSV).

Training tools read one example per sentence and cut long ones (transformers at
512 word pieces), and INCEpTION pages by sentence, so a news paragraph should
not become one sentence. A sentence ends at every line break, and after ``.``,
``!``, ``?`` (and their CJK forms, or an ellipsis), with any closing quotes or
brackets, when the next token starts a sentence: an upper-case letter, a digit,
an opening quote or bracket, or a CJK character. "Mr. Smith" stays together: a
short capitalised word before the full stop marks an abbreviation. The splits
are cosmetic for us (spans may cross them), so a rare wrong one costs nothing.
"""

from __future__ import annotations

__all__ = ["sentence_ends"]

_ENDERS = frozenset(".!?。！？…")
_CLOSERS = frozenset("\"'”’»」』)]")
_OPENERS = frozenset("\"'“‘«「『([")


def _starts_sentence(word: str) -> bool:
    ch = word[0]
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or "\u3040" <= ch <= "\u9fff"


def _abbreviation(word: str) -> bool:
    return len(word) <= 3 and word[:1].isupper() and word.isalpha()


def sentence_ends(text: str, tokens: list[tuple[int, int]]) -> list[bool]:
    """``ends[k]`` is True when a sentence ends after token ``k`` (always for the last)."""
    n = len(tokens)
    ends = [False] * n
    for k in range(n - 1):
        gap = text[tokens[k][1] : tokens[k + 1][0]]
        if "\n" in gap:
            ends[k] = True
            continue
        j = k
        while j > 0 and text[tokens[j][0] : tokens[j][1]] in _CLOSERS:
            j -= 1
        word = text[tokens[j][0] : tokens[j][1]]
        if not word or word[-1] not in _ENDERS:
            continue
        if word == "." and j > 0 and _abbreviation(text[tokens[j - 1][0] : tokens[j - 1][1]]):
            continue
        nxt = text[tokens[k + 1][0] : tokens[k + 1][1]]
        # After a CJK full stop no space is needed; elsewhere a sentence follows a space.
        if (gap or word[-1] in "。！？") and _starts_sentence(nxt):
            ends[k] = True
    if n:
        ends[-1] = True
    return ends
