"""`annotator-cli team`: join a team folder, publish my layer and receive my teammates'."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.workflows.team_sync import TeamError

from .common import CliError, add_project_args, open_for_writing, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "team",
        help="share work through a team folder (a network drive, Syncthing, Dropbox, a git repository)",
        description="Join a team folder (or show the project's), and with --sync publish your layer to it "
        "and import every teammate's layer that changed. Each annotator writes only their own file in the "
        "folder; teammates' spans arrive under their names and never touch yours. See docs/team-folder.md.",
    )
    add_project_args(p)
    p.add_argument("--folder", type=Path, help="the shared folder to join (remembered by the project)")
    p.add_argument("--sync", action="store_true", help="publish my layer and receive my teammates' once")
    p.add_argument("--curator", action="store_true", help="also publish the gold layer (the team's curator)")
    p.add_argument(
        "--take-over",
        action="store_true",
        help="replace a layer file of my name that another project wrote (only if it was you)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_for_writing(args) as project:
        try:
            if args.folder is not None:
                folder = project.join_team(args.folder, curator=args.curator)
                out(f"joined the team folder {folder} as {project.annotator}")
            else:
                known = project.team_folder()
                if known is None:
                    raise CliError("this project has no team folder yet: give one with --folder DIR")
                folder = known
            if args.sync:  # receive first, so stories a teammate added are in the project
                report = project.receive_team(measure=True)
                report.published = project.publish_team(take_over=args.take_over)
                for line in report.lines():
                    out(line)
            mates = project.teammates()
        except TeamError as exc:
            raise CliError(str(exc)) from None
    out(f"team folder {folder}")
    if not mates:
        out("no teammates have published yet")
    for m in mates:
        agreement = "" if m.agreement is None else f", agreement {m.agreement:.2f}"
        state = m.problem or f"{m.done}/{m.stories} stories done, {m.spans} spans, published {m.published}{agreement}"
        out(f"  {m.annotator:<16} {state}")
    return 0
