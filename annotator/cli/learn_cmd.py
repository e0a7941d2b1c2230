"""`annotator-cli learn`: train a recommender from one annotator's layer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.learn import LearnError
from annotator.workflows.learning import learn_model

from .common import CliError, open_repo, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "learn",
        help="train a model from one annotator's spans and links (for 'suggest --model')",
        description="Train a span and link model from the annotations of --annotator, for whatever labels and "
        "link types the project's schema has, on this computer's CPU. A tenth of the stories (with 10 or more) "
        "is held out to score it; the model file records the schema, the training size and those scores.",
    )
    p.add_argument("--project", type=Path, default=None, help="project file (default: the default project)")
    p.add_argument("--annotator", required=True, help="whose layer to learn from (e.g. gold, or a person)")
    p.add_argument("--output", type=Path, required=True, metavar="MODEL", help="model file to write")
    p.add_argument("--learner", default="crf", choices=("crf", "perceptron"), help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.output.is_dir():
        raise CliError(f"{args.output} is a folder; give a file name for the model")

    def progress(what: str, done: float) -> None:
        if sys.stderr.isatty():
            print(f"\r{done:4.0%} {what[:60]:60}", end="", file=sys.stderr, flush=True)

    with open_repo(args, read_only=True) as repo:
        try:
            model = learn_model(repo, args.annotator, args.output, learner=args.learner, progress=progress)
        except LearnError as exc:
            raise CliError(str(exc)) from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    info = model.info
    tr = info["training"]
    spans = ", ".join(f"{label} {n}" for label, n in tr["spans"].items())
    out(f"trained {args.output} in {tr['seconds']} s from {tr['stories']} stories by {tr['annotator']}: {spans}")
    for note in info.get("notes", []):
        out(f"  {note}")
    scores = info.get("scores") or {}
    if scores:
        out(f"held-out scores on {tr['held_out_stories']} stories (overlap F1 / exact F1):")
        for label, sc in scores["labels"].items():
            out(f"  {label:20} {sc['overlap_f1']:.3f} / {sc['exact_f1']:.3f}  ({sc['gold']} gold spans)")
        if "links" in scores:
            out(f"  links F1 {scores['links']['f1']:.3f} ({scores['links']['gold']} gold links)")
    else:
        out("no held-out scores: fewer than 10 annotated stories (all were used for training)")
    return 0
