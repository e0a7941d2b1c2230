"""Problems shown as messages, never as tracebacks."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from annotator.core.find import FindError
from annotator.core.session import EditError
from annotator.formats import FormatError
from annotator.stories import StoryError
from annotator.workflows.project_files import ProjectError

from PySide6.QtWidgets import QMessageBox, QWidget

__all__ = ["USER_ERRORS", "reported", "install_excepthook"]

log = logging.getLogger("annotator")

# Expected problems: the message is written for the user.
USER_ERRORS = (EditError, ProjectError, StoryError, FormatError, FindError, OSError)

F = TypeVar("F", bound=Callable[..., Any])


def reported(fn: F) -> F:
    """Run a window handler; show an expected problem in the status bar (and a dialog
    when the project could not be written), so the user is never left guessing."""

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except USER_ERRORS as exc:
            message = _describe(exc)
            self.statusBar().showMessage(message, 8000)
            if isinstance(exc, (ProjectError, OSError)):
                QMessageBox.warning(self, "annotator", message)
            return None

    return wrapper  # type: ignore[return-value]


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, ProjectError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return str(exc)


def install_excepthook(parent: Callable[[], QWidget | None]) -> None:
    """An unexpected error is logged with its traceback and shown as a short dialog."""

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        log.error("unexpected error", exc_info=(kind, value, tb))
        text = "".join(traceback.format_exception_only(kind, value)).strip()
        if isinstance(value, USER_ERRORS):
            text = _describe(value)
        try:
            QMessageBox.critical(parent(), "annotator", f"Something went wrong, and nothing was lost:\n\n{text}")
        except Exception:  # no window to show it in
            print(text, file=sys.stderr)

    sys.excepthook = hook
