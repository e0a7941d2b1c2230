"""Where data, settings and caches live: one module, platformdirs behind it.

``ANNOTATOR_HOME`` overrides everything (and a file named ``portable`` next to
the executable of a frozen build turns on the same portable layout), so a USB
stick or a CI run keeps all state in one folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotator import APP_NAME

__all__ = ["home_override", "data_dir", "config_dir", "cache_dir", "default_project_path", "resources_dir"]


def _bundle_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def home_override() -> Path | None:
    env = os.environ.get("ANNOTATOR_HOME")
    if env:
        return Path(env).expanduser()
    if getattr(sys, "frozen", False):
        exe_dir = Path(sys.executable).resolve().parent
        if (exe_dir / "portable").exists():
            return exe_dir / "annotator-data"
    return None


def _platform(kind: str) -> Path:
    import platformdirs  # imported on use: no work at import time

    fn = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    return Path(fn(APP_NAME, appauthor=False))


def _dir(kind: str, *, create: bool) -> Path:
    base = home_override()
    path = base / kind if base else _platform(kind)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(*, create: bool = True) -> Path:
    return _dir("data", create=create)


def config_dir(*, create: bool = True) -> Path:
    return _dir("config", create=create)


def cache_dir(*, create: bool = True) -> Path:
    return _dir("cache", create=create)


def default_project_path() -> Path:
    return data_dir() / "default.annotator"


def resources_dir() -> Path:
    """Icons, schemas and sample stories (beside the package, or inside a frozen bundle)."""
    return _bundle_dir() / "resources"
