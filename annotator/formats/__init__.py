"""Dataset exchange formats: one module per format, listed in :mod:`.registry`."""

from .base import Capabilities, Format, FormatError, ReadResult, Report
from .registry import all_formats, detect, get

__all__ = ["Format", "FormatError", "ReadResult", "Report", "Capabilities", "all_formats", "get", "detect"]
