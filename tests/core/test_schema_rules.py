"""Core's verdicts on a schema (what the schema editor shows)."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.schema import AttributeDef, Label, RelationType, news_schema
from annotator.core.schema_rules import is_colour, schema_problems


def test_the_shipped_schema_is_sound():
    assert schema_problems(news_schema()) == []


def test_each_rule_says_what_is_wrong():
    base = news_schema()
    bad = replace(
        base,
        labels=(
            *base.labels,
            Label("claim", "teal", ("1",)),  # name taken (case-insensitively), colour not stored form, key taken
            Label("", "#fff"),
            Label("X", "#abc", (" ",), (AttributeDef("k", "choice"), AttributeDef("k", "text", ("a", "a")))),
        ),
        relations=(*base.relations, RelationType("r", ("X",), ()), RelationType("s", ("NOPE",), ("X",))),
    )
    problems = schema_problems(bad, reserved_keys={"l": "Link from selected span"})
    assert "Two labels are called claim." in problems
    assert "claim: 'teal' is not a colour." in problems
    assert any(p.startswith("Key 1 is used by both") for p in problems)
    assert "Every label needs a name." in problems
    assert "X: ' ' is not a key." in problems
    assert "X.k: a choice needs its allowed values." in problems
    assert "X: two attributes are called k." in problems and "X.k: allowed values repeat." in problems
    assert "Relation r needs labels at both ends." in problems
    assert "Relation s: there is no label NOPE." in problems
    assert schema_problems(
        replace(base, labels=(replace(base.labels[0], keys=("l",)),) + base.labels[1:]), reserved_keys={"l": "Link"}
    ) == [f"Key l of {base.labels[0].name} is already the shortcut of “Link”."]


def test_colours():
    assert is_colour("#a0b") and is_colour("#aa00bb") and not is_colour("teal") and not is_colour("#ggg")
