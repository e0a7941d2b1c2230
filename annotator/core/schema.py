"""Label sets: labels with colours, keys and typed attributes; relation types; presets.

A schema is plain data, serialisable to JSON (``to_dict``/``from_dict``), with a
fingerprint so that every export says exactly which label set it was made with.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "AttributeDef",
    "Label",
    "RelationType",
    "Schema",
    "SchemaError",
    "PRESETS",
    "news_schema",
    "parc_schema",
    "preset",
]

ATTRIBUTE_TYPES = ("choice", "text", "bool")


class SchemaError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class AttributeDef:
    name: str
    type: str = "text"  # choice | text | bool
    values: tuple[str, ...] = ()
    default: Any = None
    description: str = ""

    def validate(self, value: Any) -> Any:
        """Return the value in its canonical form or raise SchemaError."""
        if value is None or value == "":
            return None
        if self.type == "choice":
            if str(value) not in self.values:
                raise SchemaError(f"{self.name} must be one of {', '.join(self.values)}, not {value!r}")
            return str(value)
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "yes", "1"):
                return True
            if str(value).lower() in ("false", "no", "0"):
                return False
            raise SchemaError(f"{self.name} must be true or false, not {value!r}")
        return str(value)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.values:
            d["values"] = list(self.values)
        if self.default is not None:
            d["default"] = self.default
        if self.description:
            d["description"] = self.description
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AttributeDef:
        atype = d.get("type", "text")
        if atype not in ATTRIBUTE_TYPES:
            raise SchemaError(f"attribute {d.get('name')!r}: unknown type {atype!r}")
        return cls(
            name=str(d["name"]),
            type=atype,
            values=tuple(str(v) for v in d.get("values", ())),
            default=d.get("default"),
            description=str(d.get("description", "")),
        )


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    colour: str
    keys: tuple[str, ...] = ()  # keyboard keys that apply it, e.g. ("1", "c")
    attributes: tuple[AttributeDef, ...] = ()
    description: str = ""

    def attribute(self, name: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "colour": self.colour, "keys": list(self.keys)}
        d["attributes"] = [a.to_dict() for a in self.attributes]
        if self.description:
            d["description"] = self.description
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Label:
        return cls(
            name=str(d["name"]),
            colour=str(d.get("colour") or d.get("color") or "#888888"),
            keys=tuple(str(k) for k in d.get("keys", ())),
            attributes=tuple(AttributeDef.from_dict(a) for a in d.get("attributes", ())),
            description=str(d.get("description", "")),
        )


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    sources: tuple[str, ...]  # labels allowed at the "from" end
    targets: tuple[str, ...]  # labels allowed at the "to" end
    description: str = ""

    def allows(self, source_label: str, target_label: str) -> bool:
        return source_label in self.sources and target_label in self.targets

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name,
            "from": list(self.sources),
            "to": list(self.targets),
        }
        if self.description:
            d["description"] = self.description
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RelationType:
        return cls(
            name=str(d["name"]),
            sources=tuple(d.get("from", ())),
            targets=tuple(d.get("to", ())),
            description=str(d.get("description", "")),
        )


@dataclass(frozen=True, slots=True)
class Schema:
    name: str
    labels: tuple[Label, ...]
    relations: tuple[RelationType, ...] = ()
    version: int = 1
    span_attributes: tuple[AttributeDef, ...] = field(default=())

    def label(self, name: str) -> Label | None:
        return next((lb for lb in self.labels if lb.name == name), None)

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(lb.name for lb in self.labels)

    def relation(self, name: str) -> RelationType | None:
        return next((r for r in self.relations if r.name == name), None)

    def relation_between(self, source_label: str, target_label: str) -> RelationType | None:
        return next((r for r in self.relations if r.allows(source_label, target_label)), None)

    def validate_attributes(self, label: str, attributes: dict[str, Any]) -> dict[str, Any]:
        """Canonical attributes for a label; unknown names or bad values raise SchemaError."""
        lb = self.label(label)
        if lb is None:
            raise SchemaError(f"unknown label {label!r} (schema {self.name!r} has {', '.join(self.label_names)})")
        out: dict[str, Any] = {}
        for key, value in attributes.items():
            adef = lb.attribute(key)
            if adef is None:
                raise SchemaError(f"label {label} has no attribute {key!r}")
            canonical = adef.validate(value)
            if canonical is not None:
                out[key] = canonical
        return out

    def with_labels(self, labels: tuple[Label, ...]) -> Schema:
        return replace(self, labels=labels, version=self.version + 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "labels": [lb.to_dict() for lb in self.labels],
            "relations": [r.to_dict() for r in self.relations],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Schema:
        try:
            labels = tuple(Label.from_dict(x) for x in d["labels"])
            relations = tuple(RelationType.from_dict(x) for x in d.get("relations", ()))
        except (KeyError, TypeError, AttributeError) as exc:
            raise SchemaError(f"not a valid schema: {exc}") from exc
        names = [lb.name for lb in labels]
        if len(set(names)) != len(names):
            raise SchemaError("label names must be unique")
        return cls(
            name=str(d.get("name", "custom")),
            labels=labels,
            relations=relations,
            version=int(d.get("version", 1)),
        )

    def fingerprint(self) -> str:
        """Stable hash of what the labels mean (not of the name or version)."""
        body = {"labels": [lb.to_dict() for lb in self.labels], "relations": [r.to_dict() for r in self.relations]}
        blob = json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return "sha256:" + hashlib.sha256(blob).hexdigest()[:16]


def news_schema() -> Schema:
    return Schema(
        name="news",
        labels=(
            Label(
                "CLAIM",
                "#f2b134",
                ("1", "c"),
                (AttributeDef("checkworthy", "choice", ("yes", "no", "unsure")),),
                "A checkable factual assertion, the author's or a source's.",
            ),
            Label(
                "QUOTE",
                "#4aa3df",
                ("2", "q"),
                (AttributeDef("type", "choice", ("direct", "indirect", "mixed")),),
                "Reported speech or writing: the quoted or paraphrased content.",
            ),
            Label(
                "ATTRIBUTION",
                "#e0607e",
                ("3", "a"),
                (
                    AttributeDef("source", "text", description="Normalised name of who is credited"),
                    AttributeDef("cue", "text", description="The reporting verb or phrase"),
                    AttributeDef(
                        "source_kind",
                        "choice",
                        ("person", "organization", "media", "document", "anonymous"),
                    ),
                ),
                "Who is credited and how: source and reporting cue.",
            ),
        ),
        relations=(
            RelationType(
                "attributes",
                ("ATTRIBUTION",),
                ("QUOTE", "CLAIM"),
                "An attribution introduces a quote or claim.",
            ),
        ),
    )


def parc_schema() -> Schema:
    """After PARC 3.0 and PolNeAR: source, cue and content as separate spans."""
    return Schema(
        name="parc",
        labels=(
            Label(
                "SOURCE",
                "#e0607e",
                ("1", "s"),
                (AttributeDef("source_kind", "choice", ("person", "organization", "media", "document", "anonymous")),),
                "Who the content is attributed to.",
            ),
            Label("CUE", "#9b6ddf", ("2", "u"), (), "The lexical item linking source and content."),
            Label(
                "CONTENT",
                "#4aa3df",
                ("3", "o"),
                (AttributeDef("type", "choice", ("direct", "indirect", "mixed")),),
                "What is attributed.",
            ),
        ),
        relations=(
            RelationType("source_of", ("SOURCE",), ("CUE", "CONTENT")),
            RelationType("introduces", ("CUE",), ("CONTENT",)),
        ),
    )


PRESETS = {"news": news_schema, "parc": parc_schema}


def preset(name: str) -> Schema:
    try:
        return PRESETS[name]()
    except KeyError:
        raise SchemaError(f"no schema preset {name!r}; presets: {', '.join(PRESETS)}") from None
