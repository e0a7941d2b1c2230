"""`annotator-cli stats`: what a project holds."""

from __future__ import annotations

import argparse
import json

from .common import add_project_args, open_repo, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="count stories, spans and links in a project")
    add_project_args(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_repo(args, read_only=True) as repo:
        stats = repo.stats()
        stats["project"] = str(repo.path)
    if args.json:
        out(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    out(f"project    {stats['project']}")
    by_status = ", ".join(f"{n} {s}" for s, n in sorted(stats["stories_by_status"].items()))
    out(f"stories    {stats['stories']}" + (f"  ({by_status})" if by_status else ""))
    out(f"spans      {stats['spans']}")
    for label, n in sorted(stats["spans_by_label"].items()):
        out(f"  {label:<12} {n}")
    out(f"links      {stats['relations']}")
    if stats["spans_by_annotator"]:
        out("annotators")
        for name, n in sorted(stats["spans_by_annotator"].items()):
            out(f"  {name:<12} {n} spans")
    return 0
