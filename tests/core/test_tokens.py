from __future__ import annotations

from annotator.core.tokens import next_boundary, prev_boundary, snap_to_words, tokenize, trim


def words(text):
    return [t for _, _, t in tokenize(text)]


def test_words_punctuation_and_apostrophes():
    assert words('She said: "Don’t go."') == ["She", "said", ":", '"', "Don’t", "go", ".", '"']


def test_emoji_sequences_flags_and_cjk():
    assert words("hi 👩\u200d👩\u200d👧 🇰🇷 中文") == ["hi", "👩\u200d👩\u200d👧", "🇰🇷", "中", "文"]


def test_combining_marks_stay_in_the_word():
    assert words("cafe\u0301 ok") == ["cafe\u0301", "ok"]


def test_snap_widens_to_words_and_trims():
    text = "The mayor said hello"
    assert snap_to_words(text, 6, 9) == (4, 9)
    assert snap_to_words(text, 5, 12) == (4, 14)
    assert snap_to_words(text, 3, 10) == (4, 9)
    assert trim("  x  ", 0, 5) == (2, 3)


def test_boundaries():
    text = "one two three"
    assert next_boundary(text, 3) == 7
    assert prev_boundary(text, 8) == 4
