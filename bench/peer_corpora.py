"""Import whole public corpora (brat .ann, WebAnno TSV) and check what arrives.

    python bench/peer_corpora.py /work/data/PolNeAR/data/train ... /work/data/gum/gum/_build/src/tsv

Each folder's ``.ann`` files (brat) and ``.tsv`` files that start with
``#FORMAT=WebAnno TSV 3`` are imported one by one into a scratch project with the
real importer. A brat ``.ann`` whose ``.txt`` is not beside it is paired with a
text in a sibling ``text/`` folder (PolNeAR keeps them there, named without the
annotator suffix ``_xxxx``). Per corpus it prints: files, refused (with reasons),
spans and links in (counted from the files' own ids: T lines, R lines, event
arguments; WebAnno annotation ids and relation values) against stored, and how
many stored spans and links sit exactly where the file put them (offsets and
ends checked against the file and its text). Nothing here looks at suggestion
scores; the corpora stay outside the repository.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from annotator.core.model import normalise_fragments
from annotator.core.text import Utf16Map, fragment_text, normalise, text_hash
from annotator.formats import get
from annotator.store import open_project
from annotator.workflows.annotation_import import import_annotation_file

_ID = re.compile(r"\[(\d+)\]$")
_REF = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")


class Tally:
    def __init__(self, name: str) -> None:
        self.name = name
        self.files = 0
        self.refused: list[tuple[str, str]] = []
        self.spans_in = self.spans_stored = self.spans_placed = 0
        self.links_in = self.links_stored = self.links_placed = 0
        self.reported: Counter[str] = Counter()
        self.duplicates = [0, 0]  # spans, links the file states twice (same label/type and place): kept once

    def lines(self) -> list[str]:
        out = [
            f"{self.name}: {self.files} files, {len(self.refused)} refused",
            f"  spans in {self.spans_in}, stored {self.spans_stored}, "
            f"at the file's offsets (with its words; WebAnno: and its feature values) {self.spans_placed}",
            f"  links in {self.links_in}, stored {self.links_stored}, between the file's ends {self.links_placed}",
            f"  stated twice in one file, kept once: {self.duplicates[0]} spans, {self.duplicates[1]} links",
        ]
        out += [f"  refused {path}: {why[:300]}" for path, why in self.refused[:10]]
        out += [f"  reported: {n} x {why}" for why, n in self.reported.most_common(12)]
        return out


def _tally_notes(outcome, tally: Tally) -> None:
    tally.duplicates[0] += outcome.spans_skipped
    tally.duplicates[1] += outcome.relations_skipped
    for note in outcome.notes:
        if not note.startswith(("added label", "added link type", "link type")):  # schema growth
            tally.reported[re.sub(r": \d+$", "", note)] += 1


# -- brat ---------------------------------------------------------------------------


def _brat_expected(ann: Path) -> tuple[Counter, Counter, int, int]:
    """(label, merged fragments) and (type, from fragments, to fragments) as the file
    states them, and the counts of T ids and of links (R lines, event arguments)."""
    frags: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    triggers: dict[str, str] = {}
    links: list[tuple[str, str, str]] = []
    lines = ann.read_text(encoding="utf-8-sig").split("\n")
    for line in lines:
        parts = line.rstrip("\r").split("\t")
        if len(parts) < 2 or not parts[0][:1].isalpha():
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            try:
                pieces = [tuple(int(x) for x in f.split()) for f in offsets.split(";")]
            except ValueError:
                continue
            frags[parts[0]] = (label, normalise_fragments(tuple(sorted(pieces))))  # type: ignore[arg-type]
        elif parts[0].startswith("E"):
            fields = parts[1].split()
            triggers[parts[0]] = fields[0].partition(":")[2]
            for arg in fields[1:]:
                role, _, ref = arg.partition(":")
                links.append((role.rstrip("0123456789") or role, parts[0], ref))
        elif parts[0].startswith("R"):
            fields = parts[1].split()
            if len(fields) == 3:
                links.append((fields[0], fields[1].partition(":")[2], fields[2].partition(":")[2]))
    spans = Counter(frags.values())
    ends = Counter()
    for rtype, a, b in links:
        a, b = triggers.get(a, a), triggers.get(b, b)
        if a in frags and b in frags:
            ends[(rtype, frags[a][1], frags[b][1])] += 1
    return spans, ends, len(frags), len(links)


def _pair_text(ann: Path, scratch: Path) -> Path:
    """The .ann in a folder with its .txt beside it (PolNeAR keeps texts in ../text/)."""
    if ann.with_suffix(".txt").is_file():
        return ann
    stem = ann.stem
    for folder in (ann.parent.parent / "text", ann.parent / "text"):
        for candidate in (folder / f"{stem}.txt", folder / f"{stem.rsplit('_', 1)[0]}.txt"):
            if candidate.is_file():
                pair = scratch / ann.parent.name
                pair.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(ann, pair / ann.name)
                shutil.copyfile(candidate, pair / f"{stem}.txt")
                return pair / ann.name
    return ann


def run_brat(folder: Path, scratch: Path, tally: Tally) -> None:
    fmt = get("brat")
    anns = sorted(folder.rglob("*.ann"))
    scratch.mkdir(parents=True, exist_ok=True)
    repo = open_project(scratch / f"{tally.name}.annotator")
    try:
        for ann in anns:
            tally.files += 1
            paired = _pair_text(ann, scratch / "pairs")
            who = f"{ann.parent.name}/{ann.stem}"
            spans_want, links_want, n_spans, n_links = _brat_expected(ann)
            tally.spans_in += n_spans
            tally.links_in += n_links
            outcome = import_annotation_file(repo, paired, fmt, annotator=who, owner=who)
            if outcome.refused:
                tally.refused.append((str(ann), outcome.refused))
                continue
            _tally_notes(outcome, tally)
            _check_stored(repo, who, paired.with_suffix(".txt"), spans_want, links_want, tally)
    finally:
        repo.close()


def _check_stored(repo, who: str, txt: Path, spans_want: Counter, links_want: Counter, tally: Tally) -> None:
    raw = txt.read_text(encoding="utf-8")
    for doc_id in repo.documents_by_hash(text_hash(normalise(raw).text)):
        spans = repo.spans(doc_id, (who,))
        if not spans:
            continue
        text = repo.document(doc_id).text
        by_id = {s.id: s for s in spans}
        tally.spans_stored += len(spans)
        want = Counter(spans_want)
        for s in spans:
            key = (s.label, s.fragments)
            in_text = fragment_text(raw, s.fragments) == s.text == fragment_text(text, s.fragments)
            if want[key] > 0 and in_text:
                want[key] -= 1
                tally.spans_placed += 1
        rels = repo.relations(doc_id, (who,))
        tally.links_stored += len(rels)
        want_links = Counter(links_want)
        for r in rels:
            key = (r.type, by_id[r.source].fragments, by_id[r.target].fragments)
            if want_links[key] > 0:
                want_links[key] -= 1
                tally.links_placed += 1


# -- WebAnno TSV --------------------------------------------------------------------


def _tsv_expected(path: Path) -> tuple[Counter, Counter, int, int, str]:
    """Span annotations (layer, b16, e16) and relations ((b16, e16) -> (b16, e16)) as the
    file states them, counted from its own ids, and the first span layer's name."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    columns: list[tuple[str, str, str]] = []  # (kind, layer, feature)
    n = 1
    while n < len(lines) and lines[n].startswith("#T_"):
        kind, _, decl = lines[n][3:].partition("=")
        layer, *feats = decl.split("|")
        if kind == "SP":
            columns += [("SP", layer, f) for f in feats] or [("SP", layer, "")]
        elif kind == "CH":
            columns += [("CH", layer, "type"), ("CH", layer, "link")]
        else:
            plain = [f for f in feats if not f.startswith("BT_")]
            columns += [("RL", layer, f) for f in plain] or [("RL", layer, "")]
            columns.append(("RL", layer, "@ref"))
        n += 1
    extent: dict[tuple[str, str], list[int]] = {}  # (layer, id) -> [b16, e16]
    values: dict[tuple[str, str], set[str]] = defaultdict(set)  # (layer, id) -> its feature values
    unit_spans: dict[tuple[str, str], list[str]] = defaultdict(list)  # (layer, unit) -> ids on it
    refs: list[tuple[str, str, str, str, str]] = []  # (layer, src unit, src id, tgt unit, tgt id)
    for line in lines[n:]:
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        uid, (b16, e16) = fields[0], map(int, fields[1].split("-"))
        per_layer: dict[str, list[str]] = defaultdict(list)
        for (kind, layer, feat), value in zip(columns, fields[3:], strict=False):
            if kind != "SP" or value in ("_", ""):
                if kind == "RL" and feat == "@ref" and value not in ("_", ""):
                    for ref in value.split("|"):
                        m = _REF.match(ref)
                        if m:
                            refs.append((layer, m.group(1), m.group(2) or "0", uid, m.group(3) or "0"))
                continue
            for k, stacked in enumerate(re.split(r"(?<!\\)\|", value)):
                m = _ID.search(stacked)
                key = m.group(1) if m else f"@{uid}#{k}"
                if key not in per_layer[layer]:
                    per_layer[layer].append(key)
                bare = stacked[: m.start()] if m else stacked
                if feat and bare not in ("*", "_", ""):
                    values[(layer, key)].add(bare)
        for layer, keys in per_layer.items():
            for key in keys:
                span = extent.setdefault((layer, key), [b16, e16])
                span[0], span[1] = min(span[0], b16), max(span[1], e16)
                unit_spans[(layer, uid)].append(key)
    spans = Counter((b, e, frozenset(values[k])) for k, (b, e) in extent.items())
    rels = Counter()
    base = next((c[1] for c in columns if c[0] == "SP"), "")

    def bare(unit: str) -> str | None:  # "[0_...]": the token's annotation written without an id
        keys = unit_spans.get((base, unit), [])
        return next((k for k in keys if k.startswith("@")), keys[0] if keys else None)

    for _layer, su, sid, tu, tid in refs:
        sk = sid if sid != "0" else bare(su)
        tk = tid if tid != "0" else bare(tu)
        if (base, sk) in extent and (base, tk) in extent:
            rels[(tuple(extent[(base, sk)]), tuple(extent[(base, tk)]))] += 1
    first = next((c[1] for c in columns if c[0] == "SP"), "")
    return spans, rels, len(extent), len(refs), first


def run_webanno(folder: Path, scratch: Path, tally: Tally) -> None:
    fmt = get("webanno")
    files = [p for p in sorted(folder.rglob("*.tsv")) if p.read_bytes()[:40].startswith(b"#FORMAT=WebAnno TSV 3")]
    repo = open_project(scratch / f"{tally.name}.annotator")
    try:
        for path in files:
            tally.files += 1
            spans_want, rels_want, n_spans, n_rels, first_layer = _tsv_expected(path)
            layer_name = first_layer.rsplit(".", 1)[-1]
            tally.spans_in += n_spans
            tally.links_in += n_rels
            who = path.stem
            outcome = import_annotation_file(repo, path, fmt, annotator=who, owner=who)
            if outcome.refused:
                tally.refused.append((str(path), outcome.refused))
                continue
            _tally_notes(outcome, tally)
            for doc_id in repo.document_ids():  # a file's story may be one an earlier file made
                spans = repo.spans(doc_id, (who,))
                if not spans:
                    continue
                u16 = Utf16Map(repo.document(doc_id).text)
                place = {s.id: (u16.cp_to_utf16(s.start), u16.cp_to_utf16(s.end)) for s in spans}
                tally.spans_stored += len(spans)
                placed = Counter(spans_want)
                for s in spans:
                    stated = {str(v) for v in s.attributes.values()} | ({s.label} - {layer_name})
                    key = (*place[s.id], frozenset(stated))
                    if placed[key] > 0:
                        placed[key] -= 1
                        tally.spans_placed += 1
                rels = repo.relations(doc_id, (who,))
                tally.links_stored += len(rels)
                want = Counter(rels_want)
                for r in rels:
                    key = (place[r.source], place[r.target])
                    if want[key] > 0:
                        want[key] -= 1
                        tally.links_placed += 1
    finally:
        repo.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    args = ap.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="peer-corpora-"))
    try:
        for folder in args.folders:
            if not folder.is_dir():
                print(f"{folder}: not a folder", file=sys.stderr)
                return 2
            started = time.perf_counter()
            name = "-".join(folder.parts[-2:])
            if any(folder.rglob("*.ann")):
                tally = Tally(f"{name} (brat)")
                run_brat(folder, scratch / name, tally)
                print("\n".join(tally.lines()))
            if any(folder.rglob("*.tsv")):
                tally = Tally(f"{name} (WebAnno TSV)")
                (scratch / name).mkdir(parents=True, exist_ok=True)
                run_webanno(folder, scratch / name, tally)
                print("\n".join(tally.lines()))
            print(f"  ({time.perf_counter() - started:.1f} s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
