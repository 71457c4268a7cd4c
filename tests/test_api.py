"""The static API under api/v1/: every document validates against a JSON Schema made from
the model, the OpenAPI file validates and describes every path, old ids answer."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from sellerkb import api
from sellerkb.facets import FACETS
from sellerkb.load import load_corpus
from sellerkb.model import CaseFields

from .conftest import REPO

BUILT = datetime.datetime(2025, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)


def files_of(root: Path, site_url: str = "") -> dict[str, str]:
    corpus = load_corpus(root).corpus
    files = dict(api.api_files(corpus, api.Site(BUILT, site_url)))
    assert len(files) == len(list(api.api_files(corpus, api.Site(BUILT, site_url))))
    return files


def documents(files: dict[str, str]) -> dict[str, list[object]]:
    """Each file's documents: one for JSON, one a line for NDJSON."""
    out: dict[str, list[object]] = {}
    for path, text in files.items():
        if path.endswith(".ndjson"):
            out[path] = [json.loads(line) for line in text.splitlines()]
        else:
            out[path] = [json.loads(text)]
    return out


def check_all_against_their_schemas(files: dict[str, str]) -> int:
    """Validate every document with the schema the API itself publishes for it."""
    schemas = {
        path.rsplit("/", 1)[1][:-5]: json.loads(text)
        for path, text in files.items()
        if path.startswith("api/v1/schemas/")
    }
    validators = {name: Draft202012Validator(schema) for name, schema in schemas.items()}
    checked = 0
    for path, docs in documents(files).items():
        rel = path.removeprefix(api.ROOT)
        if rel.startswith("schemas/"):
            Draft202012Validator.check_schema(docs[0])
            continue
        if rel == "openapi.json":
            continue
        validator = validators[api.endpoint_of(rel).schema_name]
        for doc in docs:
            errors = [e.message for e in validator.iter_errors(doc)]
            assert errors == [], (path, errors[:3])
            checked += 1
    return checked


@pytest.mark.parametrize("which", ["fixtures", "corpus"])
def test_every_document_validates_against_its_schema(which: str, lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root if which == "fixtures" else REPO, "https://kb.example/")
    assert check_all_against_their_schemas(files) > 10


def test_the_schemas_are_not_vacuous(lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root)
    case_schema = json.loads(files["api/v1/schemas/CaseOrRedirect.json"])
    document = json.loads(files["api/v1/cases/example-ban-2021.json"])
    validator = Draft202012Validator(case_schema)
    assert list(validator.iter_errors(document)) == []
    broken = [
        {k: v for k, v in document.items() if k != "schema_version"},
        {**document, "schema_version": "1.0"},
        {**document, "result": {**document["result"], "kind": "recipes"}},
        {**document, "result": {**document["result"], "date": "August 2021"}},
        {**document, "result": {**document["result"], "topics": []}},
    ]
    for doc in broken:
        assert list(validator.iter_errors(doc)) != [], doc
    # A later minor version may add a field: today's schema still accepts the document.
    assert list(validator.iter_errors({**document, "added_in_1_1": True})) == []


def test_the_case_schema_comes_from_the_model(lifecycle_root: Path) -> None:
    schema = api.response_schemas()["CaseList"]
    ban = schema["$defs"]["BanRecord"]["properties"]
    assert set(CaseFields.model_fields) <= set(ban)
    assert {"id", "kind", "url", "uri", "path", "translations", "withdrawn", "aliases"} <= set(ban)
    line = api.response_schemas()["SearchDocument"]["properties"]
    assert {facet.name for facet in FACETS} <= set(line)


def test_openapi_validates_and_describes_every_file(lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root, "https://kb.example/")
    spec = json.loads(files["api/v1/openapi.json"])
    validate_openapi(spec)
    assert spec["openapi"] == "3.1.0" and spec["info"]["version"] == api.SCHEMA_VERSION
    assert spec["servers"] == [{"url": "https://kb.example/api/v1"}]
    templates = [path.lstrip("/") for path in spec["paths"]]
    for path in files:
        rel = path.removeprefix(api.ROOT)
        assert any(api.Endpoint(t, api.IndexDocument, "").matches(rel) for t in templates), rel
    # Every response names a schema in components, and every $ref resolves.
    text = json.dumps(spec)
    for name in {ref.split('"')[0] for ref in text.split('"#/components/schemas/')[1:]}:
        assert name in spec["components"]["schemas"], name


def test_documents_carry_version_time_and_totals(lifecycle_root: Path) -> None:
    for path, docs in documents(files_of(lifecycle_root)).items():
        if path.endswith((".ndjson", "openapi.json")) or "/schemas/" in path:
            continue
        doc = docs[0]
        assert isinstance(doc, dict)
        assert doc["schema_version"] == "1.0.0" and doc["generated_at"] == "2025-06-07T08:09:10Z"
        if isinstance(doc["result"], list):
            assert doc["total"] == len(doc["result"]), path


def test_builds_are_reproducible(lifecycle_root: Path) -> None:
    assert files_of(lifecycle_root) == files_of(lifecycle_root)


def test_withdrawn_merged_and_renamed_cases(lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root, "https://kb.example/")
    listed = json.loads(files["api/v1/cases.json"])
    ids = [case["id"] for case in listed["result"]]
    assert ids == ["example-lawsuit-2021", "example-ban-2021", "example-policy-2019"]
    policy = next(case for case in listed["result"] if case["id"] == "example-policy-2019")
    assert policy["withdrawn"] == {
        "date": "2024-05-06",
        "reason": "The regulation turned out to be a draft that was never adopted.",
    }
    for old, reason in (("old-example-ban", "renamed"), ("copy-of-example-ban-2021", "merged")):
        pointer = json.loads(files[f"api/v1/cases/{old}.json"])["result"]
        assert pointer == {
            "id": old,
            "redirect_to": "example-ban-2021",
            "reason": reason,
            "uri": "https://kb.example/api/v1/cases/example-ban-2021.json",
        }
    redirects = json.loads(files["api/v1/redirects.json"])
    assert [r["id"] for r in redirects["result"]] == ["copy-of-example-ban-2021", "old-example-ban"]
    # The withdrawn policy stays on its issuer's lists, marked; the merged copy is on none.
    eu = json.loads(files["api/v1/countries/eu.json"])
    assert [case["id"] for case in eu["result"]] == ["example-ban-2021", "example-policy-2019"]
    assert all(case["id"] != "copy-of-example-ban-2021" for case in eu["result"])


def test_a_case_document_has_its_body_and_translations(lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root)
    case = json.loads(files["api/v1/cases/example-ban-2021.json"])["result"]
    assert case["url"] == "cases/example-ban-2021/"
    assert case["uri"] == "cases/example-ban-2021.json"
    assert case["body"].startswith("\n## What happened")
    zh = case["translations"]["zh"]
    assert zh["path"] == "cases/bans/example-ban-2021.zh.md" and zh["stale"] == []
    assert zh["title"].startswith("示例市场") and "事件经过" in zh["body"]
    listed = json.loads(files["api/v1/cases.json"])["result"]
    ban = next(c for c in listed if c["id"] == "example-ban-2021")
    assert "body" not in ban and "body" not in ban["translations"]["zh"]
    assert ban["translations"]["zh"]["summary"].startswith("夹具封禁")


def test_facet_lists_and_the_index(lifecycle_root: Path) -> None:
    files = files_of(lifecycle_root)
    platforms = json.loads(files["api/v1/platforms.json"])
    amazon = next(v for v in platforms["result"] if v["value"] == "amazon")
    assert amazon == {
        "value": "amazon",
        "name": "Amazon",
        "total": 2,
        "uri": "platforms/amazon.json",
    }
    temu = json.loads(files["api/v1/platforms/temu.json"])  # in the vocabulary, no case yet
    assert (temu["total"], temu["result"], temu["name"]) == (0, [], "Temu")
    countries = {v["value"] for v in json.loads(files["api/v1/countries.json"])["result"]}
    assert {"US", "NO", "EU", "GLOBAL", "CN"} <= countries
    assert "api/v1/countries/global.json" in files
    index = json.loads(files["api/v1/index.json"])
    named = {link["name"]: link for link in index["result"]}
    assert named["cases"]["total"] == 3 and named["redirects"]["total"] == 2
    for link in index["result"]:
        assert api.ROOT + link["uri"] in files, link
    vocabulary = json.loads(files["api/v1/vocabulary.json"])["result"]
    known = load_corpus(lifecycle_root).corpus.vocabulary
    assert [t["slug"] for t in vocabulary["topics"]] == [t.slug for t in known.topics]
    amazon_term = next(t for t in vocabulary["platforms"] if t["slug"] == "amazon")
    assert amazon_term["name"] == "Amazon"


def test_ndjson_has_both_languages_and_the_facets(lifecycle_root: Path) -> None:
    text = files_of(lifecycle_root)["api/v1/cases.ndjson"]
    lines = [json.loads(line) for line in text.splitlines()]
    assert text.endswith("\n") and len(lines) == 3
    ban = next(line for line in lines if line["id"] == "example-ban-2021")
    assert set(ban["title"]) == {"en", "zh"} and set(ban["body"]) == {"en", "zh"}
    assert ban["platform"] == ["amazon", "ebay"] and ban["kind"] == ["bans"]
    assert ban["country"] == ["CN", "EU", "GLOBAL", "NO", "US"]
    assert ban["aliases"] == ["old-example-ban"] and ban["withdrawn"] is False
    policy = next(line for line in lines if line["id"] == "example-policy-2019")
    assert policy["withdrawn"] is True and set(policy["title"]) == {"en"}
