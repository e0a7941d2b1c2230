"""`annotator-cli suggest`: rule-based quote, attribution and claim suggestions, or a learned model's."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from annotator.core.text import fragment_text

from .common import CliError, add_project_args, open_for_writing, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "suggest",
        help="suggest quotes, attributions and claims (list them, or store them with --accept)",
        description="Run the rule-based suggester. Without --accept the suggestions are listed; "
        "with --accept they are stored as spans with origin 'suggested' (running twice adds nothing).",
    )
    add_project_args(p)
    p.add_argument("--stories", nargs="+", metavar="ID", help="only these story ids (default: all)")
    p.add_argument("--accept", action="store_true", help="store the suggestions in the project")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    p.add_argument(
        "--model",
        type=Path,
        metavar="MODEL",
        help="suggest with a model trained by 'annotator-cli learn' (origin 'learned') instead of the rules",
    )
    p.set_defaults(func=run)


def _learned(project: Any, path: Path, ids: list[str] | None, accept: bool) -> Any:
    from annotator.learn import LearnError, ModelFileError
    from annotator.workflows.learning import learned_suggestions, open_model

    try:
        model = open_model(path, project.repo)
    except (LearnError, ModelFileError) as exc:
        raise CliError(str(exc)) from None
    return learned_suggestions(project.repo, model, ids, session=project.session if accept else None)


def run(args: argparse.Namespace) -> int:
    with open_for_writing(args, read_only=not args.accept) as project:
        ids = args.stories
        if ids:
            missing = [i for i in ids if not project.repo.has_document(i)]
            if missing:
                raise CliError(f"no story with id {', '.join(missing)} in {project.path}")
        if args.model is not None:
            result = _learned(project, args.model, ids, args.accept)
        else:
            result = project.suggest(ids, accept=args.accept)
    for story in result.stories:
        for s in story.suggestions:
            text = fragment_text(story.text, s.fragments)
            if args.json:
                out(
                    json.dumps(
                        {
                            "story": story.doc_id,
                            "id": s.id,
                            "label": s.label,
                            "fragments": [list(f) for f in s.fragments],
                            "text": text,
                            "attributes": s.attributes,
                            "confidence": s.confidence,
                            "links": list(s.links),
                        },
                        ensure_ascii=False,
                    )
                )
            elif not args.accept:
                attrs = " ".join(f"{k}={v}" for k, v in s.attributes.items())
                short = text if len(text) <= 70 else text[:67] + "..."
                out(f"{story.doc_id}\t{s.label}\t{s.confidence:.2f}\t{short!r}\t{attrs}")
    if args.accept and not args.json:
        links = sum(s.added_links for s in result.stories)
        out(
            f"{len(result.stories)} stories: {result.total} suggestions, "
            f"{result.added} new spans and {links} new links stored"
        )
    elif not args.json:
        out(f"{len(result.stories)} stories: {result.total} suggestions (use --accept to store them)")
    return 0
