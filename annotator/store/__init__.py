"""Persistence: a project is one SQLite file. The only package that talks SQL."""

from .db import ProjectError, ProjectInUse
from .repository import Repository, open_project

__all__ = ["Repository", "open_project", "ProjectError", "ProjectInUse"]
