"""Re-anchoring against the truth: random realistic edits of annotated stories.

Each trial takes one of the stories in ``reanchor_stories.py`` with its spans (the
suggester's quotes, attributions and claims with their links, plus random short
phrases such as "said" or "the council", which repeat), applies one to three edits
an edit desk makes, and follows every span through them to where its words truly
are (or to nowhere, when they were deleted). Then ``core.anchoring.anchor_story``
places the spans on the new text and each placement is scored:

  right          placed on exactly its words, not flagged
  noise          placed right but flagged for review (split by the reason given)
  orphaned ok    its words are gone and it was orphaned
  SILENT WRONG   placed anywhere else (or on deleted words) without a flag: target 0
  flagged wrong  placed wrongly, or orphaned although its words are there, but flagged

Deleting a sentence that was pasted twice (in any quote style) is not generated: with the copy left,
"copy, then delete the original" is a move, and no tool can tell the two apart.

Run: .venv/bin/python bench/reanchor.py [--trials 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reanchor_stories import FILLER, STORIES  # noqa: E402

from annotator.core.anchoring import ORPHANED, anchor_story  # noqa: E402
from annotator.core.folding import fold  # noqa: E402
from annotator.core.suggest.suggester import suggest  # noqa: E402

# A piece of an edited text: ("old", a, b) copies original[a:b]; ("new", text, inherit)
# is new text, and inherit is the original range it replaced (a typo fixed, a quote
# mark restyled): inside a span, it stays inside.
Piece = tuple


@dataclass
class Span:
    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]


def render(original: str, pieces: list[Piece]) -> str:
    return "".join(original[p[1] : p[2]] if p[0] == "old" else p[1] for p in pieces)


def slice_pieces(pieces: list[Piece], a: int, b: int) -> list[Piece]:
    """The pieces covering [a, b) of the text ``pieces`` render."""
    out, pos = [], 0
    for p in pieces:
        n = p[2] - p[1] if p[0] == "old" else len(p[1])
        lo, hi = max(a, pos), min(b, pos + n)
        if hi > lo:
            if p[0] == "old":
                out.append(("old", p[1] + lo - pos, p[1] + hi - pos))
            else:
                out.append(("new", p[1][lo - pos : hi - pos], p[2]))
        pos += n
    return out


def compose(first: list[Piece], edit: list[Piece]) -> list[Piece]:
    """original -> t1 (first) and t1 -> t2 (edit, over t1) gives original -> t2."""
    out: list[Piece] = []
    for p in edit:
        if p[0] == "old":
            out.extend(slice_pieces(first, p[1], p[2]))
        else:
            inherit = None
            if p[2] is not None:
                inner = slice_pieces(first, *p[2])
                if len(inner) == 1 and inner[0][0] == "old":
                    inherit = (inner[0][1], inner[0][2])
                elif len(inner) == 1 and inner[0][2] is not None:
                    inherit = inner[0][2]
            out.append(("new", p[1], inherit))
    return out


def truth(pieces: list[Piece], new: str, s: int, e: int) -> tuple[int, int] | None:
    """Where original [s, e) truly is in the edited text, or None if its words are gone."""
    first = last = None
    pos = 0
    for p in pieces:
        if p[0] == "old":
            n = p[2] - p[1]
            lo, hi = max(s, p[1]), min(e, p[2])
            if hi > lo:
                a, b = pos + lo - p[1], pos + hi - p[1]
                first = a if first is None else min(first, a)
                last = b if last is None else max(last, b)
        else:
            n = len(p[1])
            inh = p[2]
            if inh is not None and s <= inh[0] and inh[1] <= e and n:
                first = pos if first is None else min(first, pos)
                last = pos + n if last is None else max(last, pos + n)
        pos += n
    if first is None:
        return None
    while first < last and new[first].isspace():
        first += 1
    while last > first and new[last - 1].isspace():
        last -= 1
    return (first, last) if last > first else None


# -- the text's structure -------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)[”\"’]?(?=\s+[“\"A-Z])")


def paragraphs(t: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for part in t.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return [(s, e) for s, e in out if e > s]


def sentences(t: str) -> list[tuple[int, int]]:
    out = []
    for ps, pe in paragraphs(t):
        start = ps
        for m in _SENTENCE_END.finditer(t, ps, pe):
            out.append((start, m.end()))
            start = m.end()
            while start < pe and t[start].isspace():
                start += 1
        if start < pe:
            out.append((start, pe))
    return out


def keep(t: str, a: int, b: int) -> list[Piece]:
    return [("old", 0, a), ("old", b, len(t))]


def insert(t: str, at: int, text: str) -> list[Piece]:
    return [("old", 0, at), ("new", text, None), ("old", at, len(t))]


def filler(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(FILLER, n))


# -- edits: each returns pieces over the current text ------------------------------------
def insert_paragraph(rng, t, spans):
    paras = paragraphs(t)
    k = rng.randrange(len(paras) + 1)
    body = filler(rng, rng.randint(1, 3))
    if k == len(paras):
        return insert(t, len(t), "\n\n" + body)
    return insert(t, paras[k][0], body + "\n\n")


def _single(t: str, s: int, e: int) -> bool:
    """No sentence inside [s, e) has a pasted copy elsewhere (see the module note)."""
    folded = fold(t).text
    return all(folded.count(fold(t[a:b]).text) == 1 for a, b in sentences(t) if s <= a and b <= e)


def delete_paragraph(rng, t, spans):
    paras = [p for p in paragraphs(t) if _single(t, *p)]
    if len(paragraphs(t)) < 2 or not paras:
        return None
    s, e = rng.choice(paras)
    return keep(t, s, e + 2) if e + 2 <= len(t) else keep(t, s - 2, e)


def insert_sentence(rng, t, spans):
    sents = sentences(t)
    s, _e = rng.choice(sents)
    return insert(t, s, filler(rng, 1) + " ")


def delete_sentence(rng, t, spans):
    sents = [x for x in sentences(t) if _single(t, *x)]
    if not sents:
        return None
    s, e = rng.choice(sents)
    nxt = e
    while nxt < len(t) and t[nxt] == " ":
        nxt += 1
    if nxt > e and nxt < len(t) and t[nxt] != "\n":
        return keep(t, s, nxt)
    prev = s
    while prev > 0 and t[prev - 1] == " ":
        prev -= 1
    if prev < s:
        return keep(t, prev, e)
    return None  # a one-sentence paragraph: delete_paragraph does those


_WORD = re.compile(r"\b[a-z]{5,}\b")


def _typo(rng, t, spans, inside: bool):
    ranges = [f for sp in spans for f in sp]
    words = [m for m in _WORD.finditer(t) if any(s <= m.start() and m.end() <= e for s, e in ranges) == inside]
    if not words:
        return None
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        typo = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    elif kind == 1:
        typo = w[:i] + w[i + 1 :]
    else:
        typo = w[:i] + w[i] + w[i:]
    return [("old", 0, m.start()), ("new", typo, (m.start(), m.end())), ("old", m.end(), len(t))]


def typo_in_span(rng, t, spans):
    return _typo(rng, t, spans, True)


def typo_outside(rng, t, spans):
    return _typo(rng, t, spans, False)


_STRAIGHT = {"“": '"', "”": '"', "‘": "'", "’": "'"}


def restyle(t: str, s: int, e: int) -> list[Piece]:
    """Straighten curly quotes in [s, e), or curl straight double quotes if none."""
    marks = [i for i in range(s, e) if t[i] in _STRAIGHT]
    if marks:
        repl = {i: _STRAIGHT[t[i]] for i in marks}
    else:
        marks = [i for i in range(s, e) if t[i] == '"']
        repl = {i: "“" if k % 2 == 0 else "”" for k, i in enumerate(marks)}
    out: list[Piece] = []
    pos = 0
    for i in marks:
        out += [("old", pos, i), ("new", repl[i], (i, i + 1))]
        pos = i + 1
    return out + [("old", pos, len(t))]


def quote_style(rng, t, spans):
    if rng.random() < 0.3:
        return restyle(t, 0, len(t))
    return restyle(t, *rng.choice(paragraphs(t)))


def duplicate_sentence(rng, t, spans):
    sents = sentences(t)
    k = rng.randrange(len(sents))
    s, e = sents[k]
    if rng.random() < 0.3:  # side by side
        at = e if rng.random() < 0.5 else s
    else:
        at = rng.choice(sents)[0]
    copy = t[s:e]
    return insert(t, at, copy + " ") if at <= s else insert(t, at, " " + copy if at == e else copy + " ")


def paste_restyled(rng, t, spans):
    """Defect 1: the sentence's quotes straightened, a curly copy pasted in the first paragraph."""
    sents = [x for x in sentences(t) if any(ch in t[x[0] : x[1]] for ch in "“”")]
    if not sents:
        return None
    s, e = rng.choice(sents)
    first = paragraphs(t)[0]
    firsts = [x for x in sentences(t) if x[1] <= first[1]]
    at = rng.choice(firsts)[0] if firsts else 0
    if s <= at < e:
        return None
    straight = restyle(t, s, e)
    pieces: list[Piece] = []
    for p in straight:
        if p[0] == "old" and p[1] <= at < p[2]:
            pieces += [("old", p[1], at), ("new", t[s:e] + " ", None), ("old", at, p[2])]
        else:
            pieces.append(p)
    return pieces


def reorder_paragraphs(rng, t, spans):
    paras = paragraphs(t)
    if len(paras) < 3:
        return None
    i, j = sorted(rng.sample(range(len(paras)), 2))
    order = list(range(len(paras)))
    order[i], order[j] = order[j], order[i]
    out: list[Piece] = []
    for n, k in enumerate(order):
        if n:
            out.append(("new", "\n\n", None))
        out.append(("old", *paras[k]))
    return out


EDITS = {
    "insert paragraph": (insert_paragraph, 3),
    "delete paragraph": (delete_paragraph, 2),
    "insert sentence": (insert_sentence, 3),
    "delete sentence": (delete_sentence, 3),
    "typo in a span": (typo_in_span, 3),
    "typo outside spans": (typo_outside, 3),
    "quote style": (quote_style, 2),
    "duplicate sentence": (duplicate_sentence, 3),
    "paste restyled copy": (paste_restyled, 1),
    "reorder paragraphs": (reorder_paragraphs, 2),
}


# -- spans ------------------------------------------------------------------------------
def annotate(text: str, rng: random.Random) -> tuple[list[Span], list[tuple[str, str]]]:
    spans, links = [], []
    for s in suggest(text):
        spans.append(Span(s.id, s.label, tuple(s.fragments)))
        links += [(s.id, target) for target in s.links]
    words = list(re.finditer(r"\S+", text))
    for n in range(6):  # short phrases: they repeat across the story
        k = rng.randrange(len(words) - 3)
        size = rng.choice((1, 1, 2, 3))
        a, b = words[k].start(), words[k + size - 1].end()
        while b > a and not text[b - 1].isalnum():
            b -= 1
        while a < b and not text[a].isalnum():
            a += 1
        if b > a and "\n" not in text[a:b]:
            spans.append(Span(f"p{n}", "PHRASE", ((a, b),)))
    return spans, links


DEBUG = False


def run(trials: int, seed: int) -> int:
    rng = random.Random(seed)
    annotated = [(text, *annotate(text, random.Random(i))) for i, text in enumerate(STORIES)]
    names, weights = list(EDITS), [EDITS[k][1] for k in EDITS]
    score: Counter[str] = Counter()
    noise: Counter[str] = Counter()
    by_edit: dict[str, Counter[str]] = {}
    examples: list[str] = []
    edits_done = 0
    started = time.perf_counter()
    for _trial in range(trials):
        original, spans, links = rng.choice(annotated)
        pieces: list[Piece] = [("old", 0, len(original))]
        kinds = []
        for _ in range(rng.choices((1, 2, 3), (5, 3, 2))[0]):
            current = render(original, pieces)
            here = [[f for f in (truth(pieces, current, s, e) for s, e in sp.fragments) if f] for sp in spans]
            kind = rng.choices(names, weights)[0]
            edit = EDITS[kind][0](rng, current, here)
            if edit is None:
                continue
            pieces = compose(pieces, edit)
            kinds.append(kind)
        if not kinds:
            continue
        edits_done += len(kinds)
        new = render(original, pieces)
        placed = anchor_story(original, new, {sp.id: sp.fragments for sp in spans}, links)
        for sp in spans:
            expected = tuple(f for f in (truth(pieces, new, s, e) for s, e in sp.fragments) if f)
            p = placed[sp.id]
            if p.status == ORPHANED:
                verdict = "orphaned ok" if not expected else "flagged wrong"
            elif p.fragments == expected:
                verdict = "noise" if p.needs_review else "right"
                if p.needs_review:
                    noise[f"{p.status}: {p.reason}"] += 1
            else:
                verdict = "flagged wrong" if p.needs_review else "SILENT WRONG"
            score[verdict] += 1
            for kind in set(kinds):
                by_edit.setdefault(kind, Counter())[verdict] += 1
            if verdict == "SILENT WRONG" and len(examples) < 8:
                got = [(s, new[s:e]) for s, e in p.fragments]
                want = [(s, new[s:e]) for s, e in expected] or "gone"
                examples.append(f"  {'+'.join(kinds)}: {sp.label} {got} ({p.status}) should be {want}")
                if DEBUG:
                    a, b = min(expected[0][0], p.fragments[0][0]) if expected else 0, p.fragments[-1][1]
                    if expected:
                        b = max(b, expected[-1][1])
                    o = sp.fragments[0][0]
                    examples.append(f"    OLD: {original[max(0, o - 150) : sp.fragments[-1][1] + 150]!r}")
                    examples.append(f"    NEW: {new[max(0, a - 150) : b + 150]!r}")
    elapsed = time.perf_counter() - started
    total = sum(score.values())
    print(f"{trials} trials, {edits_done} edits, {total} span placements checked ({elapsed:.1f} s)\n")
    order = ("right", "noise", "orphaned ok", "SILENT WRONG", "flagged wrong")
    for key in order:
        print(f"  {key:<14} {score[key]:>6}  {100 * score[key] / max(total, 1):5.1f}%")
    if noise:
        print("\nnoise by reason:")
        for reason, n in noise.most_common():
            print(f"  {n:>6}  {reason}")
    print("\nby edit (a trial with several edits counts under each):")
    print(f"  {'edit':<22}" + "".join(f"{k:>15}" for k in order))
    for kind in names:
        c = by_edit.get(kind, Counter())
        print(f"  {kind:<22}" + "".join(f"{c[k]:>15}" for k in order))
    if examples:
        print("\nsilently wrong, first few:")
        print("\n".join(examples))
    return 1 if score["SILENT WRONG"] else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    return run(args.trials, args.seed)


if __name__ == "__main__":
    sys.exit(main())
