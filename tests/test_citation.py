"""Cite this case: plain text, BibTeX that pybtex reads, CSL-JSON with the standard fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pybtex.database import parse_string

from sellerkb.citation import cite, latex, safe_url
from sellerkb.load import load_corpus

URL = "https://kb.example/cases/example-ban-2021/"
# CSL-JSON variables this module may write, and their JSON types (CSL 1.0.2 input schema).
CSL_FIELDS = {
    "id": str,
    "type": str,
    "title": str,
    "container-title": str,
    "author": list,
    "URL": str,
    "issued": dict,
    "language": str,
    "abstract": str,
    "note": str,
    "original-title": str,
}
UNESCAPED = re.compile(r"(?<!\\)[&%$#_]")


def test_bibtex_parses_with_pybtex_and_escapes_latex(lifecycle_root: Path) -> None:
    case = load_corpus(lifecycle_root).corpus.cases["example-ban-2021"]
    citation = cite(case, URL, "sellerkb")
    data = parse_string(citation.bibtex, "bibtex")
    entry = data.entries["sellerkb:example-ban-2021"]
    assert entry.type == "misc"
    fields = dict(entry.fields)
    assert fields["title"] == (
        r"{Example \& " + '"Co" ' + r"\{marketplace\} suspends 100\% of test\_seller \#accounts}"
    )
    assert not UNESCAPED.search(fields["title"])
    assert fields["url"] == URL and fields["howpublished"] == rf"\url{{{URL}}}"
    assert (fields["year"], fields["month"], fields["date"]) == ("2024", "2", "2024-02-03")
    assert fields["note"] == "Case example-ban-2021, last reviewed 2024-02-03"
    assert [str(p) for p in entry.persons["author"]] == ["{sellerkb contributors}"]


def test_plain_text_and_csl_json(lifecycle_root: Path) -> None:
    case = load_corpus(lifecycle_root).corpus.cases["example-ban-2021"]
    citation = cite(case, URL, "sellerkb")
    assert citation.text == (
        'sellerkb contributors, "Example & "Co" {marketplace} suspends 100% of test_seller '
        '#accounts", sellerkb, case example-ban-2021, last reviewed 2024-02-03, ' + URL
    )
    items = json.loads(citation.csl_json)
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert set(item) <= set(CSL_FIELDS) and {"id", "type"} <= set(item)
    for key, value in item.items():
        assert isinstance(value, CSL_FIELDS[key]), key
    assert item["type"] == "webpage" and item["URL"] == URL
    assert item["issued"] == {"date-parts": [[2024, 2, 3]]}
    assert item["author"] == [{"literal": "sellerkb contributors"}]
    assert "original-title" not in item


def test_a_chinese_citation_uses_the_translation_and_keeps_the_original_title(
    lifecycle_root: Path,
) -> None:
    case = load_corpus(lifecycle_root).corpus.cases["example-ban-2021"]
    zh_url = "https://kb.example/zh/cases/example-ban-2021/"
    citation = cite(case, zh_url, "sellerkb", language="zh", reviewed_label="最后核对于")
    assert citation.text.startswith('sellerkb contributors, "示例市场暂停测试卖家账户')
    assert "最后核对于 2024-02-03" in citation.text
    item = json.loads(citation.csl_json)[0]
    assert item["language"] == "zh" and item["original-title"] == case.title
    entry = parse_string(citation.bibtex, "bibtex").entries["sellerkb:example-ban-2021"]
    assert entry.fields["language"] == "chinese" and entry.fields["url"] == zh_url


def test_a_case_without_review_is_cited_by_its_date(root: Path) -> None:
    case = load_corpus(root).corpus.cases["example-policy-2019"]
    citation = cite(case, "https://kb.example/cases/example-policy-2019/", "kb & co")
    assert "last reviewed" not in citation.text
    entry = parse_string(citation.bibtex, "bibtex").entries["kb-co:example-policy-2019"]
    assert entry.fields["year"] == "2019" and "month" not in entry.fields
    assert entry.fields["organization"] == r"kb \& co"
    assert json.loads(citation.csl_json)[0]["issued"] == {"date-parts": [[2019]]}


def test_latex_and_url_escaping_keep_bibtex_values_whole() -> None:
    nasty = r"a\b {c} ~d^ $e$ 50% #1 x_y & z"
    escaped = latex(nasty)
    assert not UNESCAPED.search(escaped)
    assert escaped.count("{") == escaped.count("}")
    parse_string(f"@misc{{k, title = {{{escaped}}}}}", "bibtex")  # balanced: it parses
    assert safe_url('https://x.example/a b{c}"d\\') == "https://x.example/a%20b%7Bc%7D%22d%5C"
    assert safe_url("https://x.example/a%20b#frag") == "https://x.example/a%20b#frag"
