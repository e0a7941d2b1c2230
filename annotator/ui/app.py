"""Start the window: arguments, QApplication, project, first-run samples, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotator import __version__

__all__ = ["run", "open_window"]


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="annotator", description="Label claims, quotes and attributions in news stories.")
    p.add_argument(
        "paths", nargs="*", type=Path, help="a project file (*.annotator) and/or story or annotation files to import"
    )
    p.add_argument("--annotator", help="your annotator name (remembered)")
    p.add_argument(
        "--smoke", action="store_true", help="open and close the main window offscreen, then exit (self-check)"
    )
    p.add_argument("--version", action="version", version=f"annotator {__version__}")
    return p.parse_args(argv)


def _annotator_name(explicit: str | None, settings, project) -> str:
    """One name for the window and the CLI (workflows.identity); the first run asks for it."""
    from annotator.workflows.identity import known_name, login_name, save_name

    from .annotator_name import ask_first_run_name

    name = known_name(explicit, project.repo.get_meta("annotator")) or settings.annotator() or ""
    if not name:
        name = ask_first_run_name(login_name()) or login_name()
        try:
            save_name(name)
        except (OSError, ValueError):
            pass  # the name still holds for this session
    elif explicit:
        try:
            save_name(name)  # --annotator is remembered, for the CLI too
        except (OSError, ValueError):
            pass
    return name


def open_window(project: Path | None, files: list[Path], *, annotator: str | None = None):
    """Open the project (default one if None; first run gets the sample stories) and build the window."""
    from annotator.paths import default_project_path, resources_dir
    from annotator.workflows.project import Project
    from annotator.workflows.project_files import daily_backup

    from .main_window import MainWindow
    from .settings import Settings

    settings = Settings()
    path = project or settings.last_project() or default_project_path()
    if not path.exists() and project is None and path != default_project_path():
        path = default_project_path()
    fresh = not path.exists()
    opened = Project.open(path)
    if fresh and path == default_project_path():
        opened.import_stories([resources_dir() / "stories"])
    else:
        try:
            daily_backup(opened.repo)
        except Exception:  # a backup that cannot be written must not stop the work
            pass
    name = _annotator_name(annotator, settings, opened)
    opened.set_annotator(name)
    settings.set_annotator(name)
    settings.set_last_project(path)
    window = MainWindow(opened, annotator=name, settings=settings)
    if files:
        window.import_paths(files, quiet=True)
    return window


def run(argv: list[str]) -> int:
    args = _parse(argv)
    if args.smoke:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .display import display_problem

    problem = display_problem()
    if problem:  # before Qt loads: its xcb plugin would abort with a misleading message
        print(f"annotator: {problem}", file=sys.stderr)
        return 2
    from annotator.workflows.archives import remove_stale_unpacked
    from annotator.workflows.project_files import ProjectError

    remove_stale_unpacked()  # unpack folders left by imports that were killed

    from PySide6.QtWidgets import QApplication, QMessageBox

    from .errors import install_excepthook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setApplicationVersion(__version__)
    projects = [p for p in args.paths if p.suffix == ".annotator"]
    files = [p for p in args.paths if p.suffix != ".annotator"]
    if args.smoke:
        from .smoke import smoke_window

        return smoke_window(projects[0] if projects else None)
    try:
        window = open_window(projects[0] if projects else None, files, annotator=args.annotator)
    except ProjectError as exc:
        QMessageBox.critical(None, "annotator", str(exc))
        return 2
    install_excepthook(lambda: window)
    window.show()
    if os.environ.get("ANNOTATOR_STARTUP_PROBE"):
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: print("ANNOTATOR_WINDOW_SHOWN", flush=True))
    return app.exec()
