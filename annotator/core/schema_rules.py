"""What makes a schema sound: the verdicts the schema editor shows and the session
enforces before adopting a schema."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .schema import Schema

__all__ = ["schema_problems", "is_colour"]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def is_colour(text: str) -> bool:
    """``#rgb``, ``#rrggbb`` or ``#aarrggbb`` (what schemas store)."""
    return bool(_HEX.fullmatch(text))


def _plain_key(key: str) -> str | None:
    return key.strip().casefold() or None


def schema_problems(
    schema: Schema,
    *,
    key_name: Callable[[str], str | None] = _plain_key,
    reserved_keys: Mapping[str, str] | None = None,
) -> list[str]:
    """Problems that stop a schema being saved, each a sentence for the user ([] when
    all is well). ``key_name`` normalises a label's key (None: not a key) and
    ``reserved_keys`` maps normalised keys the window already uses to their action:
    the front end knows its keyboard, core knows the rules."""
    reserved = reserved_keys or {}
    problems: list[str] = []
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    if not schema.labels:
        problems.append("A schema needs at least one label.")
    for lb in schema.labels:
        if not lb.name.strip():
            problems.append("Every label needs a name.")
            continue
        if lb.name.casefold() in names:
            problems.append(f"Two labels are called {lb.name}.")
        names[lb.name.casefold()] = lb.name
        if not is_colour(lb.colour):
            problems.append(f"{lb.name}: {lb.colour!r} is not a colour.")
        for key in lb.keys:
            norm = key_name(key)
            if norm is None:
                problems.append(f"{lb.name}: {key!r} is not a key.")
                continue
            if norm in keys:
                problems.append(f"Key {key} is used by both {keys[norm]} and {lb.name}.")
            elif norm in reserved:
                problems.append(f"Key {key} of {lb.name} is already the shortcut of “{reserved[norm]}”.")
            keys[norm] = lb.name
        attr_names: set[str] = set()
        for attr in lb.attributes:
            if not attr.name.strip():
                problems.append(f"{lb.name}: every attribute needs a name.")
                continue
            if attr.name in attr_names:
                problems.append(f"{lb.name}: two attributes are called {attr.name}.")
            attr_names.add(attr.name)
            if attr.type == "choice" and not attr.values:
                problems.append(f"{lb.name}.{attr.name}: a choice needs its allowed values.")
            if len(set(attr.values)) != len(attr.values):
                problems.append(f"{lb.name}.{attr.name}: allowed values repeat.")
    rel_names: set[str] = set()
    for rel in schema.relations:
        if not rel.name.strip():
            problems.append("Every relation type needs a name.")
            continue
        if rel.name in rel_names:
            problems.append(f"Two relation types are called {rel.name}.")
        rel_names.add(rel.name)
        if not rel.sources or not rel.targets:
            problems.append(f"Relation {rel.name} needs labels at both ends.")
        for end in rel.sources + rel.targets:
            if end.casefold() not in names:
                problems.append(f"Relation {rel.name}: there is no label {end}.")
    return list(dict.fromkeys(problems))
