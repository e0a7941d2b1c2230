"""The learned recommender on PolNeAR: train on its train split, score on dev.

Imports data/train's and data/dev's texts and .ann files through the project's own
brat import (one annotation per article: the first annotator's), trains on 25 / 50 /
100 / 200 / all training articles (a fixed shuffle, each set inside the next), and
prints per label span overlap F1 (a suggestion matches a gold span when it covers at
least half of it) and exact F1, link accuracy (SOURCE -> CONTENT pairs: joined by a
link or by a shared attribution trigger, both ends matched), training time,
suggestion time per 1,000 words and for a 5,000-word story, and the model file
size; draws the learning curve into a PNG (outside the repository by default).
PolNeAR's test split is never read.

Run: python bench/eval_learning.py --polnear /work/data/PolNeAR [--sizes 25,50,100,200,all]
     [--learners crf,perceptron] [--plot /tmp/learning_curve.png] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.core.learn.data import LabelScore, TrainingStory, score_spans, span_matching  # noqa: E402
from annotator.core.learn.features import word_count  # noqa: E402
from annotator.learn import Recommender, load_model, save_model, train_recommender  # noqa: E402
from annotator.store import open_project  # noqa: E402
from annotator.workflows.exchange import import_files  # noqa: E402
from annotator.workflows.learning import training_stories  # noqa: E402

MAIN = ("Source", "Cue", "Content")
TARGETS = {"Content": 0.80, "Source": 0.80, "Cue": 0.90}
ANNOTATOR = "polnear"


def stage(split: Path, dest: Path) -> int:
    """brat pairs <article>.txt + <article>.ann, the first annotation of each article."""
    dest.mkdir(parents=True)
    seen: set[str] = set()
    for ann in sorted((split / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        txt = split / "text" / f"{stem}.txt"
        if stem in seen or not txt.is_file():
            continue
        seen.add(stem)
        shutil.copy(txt, dest / f"{stem}.txt")
        shutil.copy(ann, dest / f"{stem}.ann")
    return len(seen)


def load_split(polnear: Path, split: str, work: Path) -> tuple[list[TrainingStory], object]:
    assert split != "test", "PolNeAR's test split is never used"
    folder = work / f"{split}-brat"
    n = stage(polnear / "data" / split, folder)
    with open_project(work / f"{split}.annotator") as repo:
        summary = import_files(repo, [folder], annotator=ANNOTATOR)
        refused = summary.refused
        if refused:
            sys.exit(f"the brat import refused {split}: {refused[0][1]}")
        stories = training_stories(repo, ANNOTATOR)
        schema = repo.schema()
    print(f"{split}: {n} articles staged, {len(stories)} stories, {sum(len(s.spans) for s in stories)} spans imported")
    return stories, schema


def pairs(spans: dict[str, tuple[str, tuple]], links: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """(source key, content key): linked directly or through a common span (the trigger)."""
    label = {k: lb for k, (lb, _) in spans.items()}
    near: dict[str, set[str]] = defaultdict(set)
    out = set()
    for _, a, b in links:
        near[a].add(b)
        near[b].add(a)
        if label.get(a) == "Source" and label.get(b) == "Content":
            out.add((a, b))
    for hub, others in near.items():
        for s in others:
            for c in others:
                if label.get(s) == "Source" and label.get(c) == "Content" and hub not in (s, c):
                    out.add((s, c))
    return out


def evaluate(model: Recommender, dev: list[TrainingStory]) -> dict:
    per_label: dict[str, LabelScore] = defaultdict(LabelScore)
    gold_pairs = pred_pairs = pair_hits = findable = findable_hits = 0
    words = 0
    seconds = 0.0
    for st in dev:
        t0 = time.perf_counter()
        sugs = model.suggest(st.text)
        seconds += time.perf_counter() - t0
        words += word_count(st.text)
        for label, sc in score_spans(
            [(lb, fr) for _, lb, fr in st.spans], [(s.label, s.fragments) for s in sugs]
        ).items():
            per_label[label].add(sc)
        gold = {k: (lb, fr) for k, lb, fr in st.spans}
        pred = {s.id: (s.label, s.fragments) for s in sugs}
        g_pairs = pairs(gold, st.links)
        p_pairs = pairs(pred, [(t, s.id, b) for s in sugs for b, t in zip(s.links, s.link_types, strict=True)])
        to_pred = span_matching(gold, pred)
        gold_pairs += len(g_pairs)
        pred_pairs += len(p_pairs)
        for s, c in g_pairs:
            hit = (to_pred.get(s), to_pred.get(c)) in p_pairs
            pair_hits += hit
            if s in to_pred and c in to_pred:
                findable += 1
                findable_hits += hit
    return {
        "labels": {
            k: v.as_dict() | {"p": round(v.overlap_precision, 4), "r": round(v.overlap_recall, 4)}
            for k, v in sorted(per_label.items())
        },
        "links": {
            "gold": gold_pairs,
            "predicted": pred_pairs,
            "f1": round(2 * pair_hits / (gold_pairs + pred_pairs), 4) if gold_pairs + pred_pairs else 0.0,
            "recall": round(pair_hits / gold_pairs, 4) if gold_pairs else 0.0,
            "accuracy_when_both_found": round(findable_hits / findable, 4) if findable else 0.0,
        },
        "ms_per_1000_words": round(1000 * seconds / words * 1000, 1),
    }


def long_story_ms(model: Recommender, dev: list[TrainingStory], words: int = 5000) -> tuple[int, float, float]:
    """(words, wall ms, CPU ms): CPU time is what a shared machine's load does not inflate."""
    parts, n = [], 0
    for st in dev:
        if n >= words:
            break
        parts.append(st.text)
        n += word_count(st.text)
    text = "\n\n".join(parts)
    wall, cpu = [], []
    for _ in range(5):
        t0, c0 = time.perf_counter(), time.process_time()
        model.suggest(text)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return word_count(text), 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def plot(results: list[dict], path: Path) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])
    w, h, left, right, top, bottom = 940, 560, 80, 210, 50, 70
    img = QImage(w, h, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(QFont("DejaVu Sans", 10))
    plot_w, plot_h = w - left - right, h - top - bottom
    sizes = sorted({r["articles"] for r in results})
    xs = {n: left + plot_w * k / max(len(sizes) - 1, 1) for k, n in enumerate(sizes)}

    def y(v: float) -> float:
        return top + plot_h * (1 - v)

    p.setPen(QPen(QColor("#cccccc"), 1))
    for k in range(11):
        p.drawLine(QPointF(left, y(k / 10)), QPointF(left + plot_w, y(k / 10)))
    p.setPen(QPen(QColor("black"), 1))
    for k in range(0, 11, 2):
        p.drawText(QRectF(left - 50, y(k / 10) - 8, 40, 16), Qt.AlignmentFlag.AlignRight, f"{k / 10:.1f}")
    for n, x in xs.items():
        p.drawText(QRectF(x - 40, top + plot_h + 8, 80, 16), Qt.AlignmentFlag.AlignCenter, str(n))
    p.drawText(
        QRectF(left, h - 30, plot_w, 20),
        Qt.AlignmentFlag.AlignCenter,
        "training articles (PolNeAR train), scored on dev",
    )
    p.drawText(
        QRectF(0, 10, w, 24), Qt.AlignmentFlag.AlignCenter, "Learned recommender: overlap F1 by label, link accuracy"
    )
    colours = {"Source": "#e0607e", "Cue": "#9b6ddf", "Content": "#4aa3df", "links": "#444444"}
    learners = sorted({r["learner"] for r in results})
    legend_y = top
    for learner in learners:
        rows = sorted((r for r in results if r["learner"] == learner), key=lambda r: r["articles"])
        for name, colour in colours.items():
            pts = [
                QPointF(xs[r["articles"]], y(r["links"]["f1"] if name == "links" else r["labels"][name]["overlap_f1"]))
                for r in rows
            ]
            pen = QPen(QColor(colour), 2.5, Qt.PenStyle.SolidLine if learner == "crf" else Qt.PenStyle.DashLine)
            p.setPen(pen)
            for a, b in zip(pts, pts[1:], strict=False):
                p.drawLine(a, b)
            for pt in pts:
                p.drawEllipse(pt, 3.5, 3.5)
            p.drawLine(QPointF(w - right + 15, legend_y + 8), QPointF(w - right + 45, legend_y + 8))
            p.setPen(QPen(QColor("black")))
            label = "link F1" if name == "links" else name
            p.drawText(QRectF(w - right + 52, legend_y, 160, 16), Qt.AlignmentFlag.AlignLeft, f"{label} ({learner})")
            legend_y += 20
    p.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DotLine))
    for target in TARGETS.values():
        p.drawLine(QPointF(left, y(target)), QPointF(left + plot_w, y(target)))
    p.end()
    img.save(str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, required=True, help="PolNeAR checkout (with data/train and data/dev)")
    ap.add_argument("--sizes", default="25,50,100,200,all")
    ap.add_argument("--learners", default="crf", help="comma-separated: crf, perceptron")
    ap.add_argument("--other-sizes", default="25,50,100,200", help="sizes for learners after the first")
    ap.add_argument("--plot", type=Path, default=Path(tempfile.gettempdir()) / "learning_curve.png")
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="eval-learning-") as tmp:
        work = Path(tmp)
        train, schema = load_split(args.polnear, "train", work)
        dev, _ = load_split(args.polnear, "dev", work)
        order = sorted(train, key=lambda s: s.doc_id)
        random.Random(2016).shuffle(order)
        sizes = [len(order) if s == "all" else min(int(s), len(order)) for s in args.sizes.split(",")]
        results = []
        other = [min(int(s), len(order)) for s in args.other_sizes.split(",")]
        for k, learner in enumerate(args.learners.split(",")):
            for n in sizes if k == 0 else other:
                t0, c0 = time.monotonic(), time.process_time()
                model = train_recommender(order[:n], schema, name=f"polnear-{n}", learner=learner, holdout=0)
                train_s, train_cpu = time.monotonic() - t0, time.process_time() - c0
                res = evaluate(model, dev)
                path = save_model(model, work / f"m-{learner}-{n}.annotator-model")
                res.update(
                    learner=learner,
                    articles=n,
                    train_seconds=round(train_s, 1),
                    train_cpu_seconds=round(train_cpu, 1),
                    model_mb=round(path.stat().st_size / 2**20, 2),
                    load_average=round(os.getloadavg()[0], 1),
                )
                if n == sizes[-1] and k == 0:
                    reloaded = load_model(path)
                    res["long_story_words"], res["long_story_ms"], res["long_story_cpu_ms"] = long_story_ms(
                        reloaded, dev
                    )
                results.append(res)
                _print(res)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        plot(results, args.plot)
        print(f"learning curve: {args.plot}")
        best = [r for r in results if r["learner"] == args.learners.split(",")[0]][-1]
        print(f"\ntargets with all training articles ({best['learner']}):")
        for name, target in TARGETS.items():
            got = best["labels"][name]["overlap_f1"]
            print(f"  {name:8} overlap F1 {got:.3f}  target >= {target:.2f}  {'met' if got >= target else 'NOT met'}")
        print(
            f"  training {best['train_seconds']:.0f} s wall, {best['train_cpu_seconds']:.0f} s CPU "
            f"(target < 600 s; load average {best['load_average']} on 2 cores)"
        )
        if "long_story_ms" in best:
            print(
                f"  {best['long_story_words']}-word story {best['long_story_ms']:.0f} ms wall, "
                f"{best['long_story_cpu_ms']:.0f} ms CPU (target < 200 ms)"
            )
        print(f"  model file {best['model_mb']} MB (target < 50 MB)")


def _print(r: dict) -> None:
    print(
        f"\n{r['learner']} on {r['articles']} articles: trained in {r['train_seconds']} s "
        f"({r['train_cpu_seconds']} s CPU) "
        f"(load {r['load_average']}), model {r['model_mb']} MB, {r['ms_per_1000_words']} ms per 1,000 words"
    )
    print(f"  {'label':24} {'gold':>6} {'pred':>6} {'P':>6} {'R':>6} {'overlap F1':>11} {'exact F1':>9}")
    for name, sc in r["labels"].items():
        print(
            f"  {name:24} {sc['gold']:6} {sc['predicted']:6} {sc['p']:6.3f} {sc['r']:6.3f} "
            f"{sc['overlap_f1']:11.3f} {sc['exact_f1']:9.3f}"
        )
    lk = r["links"]
    print(
        f"  SOURCE->CONTENT links: gold {lk['gold']}, suggested {lk['predicted']}, F1 {lk['f1']:.3f}, "
        f"recall {lk['recall']:.3f}, accuracy where both spans were found {lk['accuracy_when_both_found']:.3f}"
    )


if __name__ == "__main__":
    main()
