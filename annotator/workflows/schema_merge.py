"""Growing the project's schema to hold what an imported file uses.

Imports never fail because a file uses a label, attribute, value or link type the
project does not know (brat's Person/Organization, a teammate's extra value):
the schema gains it (with the file's own definition when the file carries one,
else a generated colour) and the import reports every addition.
"""

from __future__ import annotations

import colorsys
import hashlib
from dataclasses import replace
from typing import Any

from annotator.core.schema import AttributeDef, Label, RelationType, Schema

__all__ = ["SchemaGrowth", "generated_colour"]


def generated_colour(name: str) -> str:
    """A stable, readable colour for a label name (same name, same colour everywhere)."""
    h = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    r, g, b = colorsys.hls_to_rgb((h % 360) / 360.0, 0.62, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _kind(value: Any) -> str:
    return "bool" if isinstance(value, bool) else "text"


class SchemaGrowth:
    """The project schema plus what one import needs; ``changed`` says whether to save."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.changed = False
        self.notes: list[str] = []
        # Attributes this import created as choices: their values grow as they are met.
        self._open_choices: set[tuple[str, str]] = set()

    def _replace_label(self, label: Label) -> None:
        labels = tuple(label if lb.name == label.name else lb for lb in self.schema.labels)
        self.schema = replace(self.schema, labels=labels)
        self.changed = True

    def ensure_label(self, name: str, template: Schema | None = None) -> Label:
        label = self.schema.label(name)
        if label is not None:
            return label
        found = template.label(name) if template is not None else None
        if found is None:
            found = Label(name, generated_colour(name))
            self.notes.append(f"added label {name} to the project schema (colour {found.colour})")
        else:
            if not found.colour:
                found = replace(found, colour=generated_colour(name))
            self.notes.append(f"added label {name} to the project schema (as the file defines it)")
        self.schema = replace(self.schema, labels=self.schema.labels + (found,))
        self.changed = True
        return found

    def canonical_attributes(
        self,
        label_name: str,
        attributes: dict[str, Any],
        template: Schema | None = None,
        choices: dict[str, tuple[str, ...]] | None = None,
    ) -> dict[str, Any]:
        """Attributes in the schema's canonical form, growing the schema where needed.

        ``choices`` names attributes a foreign format knows to be multi-valued (brat's
        ``Value:`` attributes), with the values its configuration lists.
        """
        label = self.ensure_label(label_name, template)
        if not attributes:
            return {}
        out: dict[str, Any] = {}
        for key, value in attributes.items():
            if value is None or value == "":
                continue
            adef = label.attribute(key)
            if adef is None:
                tlabel = template.label(label_name) if template is not None else None
                adef = tlabel.attribute(key) if tlabel is not None else None
                if adef is None:
                    if choices is not None and key in choices:
                        adef = AttributeDef(key, "choice", tuple(choices[key]))
                        self._open_choices.add((label_name, key))
                    else:
                        adef = AttributeDef(key, _kind(value))
                label = replace(label, attributes=label.attributes + (adef,))
                self._replace_label(label)
                self.notes.append(f"added attribute {key} ({adef.type}) to label {label_name}")
            if adef.type == "choice" and str(value) not in adef.values and not isinstance(value, bool):
                grown = replace(adef, values=adef.values + (str(value),))
                label = replace(label, attributes=tuple(grown if a.name == key else a for a in label.attributes))
                self._replace_label(label)
                if (label_name, key) not in self._open_choices:
                    self.notes.append(f"added value {value!r} to {label_name}.{key}")
                adef = grown
            if (
                adef.type == "bool"
                and not isinstance(value, bool)
                and str(value).lower()
                not in (
                    "true",
                    "false",
                    "yes",
                    "no",
                    "1",
                    "0",
                )
            ):
                # A teammate's free text where ours expects yes/no: keep the text, widen the type.
                adef = replace(adef, type="text")
                label = replace(label, attributes=tuple(adef if a.name == key else a for a in label.attributes))
                self._replace_label(label)
                self.notes.append(f"attribute {label_name}.{key} now holds text (the file has {value!r})")
            out[key] = adef.validate(value)
        return {k: v for k, v in out.items() if v is not None}

    def ensure_relation(self, name: str, source_label: str, target_label: str, template: Schema | None = None) -> None:
        rt = self.schema.relation(name)
        if rt is None:
            found = template.relation(name) if template is not None else None
            rt = found or RelationType(name, (source_label,), (target_label,))
            self.schema = replace(self.schema, relations=self.schema.relations + (rt,))
            self.changed = True
            self.notes.append(f"added link type {name} to the project schema")
        if rt.allows(source_label, target_label):
            return
        grown = RelationType(
            rt.name,
            rt.sources + (() if source_label in rt.sources else (source_label,)),
            rt.targets + (() if target_label in rt.targets else (target_label,)),
            rt.description,
        )
        self.schema = replace(
            self.schema, relations=tuple(grown if r.name == name else r for r in self.schema.relations)
        )
        self.changed = True
        self.notes.append(f"link type {name} now also joins {source_label} → {target_label}")
