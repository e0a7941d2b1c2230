"""Agreement speed: 1,000 stories × 3 annotators × 100 spans each (target: under 5 s).

Prints the time of the pure computation (core) and of the same work read from a
project file (workflow: SQL reads included). Run:
    .venv/bin/python bench/bench_agreement.py [--stories N] [--no-project]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from annotator.core.agreement import Layer, StoryLayers, project_agreement
from annotator.core.model import Document, Span
from annotator.core.text import text_hash
from annotator.core.tokens import token_spans

WORDS = "the mayor said police would reopen road bridge on monday critics called it late".split()
LABELS = ("CLAIM", "QUOTE", "ATTRIBUTION")


def make_story(rng: random.Random, i: int, annotators: int, spans: int) -> tuple[Document, list[Layer]]:
    text = " ".join(rng.choice(WORDS) for _ in range(spans * 8)) + "."
    doc = Document(f"s{i:05d}", f"Story {i}", text, text_hash(text))
    toks = token_spans(text)
    # A shared reading that each annotator follows closely but not exactly.
    base = []
    for k in range(spans):
        t0 = k * 8 + rng.randint(0, 2)
        t1 = min(len(toks) - 1, t0 + rng.randint(1, 5))
        base.append((rng.choice(LABELS), toks[t0][0], toks[t1][1]))
    layers = []
    for a in range(annotators):
        who = f"ann{a + 1}"
        out = []
        for label, s, e in base:
            r = rng.random()
            if r < 0.08:
                label = rng.choice(LABELS)
            elif r < 0.2:
                e = max(s + 1, e - rng.randint(1, 3))
            out.append(Span.create(doc, label, [(s, e)], annotator=who))
        layers.append(Layer(who, out))
    return doc, layers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--annotators", type=int, default=3)
    ap.add_argument("--spans", type=int, default=100)
    ap.add_argument("--no-project", action="store_true", help="skip the project-file run")
    args = ap.parse_args()
    rng = random.Random(7)
    made = [make_story(rng, i, args.annotators, args.spans) for i in range(args.stories)]
    stories = [StoryLayers(d.id, d.text, layers, d.title) for d, layers in made]
    n_spans = sum(len(layer.spans) for s in stories for layer in s.layers)
    n_tokens = sum(len(token_spans(s.text)) for s in stories)
    t0 = time.perf_counter()
    result = project_agreement(stories)
    core = time.perf_counter() - t0
    p = result.overall.pairs[0]
    print(f"{args.stories} stories, {args.annotators} annotators, {n_spans} spans, {n_tokens} tokens")
    print(
        f"core agreement:     {core:6.2f} s   (F1 exact {p.span_f1_exact:.3f}, overlap "
        f"{p.span_f1_overlap:.3f}, kappa {p.token_kappa:.3f}, alpha {result.overall.alpha:.3f})"
    )
    if args.no_project:
        return
    from annotator.store import open_project
    from annotator.workflows.agreement import compute_agreement

    with tempfile.TemporaryDirectory() as tmp:
        repo = open_project(Path(tmp) / "bench.annotator")
        with repo.transaction():
            repo.add_documents([d for d, _ in made])
            repo.add_annotations(s for _, layers in made for layer in layers for s in layer.spans)
        t0 = time.perf_counter()
        again = compute_agreement(repo)
        full = time.perf_counter() - t0
        repo.close()
    assert again.overall.pairs[0].span_f1_exact == p.span_f1_exact
    print(f"from project file:  {full:6.2f} s   (reads included)")
    print("target: under 5 s", "— met" if max(core, full) < 5 else "— MISSED")


if __name__ == "__main__":
    main()
