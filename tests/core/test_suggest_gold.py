"""The suggester against hand-made gold: direct-quote recall/precision, speaker accuracy.

Gold stories are written in a small markup (``tests/data/suggest_stories/*/*.txt``):
``⟦Q1 text⟧`` marks a fragment of span Q1 (a repeated id adds a fragment), and
lines after ``---`` give QUOTE types (direct unless said) and ATTRIBUTION
attributes and links (``A1 source|kind|cue -> Q1 Q2``). ``tests/data/suggest_gold_<set>.jsonl``
is the native-format rendering of them (regenerate with ``python tests/core/test_suggest_gold.py``);
a test keeps the two in step.

"dev" stories were written before and used while writing the rules; "heldout"
stories were written after the rules and not used to change them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.core.suggest.suggester import suggest

DATA = Path(__file__).resolve().parent.parent / "data"
SETS = ("dev", "heldout")
_MARK = re.compile(r"⟦([QA]\d+) ")


def convert(doc_id: str, marked: str) -> dict:
    body, _, meta = marked.partition("\n---\n")
    text, frags, order = [], {}, []
    pos = i = 0
    while i < len(body):
        m = _MARK.match(body, i)
        if m:
            sid = m.group(1)
            close = body.index("⟧", m.end())
            piece = body[m.end() : close]
            frags.setdefault(sid, []).append([pos, pos + len(piece)])
            if sid not in order:
                order.append(sid)
            text.append(piece)
            pos += len(piece)
            i = close + 1
        else:
            text.append(body[i])
            pos += 1
            i += 1
    plain = "".join(text)
    types, attrs, links = {}, {}, []
    for line in meta.strip().splitlines():
        head, _, rest = line.partition(" ")
        if head.startswith("Q"):
            types[head] = rest.strip()
        else:
            left, _, targets = rest.partition("->")
            source, kind, cue = (x.strip() for x in left.split("|"))
            attrs[head] = {"source": source, "source_kind": kind, "cue": cue}
            links += [(head, t) for t in targets.split()]
    spans = []
    for sid in order:
        label = "QUOTE" if sid.startswith("Q") else "ATTRIBUTION"
        a = {"type": types.get(sid, "direct")} if label == "QUOTE" else attrs[sid]
        spans.append(
            {
                "id": sid,
                "label": label,
                "start": frags[sid][0][0],
                "end": frags[sid][-1][1],
                "fragments": frags[sid],
                "text": " ".join(plain[s:e] for s, e in frags[sid]),
                "attributes": a,
            }
        )
    rels = [{"id": f"r{n}", "type": "attributes", "from": a, "to": q} for n, (a, q) in enumerate(links, 1)]
    title = plain.split("\n", 1)[0]
    return {"id": doc_id, "title": title, "text": plain, "spans": spans, "relations": rels}


def rendered(which: str) -> list[dict]:
    folder = DATA / "suggest_stories" / which
    return [convert(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def load_gold(which: str) -> list[dict]:
    """A tiny native-JSONL reader: one story per line."""
    path = DATA / f"suggest_gold_{which}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(stories: list[dict]) -> dict:
    gold_n = pred_n = hit = speaker_ok = speaker_n = 0
    for story in stories:
        text = story["text"]
        gold = {s["id"]: s for s in story["spans"]}
        gold_src = {r["to"]: gold[r["from"]]["attributes"]["source"] for r in story["relations"]}
        gdirect = {
            tuple(map(tuple, s["fragments"])): s
            for s in gold.values()
            if s["label"] == "QUOTE" and s["attributes"]["type"] == "direct"
        }
        sugs = suggest(text)
        src_of = {q: s.attributes["source"] for s in sugs if s.label == "ATTRIBUTION" for q in s.links}
        pdirect = [s for s in sugs if s.label == "QUOTE" and s.attributes.get("type") == "direct"]
        gold_n += len(gdirect)
        pred_n += len(pdirect)
        for p in pdirect:
            g = gdirect.get(p.fragments)
            if g is None:
                continue
            hit += 1
            if g["id"] in gold_src:
                speaker_n += 1
                speaker_ok += src_of.get(p.id, "").casefold() == gold_src[g["id"]].casefold()
    return {
        "gold": gold_n,
        "predicted": pred_n,
        "matched": hit,
        "recall": hit / gold_n if gold_n else 0.0,
        "precision": hit / pred_n if pred_n else 0.0,
        "speaker_accuracy": speaker_ok / speaker_n if speaker_n else 0.0,
    }


@pytest.mark.parametrize("which", SETS)
def test_gold_jsonl_matches_marked_stories(which):
    gold = load_gold(which)
    assert gold == rendered(which)
    for story in gold:
        for span in story["spans"]:
            assert " ".join(story["text"][s:e] for s, e in span["fragments"]) == span["text"]


def test_targets_on_all_gold_stories():
    scores = evaluate(load_gold("dev") + load_gold("heldout"))
    assert scores["recall"] >= 0.95, scores
    assert scores["precision"] >= 0.90, scores
    assert scores["speaker_accuracy"] >= 0.85, scores


if __name__ == "__main__":
    for which in SETS:
        lines = [json.dumps(s, ensure_ascii=False) for s in rendered(which)]
        (DATA / f"suggest_gold_{which}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(which, evaluate(rendered(which)))
