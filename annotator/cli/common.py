"""What every subcommand shares: project and annotator options, clean errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.store import ProjectError, Repository, open_project

if TYPE_CHECKING:
    from annotator.workflows.project import Change, Project

__all__ = [
    "add_project_args",
    "open_repo",
    "open_for_writing",
    "annotator_name",
    "run_command",
    "CliError",
    "err",
    "out",
]


class CliError(Exception):
    """A problem to tell the user in one line (exit status 2)."""


def out(text: str = "") -> None:
    print(text, file=sys.stdout)


def err(text: str) -> None:
    print(text, file=sys.stderr)


def add_project_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--project",
        type=Path,
        default=None,
        help="project file (default: the default project in your data folder)",
    )
    p.add_argument("--annotator", default=None, help="your annotator name (default: the project's, or your login)")
    p.add_argument(
        "--verbose", action="store_true", help="print one line to stderr for each change written to the project"
    )


def open_repo(args: argparse.Namespace, *, read_only: bool = False) -> Repository:
    path = args.project
    if path is None:
        from annotator.paths import default_project_path

        path = default_project_path()
    return open_project(path, read_only=read_only)


def open_for_writing(args: argparse.Namespace, *, read_only: bool = False) -> Project:
    """The Project every writing command goes through (as the window does); with
    --verbose each change it commits is reported on stderr."""
    from annotator.workflows.project import Project

    path = args.project
    if path is None:
        from annotator.paths import default_project_path

        path = default_project_path()
    project = Project.open(path, annotator=getattr(args, "annotator", None), read_only=read_only)
    if getattr(args, "verbose", False):

        def report(change: Change) -> None:
            where = f" ({', '.join(sorted(change.doc_ids)[:3])})" if change.doc_ids else ""
            err(f"{change.kind}: {change.description}{where}")

        project.subscribe(report)
    return project


def annotator_name(args: argparse.Namespace, repo: Repository | None = None) -> str:
    """--annotator, ANNOTATOR_NAME, the name set in the window, the project's, the login."""
    from annotator.workflows.identity import resolve_name

    return resolve_name(getattr(args, "annotator", None), repo.get_meta("annotator") if repo is not None else None)


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand; expected failures print one clear line, never a traceback."""
    try:
        result: Any = args.func(args)
        return int(result or 0)
    except (CliError, ProjectError) as exc:
        err(f"annotator-cli: {exc}")
        return 2
    except KeyboardInterrupt:
        err("annotator-cli: interrupted; nothing half-written was kept.")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        err(f"annotator-cli: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        return 2
