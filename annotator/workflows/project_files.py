"""Project files as the front ends handle them, without importing the store.

The window and the CLI open, back up and restore project files and catch their
errors; what they need of ``annotator.store`` for that is named here, so that the
import contracts can keep the front ends off the store (reads of an open project
go through ``Project.repo``; writes through the Project).
"""

from __future__ import annotations

from annotator.store import ProjectError, ProjectInUse, Repository, open_project
from annotator.store.backups import daily_backup, list_backups, make_backup, restore_backup
from annotator.store.repository import DocumentSummary

__all__ = [
    "ProjectError",
    "ProjectInUse",
    "Repository",
    "DocumentSummary",
    "open_project",
    "daily_backup",
    "list_backups",
    "make_backup",
    "restore_backup",
]
