"""The built site, served over HTTP as a reader or a tool gets it: the API validates, every
listing has its feed and every feed parses, old ids answer, citations are well-formed."""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from pybtex.database import parse_string

from sellerkb import api

from ..conftest import build_site, make_lifecycle, make_repo


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = make_repo(tmp_path_factory.mktemp("served") / "repo")
    make_lifecycle(root)
    site = build_site(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


def get(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.read().decode("utf-8")


def test_every_api_document_validates_against_its_schema(served: tuple[str, Path]) -> None:
    base, site = served
    paths = sorted(p.relative_to(site).as_posix() for p in (site / "api/v1").rglob("*.json*"))
    schemas = {
        p.rsplit("/", 1)[1][: -len(".json")]: Draft202012Validator(json.loads(get(base, p)))
        for p in paths
        if p.startswith("api/v1/schemas/")
    }
    validate_openapi(json.loads(get(base, "api/v1/openapi.json")))
    checked = 0
    for path in paths:
        rel = path.removeprefix(api.ROOT)
        if rel.startswith("schemas/") or rel == "openapi.json":
            continue
        text = get(base, path)
        docs = (
            [json.loads(line) for line in text.splitlines()]
            if rel.endswith(".ndjson")
            else [json.loads(text)]
        )
        validator = schemas[api.endpoint_of(rel).schema_name]
        for doc in docs:
            assert not list(validator.iter_errors(doc)), path
            checked += 1
    assert checked > 20


def test_every_listing_links_its_feed_and_every_feed_parses(served: tuple[str, Path]) -> None:
    base, site = served
    listings = [
        p.relative_to(site).as_posix()
        for p in site.rglob("browse/*/*/index.html")
        if p.relative_to(site).parts[-3] in ("kind", "platform", "topic", "country")
    ]
    assert any(p.startswith("zh/") for p in listings) and len(listings) > 10
    for listing in listings:
        page = get(base, listing)
        [href] = re.findall(
            r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', page
        )
        assert "Subscribe" in page or "订阅" in page
        feed_url = urllib.request.urljoin(base + listing, href)
        feed = feedparser.parse(urllib.request.urlopen(feed_url, timeout=10).read())
        assert not feed.bozo, (listing, feed.get("bozo_exception"))
        assert ("/zh/" in feed_url) == listing.startswith("zh/")


def test_renamed_merged_and_withdrawn_cases_in_pages_and_api(served: tuple[str, Path]) -> None:
    base, _ = served
    for old in ("old-example-ban", "copy-of-example-ban-2021"):
        page = get(base, f"cases/{old}/")
        assert 'http-equiv="refresh" content="0; url=../example-ban-2021/"' in page
        assert '<link rel="canonical"' in page
        pointer = json.loads(get(base, f"api/v1/cases/{old}.json"))
        assert pointer["result"]["redirect_to"] == "example-ban-2021"
    assert "example-ban-2021" in get(base, "zh/cases/old-example-ban/")
    withdrawn = get(base, "cases/example-policy-2019/")
    assert "skb-withdrawn" in withdrawn and "Withdrawn on 2024-05-06" in withdrawn
    assert "example-policy-2019" not in get(base, "timeline/") + get(base, "stats/")
    assert "example-policy-2019" not in get(base, "feeds/en/all.xml")
    record = json.loads(get(base, "api/v1/cases/example-policy-2019.json"))
    assert json.dumps(record).count("2024-05-06") >= 1


def test_citations_are_well_formed(served: tuple[str, Path]) -> None:
    import html

    base, _ = served
    for path in ("cases/example-ban-2021/", "zh/cases/example-ban-2021/"):
        page = get(base, path)
        bibtex = html.unescape(
            re.search(r'<code class="language-bibtex">(.*?)</code>', page, re.S).group(1)
        )
        entries = parse_string(bibtex, "bibtex").entries
        assert len(entries) == 1
        csl = json.loads(
            html.unescape(
                re.search(r'<code class="language-json">(.*?)</code>', page, re.S).group(1)
            )
        )
        item = csl[0] if isinstance(csl, list) else csl
        assert item["URL"].endswith("cases/example-ban-2021/") and item["title"]
