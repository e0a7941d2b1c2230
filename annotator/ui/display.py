"""Is there a display to open the window on? Asked before Qt is loaded.

Without one, Qt's xcb plugin aborts the process (exit 134) after blaming a missing
``libxcb-cursor0`` and suggesting a reinstall, which sends people the wrong way.
This looks at what Qt would use (``QT_QPA_PLATFORM``, ``WAYLAND_DISPLAY``,
``DISPLAY``) and tries the X server's socket, so the app can say the real cause in
one line and exit cleanly.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Mapping

__all__ = ["display_problem"]

_X_DISPLAY = re.compile(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$")


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open here, in words for the user; None when it can (or when
    Qt is told to use a platform other than X, which then speaks for itself)."""
    env = os.environ if environ is None else environ
    platform = env.get("QT_QPA_PLATFORM", "").strip()
    if platform and not platform.startswith("xcb"):
        return None
    wayland = env.get("WAYLAND_DISPLAY", "")
    if not platform and wayland and _wayland_socket(wayland, env):
        return None
    display = env.get("DISPLAY", "").strip()
    if not display:
        return "could not connect to a display: DISPLAY is not set" + _HINT
    why = _x_unreachable(display)
    return f"could not connect to a display: {why}{_HINT}" if why else None


_HINT = " (start annotator in a desktop session or with `ssh -X`; annotator-cli works without one)"


def _wayland_socket(name: str, env: Mapping[str, str]) -> bool:
    path = name if os.path.isabs(name) else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    return os.path.exists(path)


def _x_unreachable(display: str) -> str | None:
    m = _X_DISPLAY.match(display)
    if m is None:
        return f"DISPLAY={display!r} is not a display name like :0 or host:10.0"
    host, number = m.group("host"), int(m.group("number"))
    if host.startswith("/"):  # macOS launchd sockets: leave it to Qt
        return None
    try:
        if host in ("", "unix"):
            path = f"/tmp/.X11-unix/X{number}"
            for address in (path, "\0" + path):  # the file, or Linux's abstract socket of that name
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(2.0)
                    try:
                        s.connect(address)
                        return None
                    except OSError:
                        continue
            return f"no X server answers at DISPLAY={display}"
        with socket.create_connection((host, 6000 + number), timeout=2.0):
            return None
    except OSError as exc:
        return f"no X server answers at DISPLAY={display} ({exc.strerror or exc})"
