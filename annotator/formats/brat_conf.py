"""brat's ``annotation.conf`` and ``visual.conf``: written from our schema, read into
a template schema the importer uses for labels, attribute values and link types."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.core.schema import AttributeDef, Label, RelationType, Schema

from .brat_ann import brat_name

__all__ = ["parse_conf", "write_confs", "original_names"]

_SECTION = re.compile(r"^\[(\w+)\]\s*$")


def write_confs(dest: Path, schema: Schema) -> None:
    labels = [brat_name(lb.name) for lb in schema.labels]
    conf = ["# Written by annotator from its schema " + brat_name(schema.name), "", "[entities]", ""]
    conf += labels
    conf += ["", "[relations]", ""]
    for rt in schema.relations:
        sources = "|".join(brat_name(s) for s in rt.sources) or "<ENTITY>"
        targets = "|".join(brat_name(t) for t in rt.targets) or "<ENTITY>"
        conf.append(f"{brat_name(rt.name)}\tArg1:{sources}, Arg2:{targets}")
    conf.append("# spans may overlap (a quote inside a claim)")
    conf.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    conf += ["", "[events]", "", "[attributes]", ""]
    # brat attributes are global names; the same name on several labels is one line.
    attrs: dict[str, tuple[list[str], list[str], str]] = {}
    for lb in schema.labels:
        for a in lb.attributes:
            if a.type == "text":
                continue  # free text goes into comment lines (see brat.py)
            owners, values, kind = attrs.setdefault(brat_name(a.name), ([], [], a.type))
            owners.append(brat_name(lb.name))
            values.extend(v for v in a.values if v not in values and not re.search(r"\s", v))
    for name, (owners, values, kind) in attrs.items():
        line = f"{name}\tArg:{'|'.join(owners)}"
        if kind == "choice" and values:
            line += f", Value:{'|'.join(values)}"
        conf.append(line)
    (dest / "annotation.conf").write_text("\n".join(conf) + "\n", encoding="utf-8")
    visual = ["[labels]", ""]
    visual += [_label_line(lb.name) for lb in schema.labels]
    visual += [_label_line(rt.name) for rt in schema.relations if brat_name(rt.name) != rt.name]
    visual += ["", "[drawing]", ""]
    visual += [f"{brat_name(lb.name)}\tbgColor:{lb.colour}" for lb in schema.labels]
    (dest / "visual.conf").write_text("\n".join(visual) + "\n", encoding="utf-8")


def _label_line(name: str) -> str:
    """``TYPE | Name | Abbrev``. A name brat stores renamed is shown as it is, which is
    also how :func:`original_names` gets it back on import."""
    stored = brat_name(name)
    shown = name if stored != name and "|" not in name else name.title()
    return f"{stored} | {shown} | {shown[:3]}"


def _visual_lines(conf: Path) -> Iterator[tuple[str, str]]:
    """Each line of the visual.conf beside ``conf`` with the [section] it is in."""
    visual = conf.with_name("visual.conf")
    if not visual.is_file():
        return
    section = ""
    for line in visual.read_text(encoding="utf-8", errors="replace").splitlines():
        m = _SECTION.match(line.strip())
        if m:
            section = m.group(1)
            continue
        yield section, line


def original_names(conf: Path) -> dict[str, str]:
    """Stored type name -> the name it was made from, where visual.conf shows a name that
    brat's storage form turns into exactly that type (what our export writes)."""
    out: dict[str, str] = {}
    for section, line in _visual_lines(conf):
        if section == "labels" and "|" in line:
            stored, shown = (part.strip() for part in line.split("|")[:2])
            if shown != stored and brat_name(shown) == stored:
                out[stored] = shown
    return out


def _colours(conf: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for section, line in _visual_lines(conf):
        if section == "drawing":
            found = re.match(r"^\s*(\S+)\s+.*bgColor:(#[0-9a-fA-F]{3,6})", line)
            if found:
                out[found.group(1)] = found.group(2)
    return out


def parse_conf(conf: Path) -> Schema:
    """Labels (entities and event types), link types and attribute definitions."""
    entities: list[str] = []
    events: list[str] = []
    relations: list[RelationType] = []
    attributes: list[tuple[str, str, tuple[str, ...]]] = []  # (name, arg, values)
    macros: dict[str, str] = {}
    section = ""
    for raw in conf.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        m = _SECTION.match(line.strip())
        if m:
            section = m.group(1)
            continue
        macro = re.match(r"^\s*(<[^>]+>)=(.*)$", line)
        if macro:
            macros[macro.group(1)] = macro.group(2).strip()
            continue
        name, _, rest = line.strip().partition(" ") if "\t" not in line.strip() else line.strip().partition("\t")
        name = name.strip()
        if name.startswith("!") or name.startswith("<"):
            continue
        if section == "entities":
            entities.append(name)
        elif section == "events":
            events.append(name)
        elif section == "relations":
            args = _args(rest, macros)
            relations.append(RelationType(name, tuple(args.get("Arg1", ())), tuple(args.get("Arg2", ()))))
        elif section == "attributes":
            args = _args(rest, macros)
            arg = "|".join(args.get("Arg", ("<ENTITY>",)))
            attributes.append((name, arg, tuple(args.get("Value", ()))))
    colours = _colours(conf)
    labels = []
    for name in entities + events:
        owned = []
        for aname, arg, values in attributes:
            kinds = arg.split("|")
            if name in kinds or ("<ENTITY>" in kinds and name in entities) or ("<EVENT>" in kinds and name in events):
                owned.append(AttributeDef(aname, "choice", values) if values else AttributeDef(aname, "bool"))
        labels.append(Label(name, colours.get(name, ""), (), tuple(owned)))
    return Schema("brat", tuple(labels), tuple(relations))


def _args(rest: str, macros: dict[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for part in rest.split(","):
        key, _, value = part.strip().partition(":")
        key = key.strip().rstrip("?*+").split("{")[0]
        if not key or key.startswith("<"):
            continue
        for macro, expansion in macros.items():
            value = value.replace(macro, expansion)
        out[key] = tuple(v.strip() for v in value.split("|") if v.strip())
    return out
