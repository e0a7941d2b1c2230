"""Story-file readers: bytes on disk -> normalised text + metadata.

``read_story_file(path)`` returns one :class:`StoryRecord` per story in the file
(JSONL and some JSON files hold many) or raises :class:`StoryError` with a
message for the user.
"""

from .base import STORY_EXTENSIONS, StoryError, StoryRecord
from .reader import discover, discover_names, read_story_bytes, read_story_file

__all__ = [
    "StoryRecord",
    "StoryError",
    "STORY_EXTENSIONS",
    "read_story_file",
    "read_story_bytes",
    "discover",
    "discover_names",
]
