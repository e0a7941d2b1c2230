"""The schema files shipped in resources/ are the presets, and load back unchanged."""

from __future__ import annotations

import json

from annotator.core.schema import PRESETS, Schema
from annotator.paths import resources_dir


def test_shipped_schema_files_match_the_presets():
    for name, make in PRESETS.items():
        data = json.loads((resources_dir() / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
        loaded = Schema.from_dict(data)
        assert loaded == make()
        assert loaded.fingerprint() == make().fingerprint()
