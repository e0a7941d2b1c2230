"""`annotator-cli agree`: inter-annotator agreement for a project, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from annotator.core.agreement import ProjectAgreement
from annotator.workflows.agreement import GOLD, compute_agreement
from annotator.workflows.progress import Progress

from .common import CliError, add_project_args, err, open_for_writing, open_repo, out

_HOW = (
    "Span F1 counts a span as matched when the other annotator has one with the same label "
    "and the same fragments (exact) or any shared character (overlap, one-to-one). Token kappa "
    "is Cohen's kappa over tokens labelled by the spans covering them; alpha is Krippendorff's "
    "alpha (nominal) over the same tokens, across all annotators. Project figures pool spans "
    "and tokens over stories. An annotator counts on a story where they marked at least one "
    "span; the gold layer is left out unless named with --annotators. '—' means undefined "
    "(nothing to compare, or no variation)."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree",
        help="measure agreement between annotators",
        description="Measure inter-annotator agreement for every pair of annotators, per label "
        "and overall, per story and for the project. " + _HOW,
    )
    add_project_args(p)
    p.add_argument(
        "--annotators",
        nargs="+",
        metavar="NAME",
        help="compare only these annotators (may include gold)",
    )
    p.add_argument("--label", action="append", metavar="LABEL", help="only this label (repeat for several)")
    p.add_argument(
        "--stories",
        type=int,
        default=10,
        metavar="N",
        help="list the N stories with most disagreement (table only; default 10)",
    )
    p.add_argument("--json", action="store_true", help="print JSON: pairs, overall and per_story")
    p.add_argument(
        "--accept-agreements",
        action="store_true",
        help="first copy every span all annotators agree on (same label, fragments and attributes) "
        "into the gold layer, with the links between accepted spans; the rest is left for "
        "adjudication in the window (all labels, whatever --label says)",
    )
    p.set_defaults(func=run)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _table(rows: Sequence[Sequence[str]], right_from: int = 1) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i < right_from else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _progress() -> Progress:
    if not sys.stderr.isatty():
        return Progress()

    def report(done: int, total: int, label: str) -> None:
        if done == total or done % 50 == 0:
            end = "\n" if done == total else ""
            print(f"\rcomparing stories {done}/{total}", end=end, file=sys.stderr, flush=True)

    return Progress(report=report)


def run(args: argparse.Namespace) -> int:
    if args.accept_agreements:
        _accept(args)
    with open_repo(args, read_only=True) as repo:
        known = repo.annotators()
        if args.annotators:
            missing = [n for n in args.annotators if n not in known]
            if missing:
                raise CliError(
                    f"no spans by {', '.join(missing)} in {repo.path}; annotators there: {', '.join(known) or 'none'}"
                )
        if args.label:
            labels = set(repo.schema().label_names) | set(repo.stats()["spans_by_label"])
            unknown = [lb for lb in args.label if lb not in labels]
            if unknown:
                raise CliError(f"unknown label {', '.join(unknown)}; labels: {', '.join(sorted(labels))}")
        result = compute_agreement(repo, annotators=args.annotators, labels=args.label, progress=_progress())
        project = str(repo.path)
    if args.json:
        body = {"project": project, **result.to_dict()}
        out(json.dumps(body, indent=2, ensure_ascii=False))
        return 0
    gold_hidden = not args.annotators and GOLD in known
    for line in report_lines(result, project=project, stories=args.stories, gold_hidden=gold_hidden):
        out(line)
    return 0


def _accept(args: argparse.Namespace) -> None:
    if args.annotators and GOLD in args.annotators:
        raise CliError("--accept-agreements writes the gold layer; leave gold out of --annotators")
    with open_for_writing(args) as project:
        stories, spans = project.accept_agreements(annotators=args.annotators, progress=_progress())
    # stderr, so that --json output stays one JSON document
    err(f"accepted {spans} agreed spans into gold in {stories} stories")


def report_lines(result: ProjectAgreement, *, project: str, stories: int = 10, gold_hidden: bool = False) -> list[str]:
    """The readable report: pairs, labels, attributes, and the stories to adjudicate first."""
    o = result.overall
    lines = [f"project     {project}"]
    names = ", ".join(o.annotators) or "none"
    lines.append(f"annotators  {names}" + ("  (gold left out)" if gold_hidden else ""))
    lines.append(f"stories     {o.stories}   tokens {o.tokens}")
    if len(o.annotators) < 2 or not o.pairs:
        lines.append("")
        lines.append("Agreement needs at least two annotators on a common story; nothing to compare.")
        return lines
    lines.append(f"alpha       {_f(o.alpha)}  (Krippendorff, nominal, tokens, all annotators)")
    lines.append("")
    rows = [["a", "b", "stories", "F1 exact", "F1 overlap", "token κ", "links F1"]]
    for p in o.pairs:
        rows.append(
            [
                p.a,
                p.b,
                str(p.stories),
                _f(p.span_f1_exact),
                _f(p.span_f1_overlap),
                _f(p.token_kappa),
                _f(p.relation_f1),
            ]
        )
    lines += _table(rows, right_from=2)
    lines.append("")
    rows = [["label", "F1 exact", "F1 overlap", "token κ", "alpha"]]
    for lb in result.labels:
        rows.append(
            [
                lb,
                _f(o.mean("span_f1_exact", lb)),
                _f(o.mean("span_f1_overlap", lb)),
                _f(o.mean("token_kappa", lb)),
                _f(o.per_label_alpha.get(lb)),
            ]
        )
    lines += _table(rows)
    lines.append("(per label: mean over pairs; alpha across all annotators)")
    attrs: dict[str, list] = {}
    for p in o.pairs:
        for key, a in p.attributes.items():
            attrs.setdefault(key, []).append(a)
    if attrs:
        lines.append("")
        rows = [["attribute", "matched pairs", "agreement", "kappa"]]
        for key in sorted(attrs):
            group = attrs[key]
            n = sum(a.pairs for a in group)
            agree = [a.agreement for a in group if a.agreement is not None]
            kap = [a.kappa for a in group if a.kappa is not None]
            rows.append(
                [
                    key,
                    str(n),
                    _f(sum(agree) / len(agree) if agree else None),
                    _f(sum(kap) / len(kap) if kap else None),
                ]
            )
        lines += _table(rows)
    ranked = [s for s in result.by_disagreement() if s.disagreement is not None][:stories]
    if ranked and stories > 0:
        lines.append("")
        rows = [["most disagreement", "id", "disagreement", "F1 exact", "token κ"]]
        for s in ranked:
            title = s.title if len(s.title) <= 40 else s.title[:39] + "…"
            rows.append(
                [
                    title,
                    s.doc_id,
                    _f(s.disagreement),
                    _f(s.agreement.mean("span_f1_exact")),
                    _f(s.agreement.mean("token_kappa")),
                ]
            )
        lines += _table(rows, right_from=2)
    return lines
