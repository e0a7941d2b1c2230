"""Where data, settings and caches live: one module, platformdirs behind it.

Order of precedence:

1. ``ANNOTATOR_HOME`` (an environment variable) holds everything in one folder.
2. Portable mode: a file named ``portable`` next to the executable of a frozen
   build keeps everything in ``annotator-data`` beside it (or in the folder the
   marker's first line names, relative to the executable), so a USB stick carries
   the app and its work together.
3. Otherwise the platform's folders (XDG on Linux, AppData on Windows, ...).

A folder that cannot be created or written (no home, a read-only stick, odd
``XDG_*`` values) never stops the app: it falls back to a per-user folder under
the system temp directory and records a notice saying so, which the window and
the CLI show. Nothing here runs at import time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from annotator import APP_NAME

__all__ = [
    "PathsError",
    "home_override",
    "portable_marker",
    "data_dir",
    "config_dir",
    "cache_dir",
    "default_project_path",
    "resources_dir",
    "notices",
    "describe",
    "is_frozen",
]

PORTABLE_MARKER = "portable"
PORTABLE_DATA = "annotator-data"
KINDS = ("data", "config", "cache")

# (kind, wanted path) -> the folder actually used; and what the user should be told.
_resolved: dict[tuple[str, str], Path] = {}
_notices: list[str] = []


class PathsError(OSError):
    """No folder at all could be written: not even the temp directory."""


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _bundle_dir() -> Path:
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def _exe_dir() -> Path:
    return Path(sys.executable).resolve().parent


def portable_marker() -> Path | None:
    """The ``portable`` file beside a frozen executable, if there is one."""
    if not is_frozen():
        return None
    marker = _exe_dir() / PORTABLE_MARKER
    return marker if marker.is_file() else None


def _portable_home(marker: Path) -> Path:
    try:
        first = marker.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        first = []
    name = first[0].strip() if first and first[0].strip() else PORTABLE_DATA
    path = Path(name).expanduser()
    return path if path.is_absolute() else marker.parent / path


def home_override() -> Path | None:
    """The one folder holding everything (ANNOTATOR_HOME or portable mode), if set."""
    env = os.environ.get("ANNOTATOR_HOME", "").strip()
    if env:
        return Path(env).expanduser().absolute()
    marker = portable_marker()
    if marker is not None:
        return _portable_home(marker)
    return None


def _platform(kind: str) -> Path:
    import platformdirs  # imported on use: no work at import time

    fn = {
        "data": platformdirs.user_data_dir,
        "config": platformdirs.user_config_dir,
        "cache": platformdirs.user_cache_dir,
    }[kind]
    path = Path(fn(APP_NAME, appauthor=False))
    # With no HOME, expanduser leaves "~" in place: a relative folder in whatever
    # directory we were started from. Treat that as "no home" rather than litter.
    if not path.is_absolute() or str(path).startswith("~"):
        raise OSError(f"no home folder to put the {kind} folder in (HOME is not set)")
    return path


def _temp_root() -> Path:
    try:
        user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    except Exception:
        user = "user"
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-{user}"


def _usable(path: Path) -> None:
    """Create ``path`` and make sure we can write in it; raise OSError saying why not."""
    path.mkdir(parents=True, exist_ok=True)
    if not path.is_dir():
        raise OSError(f"{path} is not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise PermissionError(f"{path} is not writable")


def _note(text: str) -> None:
    """Remember a notice for the window and say it once on stderr for terminal users."""
    if text in _notices:
        return
    _notices.append(text)
    stream = sys.stderr  # None in a windowed Windows build
    if stream is not None:
        try:
            print(text, file=stream, flush=True)
        except (OSError, ValueError):
            pass


def _dir(kind: str, *, create: bool) -> Path:
    base = home_override()
    try:
        wanted = base / kind if base else _platform(kind)
    except OSError as exc:
        wanted, problem = None, str(exc)
    else:
        problem = ""
    key = (kind, str(wanted))
    if key in _resolved:
        return _resolved[key]
    if not create:
        return wanted if wanted is not None else _temp_root() / kind
    if wanted is not None:
        try:
            _usable(wanted)
        except OSError as exc:
            problem = f"cannot write to {wanted}: {exc.strerror or exc}"
        else:
            _resolved[key] = wanted
            return wanted
    fallback = _temp_root() / kind
    try:
        _usable(fallback)
    except OSError as exc:
        raise PathsError(
            f"annotator has nowhere to keep its {kind}: {problem}, and the temporary folder "
            f"{fallback} is not writable either ({exc.strerror or exc}). "
            "Set ANNOTATOR_HOME to a folder you can write to."
        ) from exc
    _note(
        f"annotator: {problem}; using {fallback} for this session instead. Files there may be "
        "deleted when the computer restarts: set ANNOTATOR_HOME to a writable folder to keep them."
    )
    _resolved[key] = fallback
    return fallback


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


def notices() -> list[str]:
    """What the user should know about where things went (fallbacks), oldest first."""
    return list(_notices)


def describe() -> dict[str, str]:
    """Where everything lives, for `selftest` and bug reports (creates nothing)."""
    marker = portable_marker()
    mode = (
        "ANNOTATOR_HOME"
        if os.environ.get("ANNOTATOR_HOME", "").strip()
        else ("portable" if marker else "platform folders")
    )
    out = {"mode": mode, "frozen": "yes" if is_frozen() else "no", "resources": str(resources_dir())}
    for kind in KINDS:
        out[kind] = str(_dir(kind, create=False))
    return out


def _reset_for_tests() -> None:
    _resolved.clear()
    _notices.clear()
