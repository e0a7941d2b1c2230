"""The rule suggester against PolNeAR (Newell et al., LREC 2018): quotes, speakers, cues.

Run: .venv/bin/python bench/eval_attribution.py --polnear /work/data/PolNeAR --split dev [--errors 10]

PolNeAR is fetched outside the repository (github networkdynamics/PolNeAR); its texts are
publishers' articles and never enter it. Tune on train and dev only: the script refuses
the test split. Each text is imported through the project's own story reader, then
suggested on; where a text has several annotators' ``.ann`` files the first by name is gold.

Definitions (the issue's):
- a gold *direct* quote is an attribution Content with >= 50% of its non-space characters
  inside double quotation marks;
- a suggestion *matches* a gold Content when their overlap covers >= 50% of the gold
  span's non-space characters; *exact* when the outer bounds agree after stripping
  quotation marks, spaces and punctuation;
- a QUOTE is judged together with the QUOTEs linked to the same ATTRIBUTION (PolNeAR gives
  one Content per attribution where we link one ATTRIBUTION to 'A,' she said. 'B.'), as
  long as the QUOTE itself overlaps the gold Content; figures for each QUOTE alone follow;
- recall: gold direct quotes matched by a suggested QUOTE; precision: suggested
  ``direct`` QUOTEs that match some gold Content;
- speaker: the ATTRIBUTION linked to the matched QUOTE names the gold Source's entity:
  its head word, a name in its appositive, or a name/head in the CoreNLP coreference
  chain of the Source (a gold pronoun counts only through its chain; a suggested source
  that is just a pronoun is wrong); gold quotes without a Source are left out;
- cue: the suggested cue (located inside the ATTRIBUTION) overlaps the gold Cue;
- all attributions: every gold Content vs every suggested QUOTE, same match rule, F1;
- nouns as cues: suggested cues whose first token CoreNLP tags NN*.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.core.suggest.suggester import Suggestion, suggest  # noqa: E402
from annotator.stories import read_story_file  # noqa: E402

Frags = list[tuple[int, int]]
_PRONOUNS = {"he", "she", "it", "they", "i", "we", "you", "him", "her", "them", "us", "me", "his", "its", "their"}
_DOUBLE = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c"}
_STRIP = " \t\n\"'\u201c\u201d\u2018\u2019.,;:!?\u2014\u2013-()"


@dataclass
class GoldAttr:
    content: Frags
    cue: Frags
    source: Frags
    direct: bool = False
    names: set[str] = field(default_factory=set)  # accepted words for the speaker
    pronoun_only: bool = False


@dataclass
class Token:
    start: int
    end: int
    word: str
    pos: str


@dataclass
class Parse:
    tokens: list[Token]
    chains: list[list[tuple[int, int, int, bool]]]  # (start, end, head char start, representative)


def _frags(spec: str) -> Frags:
    return [(int(a), int(b)) for a, b in (p.split() for p in spec.split(";"))]


def read_ann(path: Path) -> list[GoldAttr]:
    spans: dict[str, Frags] = {}
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2 and " " in parts[1]:
            try:
                spans[parts[0]] = _frags(parts[1].split(" ", 1)[1])
            except ValueError:
                continue  # a malformed line in the corpus: the attribution using it is left out
    for line in lines:
        if not line.startswith("E"):
            continue
        fields = line.split("\t")
        args = dict(a.split(":", 1) for a in fields[1].split() if ":" in a) if len(fields) > 1 else {}
        if args.get("Content") not in spans:
            continue
        out.append(
            GoldAttr(
                content=spans[args["Content"]],
                cue=spans.get(args.get("Cue", ""), []),
                source=spans.get(args.get("Source", ""), []),
            )
        )
    return out


def read_parse(path: Path) -> Parse:
    root = ET.parse(path).getroot()
    sent_tokens: dict[str, list[Token]] = {}
    tokens = []
    for sent in root.iter("sentence"):
        toks = []
        for t in sent.iter("token"):
            tok = Token(
                int(t.findtext("CharacterOffsetBegin") or 0),
                int(t.findtext("CharacterOffsetEnd") or 0),
                t.findtext("word") or "",
                t.findtext("POS") or "",
            )
            toks.append(tok)
        if toks:
            sent_tokens[sent.get("id") or ""] = toks
            tokens += toks
    chains = []
    outer = root.find("document/coreference")
    for chain in outer if outer is not None else []:
        ms = []
        for m in chain.iter("mention"):
            toks = sent_tokens.get(m.findtext("sentence") or "", [])
            s, e, h = (int(m.findtext(k) or 1) - 1 for k in ("start", "end", "head"))
            if toks and 0 <= s < e <= len(toks) and 0 <= h < len(toks):
                ms.append((toks[s].start, toks[e - 1].end, toks[h].start, m.get("representative") == "true"))
        chains.append(ms)
    return Parse(tokens, chains)


def quoted_mask(text: str) -> bytearray:
    """1 for characters inside double quotation marks (marks included), paragraph by paragraph."""
    mask = bytearray(len(text))
    for m in re.finditer(r"[^\n]+", text):
        i, end = m.start(), m.end()
        while i < end:
            c = text[i]
            if c in _DOUBLE:
                close = _DOUBLE[c] + ('"' if c == '"' else "\u201d")
                j = next((k for k in range(i + 1, end) if text[k] in close), -1)
                if j < 0:
                    j = end - 1
                mask[i : j + 1] = b"\x01" * (j + 1 - i)
                i = j + 1
            else:
                i += 1
    return mask


def nonspace(text: str, frags: Frags) -> set[int]:
    return {i for s, e in frags for i in range(s, e) if not text[i].isspace()}


def _words(s: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[\w'\u2019.-]+", s) if w.strip(".-")]


def speaker_names(text: str, g: GoldAttr, parse: Parse) -> None:
    """Accepted words for a gold Source: its head, appositive names, its coref chain's names."""
    if not g.source:
        return
    s0, e0 = g.source[0][0], g.source[-1][1]
    toks = [t for t in parse.tokens if s0 <= t.start and t.end <= e0]
    src_words = _words(text[s0:e0])
    is_pronoun = (
        len(src_words) == 1 and src_words[0] in _PRONOUNS or (toks and all(t.pos.startswith("PRP") for t in toks))
    )
    names: set[str] = set()
    if not is_pronoun:
        # head: the last noun before a preposition, comma, 'who' or 'that'
        head = None
        for t in toks:
            if t.word in (",", "who", "that", "which") or t.pos == "IN":
                if head is not None:
                    break
                continue
            if t.pos.startswith("NN"):
                head = t
        if head is not None:
            names.add(head.word.casefold())
        names |= {t.word.casefold() for t in toks if t.pos == "NNP"}
        if not toks:
            names |= set(src_words[-1:])
    for chain in parse.chains:
        if any(ms < e0 and s0 < me for ms, me, _h, _r in chain):
            for ms, me, h, _rep in chain:
                htok = next((t for t in parse.tokens if t.start == h), None)
                if htok is None or htok.pos.startswith("PRP") or htok.word.casefold() in _PRONOUNS:
                    continue
                if htok.pos.startswith("NNP") or not is_pronoun or _rep:
                    names.add(htok.word.casefold())
                names |= {t.word.casefold() for t in parse.tokens if ms <= t.start < me and t.pos == "NNP"}
    g.names = {n for n in names if n not in _PRONOUNS and n not in ("'s", "\u2019s")}
    g.pronoun_only = is_pronoun and not g.names


def overlap(a: set[int], b: set[int]) -> int:
    return len(a & b)


def _bounds(text: str, frags: Frags) -> tuple[int, int]:
    s, e = frags[0][0], frags[-1][1]
    while s < e and text[s] in _STRIP:
        s += 1
    while e > s and text[e - 1] in _STRIP:
        e -= 1
    return s, e


def _cue_span(text: str, attr: Suggestion) -> tuple[int, int] | None:
    s, e = attr.fragments[0][0], attr.fragments[-1][1]
    cue = str(attr.attributes.get("cue", ""))
    if not cue:
        return None
    i = text.rfind(cue, s, e)
    if i < 0:
        i = text.lower().rfind(cue.lower(), s, e)
    return (i, i + len(cue)) if i >= 0 else None


def _source_ok(source: str, g: GoldAttr) -> bool:
    words = [re.sub(r"['\u2019]s$", "", w) for w in _words(source)]
    if not words or all(w in _PRONOUNS for w in words):
        return False
    return any(w in g.names or w.rstrip("'s\u2019") in g.names for w in words)


def _cue_lemma(text: str, g: GoldAttr) -> str:
    if not g.cue:
        return "none"
    words = _words(" ".join(text[s:e] for s, e in g.cue))
    skip = {"has", "have", "had", "was", "were", "is", "are", "also", "will", "would", "to", "be", "been", "not"}
    words = [w for w in words if w not in skip] or words
    return (words[0] if words else "punct").rstrip("s") if len(words) < 3 else " ".join(words[:2])


class Tally:
    def __init__(self) -> None:
        self.c: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.examples: dict[str, str] = {}

    def err(self, cls: str, example: str) -> None:
        self.errors[cls] += 1
        self.examples.setdefault(cls, example.replace("\n", " ")[:160])


def evaluate_story(text: str, gold: list[GoldAttr], parse: Parse, t: Tally) -> None:
    mask = quoted_mask(text)
    sugs = suggest(text)
    quotes = [s for s in sugs if s.label == "QUOTE"]
    attr_of: dict[str, Suggestion] = {}  # a QUOTE's most confident ATTRIBUTION (not the agency of a chain)
    for s in sugs:
        if s.label == "ATTRIBUTION":
            for q in s.links:
                if q not in attr_of or s.confidence > attr_of[q].confidence:
                    attr_of[q] = s
    qset = {q.id: nonspace(text, list(q.fragments)) for q in quotes}
    # One PolNeAR attribution has one Content; ours links one ATTRIBUTION to several QUOTEs
    # ("A," she said. "B."), so a QUOTE is judged together with the QUOTEs linked with it.
    group: dict[str, set[int]] = {}
    members: dict[str, list[Suggestion]] = {q.id: [q] for q in quotes}
    by_id = {q.id: q for q in quotes}
    for a in sugs:
        if a.label == "ATTRIBUTION":
            union = set().union(*(qset[q] for q in a.links if q in qset))
            for q in a.links:
                group[q] = union
                members[q] = [by_id[x] for x in a.links if x in by_id]
    gset_of = {q.id: group.get(q.id, qset[q.id]) for q in quotes}
    gsets = []
    for g in gold:
        ns = nonspace(text, g.content)
        g.direct = bool(ns) and sum(mask[i] for i in ns) >= 0.5 * len(ns)
        speaker_names(text, g, parse)
        gsets.append(ns)
    pos_at = {tok.start: tok for tok in parse.tokens}
    # all attributions
    t.c["all_gold"] += len(gold)
    t.c["all_pred"] += len(quotes)
    for g, gs in zip(gold, gsets, strict=True):
        hit = [q for q in quotes if gs and overlap(qset[q.id], gs) and overlap(gset_of[q.id], gs) >= 0.5 * len(gs)]
        single = [q for q in quotes if gs and overlap(qset[q.id], gs) >= 0.5 * len(gs)]
        if g.direct and single:
            t.c["dq_single_found"] += 1
        if hit:
            t.c["all_found"] += 1
        if g.direct:
            t.c["dq_gold"] += 1
            if not hit:
                t.err("direct quote missed", text[g.content[0][0] : g.content[-1][1]])
                continue
            q = max(hit, key=lambda q: overlap(qset[q.id], gs))
            t.c["dq_found"] += 1
            near = [m for m in members[q.id] if overlap(qset[m.id], gs)]
            outer = [(min(m.fragments[0][0] for m in near), max(m.fragments[-1][1] for m in near))]
            if _bounds(text, outer) == _bounds(text, g.content):
                t.c["dq_exact_found"] += 1
            if q.attributes.get("type") != "direct":
                t.c["dq_typed_" + str(q.attributes.get("type"))] += 1  # mostly "that X was 'a con'": mixed is right
            a = attr_of.get(q.id)
            ctx = text[max(0, g.content[0][0] - 60) : g.content[-1][1] + 60]
            if g.source and not g.pronoun_only:
                t.c["spk_n"] += 1
                if a is None:
                    t.err("speaker: quote without attribution", ctx)
                elif _source_ok(str(a.attributes.get("source", "")), g):
                    t.c["spk_ok"] += 1
                else:
                    src = str(a.attributes.get("source", ""))
                    gsrc = " ".join(text[s:e] for s, e in g.source)
                    cls = (
                        "speaker: pronoun left"
                        if _words(src) and re.sub(r"['\u2019]s$", "", _words(src)[0]) in _PRONOUNS
                        else "speaker: wrong"
                    )
                    if _words(gsrc) and _words(gsrc)[-1] in _PRONOUNS:
                        cls += " (gold pronoun)"
                    t.err(cls, f"{src!r} for gold {gsrc!r}: {ctx}")
            elif g.pronoun_only:
                t.c["spk_unjudged"] += 1
        if hit and g.cue:
            a = next((attr_of[q.id] for q in hit if q.id in attr_of), None)
            key = "dcue" if g.direct else "icue"
            t.c[key + "_n"] += 1
            cs = _cue_span(text, a) if a else None
            gc = set(nonspace(text, g.cue))
            if cs and overlap(nonspace(text, [cs]), gc):
                t.c[key + "_ok"] += 1
            elif g.direct:
                t.err(
                    "cue: missing" if a is None else "cue: wrong",
                    f"{a.attributes.get('cue') if a else None!r} for gold {_cue_lemma(text, g)!r}",
                )
        if not hit and not g.direct:
            t.err(f"attribution missed (cue {_cue_lemma(text, g)})", text[g.content[0][0] : g.content[-1][1]])
    for q in quotes:
        qs = qset[q.id]
        ok = any(gs and overlap(qs, gs) and overlap(gset_of[q.id], gs) >= 0.5 * len(gs) for gs in gsets)
        if q.attributes.get("type") == "direct" and any(gs and overlap(qs, gs) >= 0.5 * len(gs) for gs in gsets):
            t.c["dq_single_correct"] += 1
        t.c["all_correct"] += ok
        if q.attributes.get("type") == "direct":
            t.c["dq_pred"] += 1
            t.c["dq_correct"] += ok
            near = [m for m in members[q.id] if any(overlap(qset[m.id], gs) and overlap(qs, gs) for gs in gsets)] or [q]
            outer = [(min(m.fragments[0][0] for m in near), max(m.fragments[-1][1] for m in near))]
            exact = any(_bounds(text, outer) == _bounds(text, g.content) for g in gold)
            t.c["dq_exact_correct"] += exact
            if not ok:
                part = any(overlap(qs, gs) for gs in gsets)
                t.err(
                    "spurious direct quote" + (" (part of a gold quote)" if part else ""),
                    text[q.fragments[0][0] : q.fragments[-1][1]],
                )
        elif not ok:
            t.err(f"spurious {q.attributes.get('type')} quote", text[q.fragments[0][0] : q.fragments[-1][1]])
    for a in sugs:
        if a.label != "ATTRIBUTION":
            continue
        cs = _cue_span(text, a)
        if cs is None:
            continue
        tok = next((pos_at[i] for i in range(cs[0], cs[1]) if i in pos_at), None)
        t.c["cues"] += 1
        if tok is not None and tok.pos.startswith("NN"):
            t.c["noun_cues"] += 1
            t.err(f"noun as cue ({tok.word.lower()})", text[max(0, cs[0] - 50) : cs[1] + 30])


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", required=True, type=Path)
    ap.add_argument("--split", default="dev", choices=("dev", "train"))
    ap.add_argument("--errors", type=int, default=10, help="how many error classes to print")
    ap.add_argument("--examples", action="store_true", help="print one example per error class")
    args = ap.parse_args(argv)
    base = args.polnear / "data" / args.split
    if not (base / "text").is_dir():
        print(f"{base}/text: not found; is --polnear the PolNeAR checkout?", file=sys.stderr)
        return 2
    t = Tally()
    texts = []
    for path in sorted((base / "text").glob("*.txt")):
        anns = sorted((base / "attributions").glob(path.stem + "_*.ann"))
        xml = base / "corenlp" / (path.name + ".xml")
        if not anns or not xml.exists():
            continue
        text = read_story_file(path)[0].text
        gold = read_ann(anns[0])
        for g in gold:
            for s, e in g.content + g.cue + g.source:
                if e > len(text):
                    raise SystemExit(f"{anns[0].name}: span {s}-{e} is past the end of the imported text")
        evaluate_story(text, gold, read_parse(xml), t)
        texts.append(text)
        t.c["stories"] += 1
    c = t.c
    print(
        f"PolNeAR {args.split}: {c['stories']} stories, {c['all_gold']} gold attributions, {c['dq_gold']} direct quotes"
    )
    r, p = _ratio(c["dq_found"], c["dq_gold"]), _ratio(c["dq_correct"], c["dq_pred"])
    print(
        f"direct quotes (overlap >= 50% of gold): recall {r:.3f}  precision {p:.3f}  "
        f"({c['dq_found']}/{c['dq_gold']}, {c['dq_correct']}/{c['dq_pred']})"
    )
    sr, sp = _ratio(c["dq_single_found"], c["dq_gold"]), _ratio(c["dq_single_correct"], c["dq_pred"])
    print(f"  (each QUOTE alone, not with those linked to the same ATTRIBUTION: recall {sr:.3f}  precision {sp:.3f})")
    er, ep = _ratio(c["dq_exact_found"], c["dq_gold"]), _ratio(c["dq_exact_correct"], c["dq_pred"])
    print(f"direct quotes (exact bounds):          recall {er:.3f}  precision {ep:.3f}")
    print(
        f"speaker accuracy on matched direct quotes: {_ratio(c['spk_ok'], c['spk_n']):.3f} "
        f"({c['spk_ok']}/{c['spk_n']}; {c['spk_unjudged']} with an unresolvable gold pronoun left out)"
    )
    print(
        f"cue accuracy: direct {_ratio(c['dcue_ok'], c['dcue_n']):.3f} ({c['dcue_ok']}/{c['dcue_n']}), "
        f"all matched {_ratio(c['dcue_ok'] + c['icue_ok'], c['dcue_n'] + c['icue_n']):.3f}"
    )
    ar, ap_ = _ratio(c["all_found"], c["all_gold"]), _ratio(c["all_correct"], c["all_pred"])
    f1 = 2 * ar * ap_ / (ar + ap_) if ar + ap_ else 0.0
    print(f"all attributions (overlap): recall {ar:.3f}  precision {ap_:.3f}  F1 {f1:.3f}")
    print(
        f"  (matched gold direct quotes typed mixed: {c['dq_typed_mixed']}, indirect: {c['dq_typed_indirect']};"
        " the 50% rule calls many mixed quotes direct)"
    )
    print(f"nouns used as cues: {c['noun_cues']} of {c['cues']} suggested cues")
    story = _long_story(texts)
    suggest(story)
    runs = []
    for _ in range(15):
        t0 = time.perf_counter()
        suggest(story)
        runs.append(time.perf_counter() - t0)
    print(
        f"speed: {len(story.split())}-word story, median {statistics.median(runs) * 1000:.1f} ms, "
        f"best {min(runs) * 1000:.1f} ms (target < 50 ms; the machine is shared, compare within one run)"
    )
    print(f"most common remaining error classes (top {args.errors}):")
    for cls, n in t.errors.most_common(args.errors):
        print(f"  {n:5d}  {cls}" + (f"\n         e.g. {t.examples[cls]}" if args.examples else ""))
    return 0


def _long_story(texts: list[str], words: int = 5000) -> str:
    parts, n = [], 0
    while n < words and texts:
        parts.append(texts[len(parts) % len(texts)])
        n += len(parts[-1].split())
    return " ".join("\n\n".join(parts).split(" ")[:words])


if __name__ == "__main__":
    raise SystemExit(main())
