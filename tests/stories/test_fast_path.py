"""The plain-text fast path keeps the readers' answers: discovery order, binary checks, one read."""

from __future__ import annotations

import os

import pytest

from annotator.stories import StoryError, discover_names, read_story_file
from annotator.stories.decode import looks_binary


def test_folders_are_walked_in_the_order_of_sorted_path_parts(tmp_path):
    for rel in ("b.txt", "a.txt", "a/z.txt", "a/b/c.md", "a0.txt", "A.txt", "a-b/x.txt", ".hidden.txt", "README.md"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A story.\n")
    (tmp_path / "notes.bin").write_bytes(b"x")
    files, missing = discover_names([tmp_path])
    rel = [os.path.relpath(f, tmp_path) for f in files]
    assert rel == sorted(rel, key=lambda p: p.split(os.sep)) and missing == []
    assert set(rel) == {"b.txt", "a.txt", "a/z.txt", "a/b/c.md", "a0.txt", "A.txt", "a-b/x.txt"}


def test_a_link_to_a_file_already_found_is_listed_once(tmp_path):
    (tmp_path / "a.txt").write_text("A story.\n")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    files, _ = discover_names([tmp_path, tmp_path / "a.txt"])
    assert [os.path.basename(f) for f in files] == ["a.txt"]


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("Plain words.\n\tTabbed\r\n\f", False),
        ("“Curly” quotes, 서울, 😀 and a lone \ud800 surrogate", False),
        ("one \x07 bell, then another \x07 in a line", False),  # a stray control character or two is not binary
        ("x\x01y\x02z\x03w\x04", True),
        ("text with a NUL\x00", True),
        ("é" * 9000 + "\x00", False),  # past the sample
    ],
)
def test_control_characters_mark_a_binary_file(text, binary):
    assert looks_binary(text) is binary


def test_a_file_is_read_whole_whatever_its_size(tmp_path):
    for size in (2, 65_535, 65_536, 200_001):
        path = tmp_path / f"s{size}.txt"
        body = ("word " * (size // 5 + 1))[: size - 1] + "\n"
        path.write_text(body)
        (rec,) = read_story_file(path)
        assert rec.text == body
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(StoryError, match="empty"):
        read_story_file(tmp_path / "empty.txt")
