"""File gestures of the main window: stories in, annotations in and out, projects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.formats import all_formats, get
from annotator.stories import STORY_EXTENSIONS
from annotator.workflows.exchange import export_project
from annotator.workflows.project import Project
from annotator.workflows.project_files import open_project

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from .export_dialog import ExportDialog
from .worker import run_with_progress

__all__ = ["FileGestures"]

ARCHIVES = "*.zip *.tar *.tgz *.tar.gz *.tar.bz2 *.tar.xz"  # unpacked and imported (workflows.archives)


class FileGestures:
    """Needs: self.repo, self.session, self.reload_project(), self.statusBar()."""

    def open_stories(self) -> None:
        patterns = " ".join(f"*{e}" for e in STORY_EXTENSIONS)
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open stories", "", f"Stories ({patterns});;Archives ({ARCHIVES});;All files (*)"
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_annotations(self) -> None:
        readable = [f for f in all_formats() if f.readable]
        patterns = " ".join(sorted({f"*{e}" for f in readable for e in f.extensions}))
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import annotations", "", f"Annotation files ({patterns} {ARCHIVES});;All files (*)"
        )
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path], *, quiet: bool = False) -> None:
        """Story files and annotation files alike (auto-detected), in a worker thread.
        Word and PDF files of several articles are shown first, to split or not."""
        project = self.repo.path
        annotator = self.session.annotator
        split = self.ask_split_articles(paths) if not quiet else False
        if split is None:
            return

        def job(progress: Any) -> Any:
            with Project.open(project, annotator=annotator) as worker:  # a connection of the thread's own
                return worker.import_files(paths, progress=progress, split_articles=split)

        def done(summary: Any, error: str) -> None:
            self.own_worker_writing = False
            if self.repo.closed:  # the window was closed while the import ran: nothing to show
                return
            self._data_version = self.repo.data_version()  # the worker's writes are ours, not outside changes
            self.project.announce("import", "Import")  # committed by the worker: the window re-reads
            if error:
                QMessageBox.warning(self, "Import", error)
                return
            self.last_import = summary
            lines = summary.lines()
            self.statusBar().showMessage(lines[0] if lines else "Nothing imported.", 8000)
            if summary.refused or (not quiet and len(lines) > 1):
                QMessageBox.information(self, "Import", "\n".join(lines[:40]))
            first = summary.stories.doc_ids[0] if summary.stories and summary.stories.doc_ids else None
            if first:
                self.set_story(first)

        self.own_worker_writing = True  # its commits come from another connection: not outside changes
        run_with_progress(self, "Importing…", job, done)

    def ask_split_articles(self, paths: list[Path]) -> bool | None:
        """True to split multi-article files, False to keep them whole, None to cancel."""
        from annotator.workflows.article_preview import preview_articles

        from .article_split import ArticleSplitDialog

        files = preview_articles(paths)
        if not files:
            return False
        dialog = ArticleSplitDialog(files, self)
        return dialog.split if dialog.exec() else None

    def export_dialog(self) -> None:
        dialog = ExportDialog(self.repo, self.session.annotator, self.current_doc_id, self)
        if not dialog.exec():
            return
        fmt_name, dest, scope, options = dialog.choice()
        project = self.repo.path

        def job(progress: Any) -> Any:
            repo = open_project(project, read_only=True)
            try:
                return export_project(repo, fmt_name, dest, scope=scope, options=options, progress=progress)
            finally:
                repo.close()

        def done(report: Any, error: str) -> None:
            if error:
                QMessageBox.warning(self, "Export", error)
                return
            title = get(fmt_name).title
            body = "\n".join(report.lines())
            if report.lossless:
                body += "\n\nNothing was dropped."
            QMessageBox.information(self, "Export", f"Exported to {dest} ({title}):\n\n{body}")
            self.statusBar().showMessage(f"Exported {report.documents} stories to {dest}", 8000)

        run_with_progress(self, f"Exporting to {dest.name}…", job, done)

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "news.annotator", "annotator projects (*.annotator)")
        if path:
            if not path.endswith(".annotator"):
                path += ".annotator"
            self.switch_project(Path(path))

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open project", "", "annotator projects (*.annotator);;All files (*)"
        )
        if path:
            self.switch_project(Path(path))

    def restore_backup_dialog(self) -> None:
        """Pick one of the project's backups and make it the project (after a safety copy)."""
        from annotator.workflows.project_files import list_backups, make_backup, restore_backup

        backups = list_backups(self.repo.path)
        if not backups:
            QMessageBox.information(
                self,
                "Restore backup",
                "This project has no backups yet. They are made before upgrades and bulk imports, and once a day.",
            )
            return
        labels = [b.label for b in backups]
        choice, ok = QInputDialog.getItem(
            self, "Restore backup", "Replace the project with the backup from:", labels, 0, False
        )
        if not ok:
            return
        backup = backups[labels.index(choice)]
        if not backup.verified:  # listed so it can be seen, never restored
            QMessageBox.warning(
                self, "Restore backup", f"{backup.path.name} cannot be restored: it is {backup.problem}."
            )
            return
        path = self.repo.path
        make_backup(self.repo, "manual")  # the current state stays one restore away
        self._unsubscribe()
        self.repo.close()
        try:
            restore_backup(path, backup.path)
        finally:
            self.switch_project_after_close(path)
        self.statusBar().showMessage(f"Restored the project from {backup.label}.", 8000)

    # -- drag and drop ---------------------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        projects = [p for p in paths if p.suffix == ".annotator"]
        if projects:
            self.switch_project(projects[0])
        elif paths:
            self.import_paths(paths)
        event.acceptProposedAction()
