"""The data a reader takes away follows the model."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from sellerkb import export
from sellerkb.load import load_corpus
from sellerkb.model import FIELDS_BY_KIND


def test_cases_json_has_every_field_and_url(root) -> None:
    corpus = load_corpus(root).corpus
    data = json.loads(export.cases_json(corpus))
    assert data["count"] == 3
    ban = next(c for c in data["cases"] if c["id"] == "example-ban-2021")
    assert ban["url"] == "cases/example-ban-2021/"
    assert ban["marketplaces"] == ["US", "NO", "EU", "GLOBAL"]
    assert ban["money"][0] == {
        "amount": 41430000.0,
        "currency": "CNY",
        "kind": "frozen",
        "estimate": True,
        "note": "at year end",
    }
    assert ban["body"].startswith("\n## What happened")


def test_csv_has_a_column_for_every_model_field(root) -> None:
    corpus = load_corpus(root).corpus
    rows = list(csv.DictReader(io.StringIO(export.cases_csv(corpus))))
    fields = {name for model in FIELDS_BY_KIND.values() for name in model.model_fields}
    columns = set(rows[0])
    for name in fields:
        assert name in columns or any(c.startswith(name + ".") for c in columns), name
    lawsuit = next(r for r in rows if r["id"] == "example-lawsuit-2021")
    assert lawsuit["plaintiffs"] == "Example Co.;Other Example Ltd."
    assert lawsuit["class_action"] == "true"
    assert json.loads(lawsuit["money"])[0]["amount"] == 19627.03


def test_atom_feed_is_valid_xml_newest_first(root) -> None:
    corpus = load_corpus(root).corpus
    feed = ET.fromstring(export.atom_feed(corpus, "sellerkb & co", "https://example.org/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:title", ns).text == "sellerkb & co: latest cases"
    ids = [e.find("a:id", ns).text for e in feed.findall("a:entry", ns)]
    assert ids == [
        "urn:sellerkb:case:example-lawsuit-2021",
        "urn:sellerkb:case:example-ban-2021",
        "urn:sellerkb:case:example-policy-2019",
    ]
    link = feed.find("a:entry/a:link", ns).get("href")
    assert link == "https://example.org/cases/example-lawsuit-2021/"


def test_atom_feed_leaves_out_withdrawn_and_merged_cases(lifecycle_root) -> None:
    corpus = load_corpus(lifecycle_root).corpus
    feed = ET.fromstring(export.atom_feed(corpus, "kb", "https://example.org/"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = [e.find("a:id", ns).text for e in feed.findall("a:entry", ns)]
    assert ids == ["urn:sellerkb:case:example-lawsuit-2021", "urn:sellerkb:case:example-ban-2021"]


def test_shared_exports_are_the_same_in_every_language_and_site_url(root) -> None:
    # The plugin makes them once a build and writes them into each language's folder.
    from sellerkb.site.catalog import Catalog
    from sellerkb.site.exports import EXPORTS, Options

    corpus = load_corpus(root).corpus
    english = Catalog.build(corpus, True, "en")
    chinese = Catalog.build(corpus, True, "zh")
    shared = [item for item in EXPORTS if item.shared]
    assert shared
    for item in shared:
        made = list(item.make(english, Options("sellerkb", "https://example.org/", 10)))
        again = list(item.make(chinese, Options("sellerkb", "https://example.org/zh/", 10)))
        assert made == again, item.path
