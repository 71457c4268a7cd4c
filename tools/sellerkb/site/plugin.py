"""The `sellerkb` MkDocs plugin: typed config and thin hooks over plain functions."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import export, report
from ..case_schema import case_schema
from ..load import LoadResult, load_corpus
from . import explorer, overview, pages, search
from .catalog import FACETS, Catalog
from .html import sanitize

log = get_plugin_logger(__name__)
ASSETS = Path(__file__).parent / "assets"
HOME_MARKER = "<!-- sellerkb:home -->"


class SellerkbConfig(base.Config):  # type: ignore[no-untyped-call]
    root = c.Optional(c.Type(str))  # the repository; default: the folder of mkdocs.yml
    repo_url = c.Optional(c.Type(str))  # default: mkdocs' repo_url
    branch = c.Type(str, default="main")
    latest = c.Type(int, default=10)
    feed_size = c.Type(int, default=50)


class SellerkbPlugin(BasePlugin[SellerkbConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.site: Catalog | None = None
        self.pages: dict[str, Any] = {}  # src_uri -> what makes its HTML

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.root = (config_dir / self.config.root).resolve() if self.config.root else config_dir
        config.watch.append(str(self.root / "cases"))
        for asset in ("assets/sellerkb/sellerkb.css",):
            if asset not in config.extra_css:
                config.extra_css.append(asset)
        for script in ("assets/sellerkb/sellerkb.js",):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        result = load_corpus(self.root)
        self._report(result)
        site = Catalog.build(result.corpus, config.use_directory_urls)
        self.site = site
        self.pages = {}

        def add(src_uri: str, markdown: str, maker: Any) -> None:
            files.append(
                File.generated(
                    config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            self.pages[src_uri] = maker

        for case in site.cases:
            add(site.case_src(case.id), pages.case_markdown(case, site), ("case", case))
        for facet in FACETS:
            for value in site.facets[facet]:
                markdown, html = pages.listing(site, facet, value)
                add(site.facet_src(facet, value), markdown, html)
        for src_uri, (markdown, html) in {
            "browse/index.md": pages.browse(site),
            "timeline.md": pages.timeline(site),
            "stats.md": overview.stats(site),
            "explore.md": explorer.page(site),
            "data.md": _data_page(),
        }.items():
            add(src_uri, markdown, html)
        guide = self.root / "CONTRIBUTING.md"
        if guide.is_file():  # one text for GitHub and the site; its links point into docs/
            text = guide.read_text(encoding="utf-8").replace("](docs/", "](")
            files.append(File.generated(config, "contributing.md", content=text))
        for asset in sorted(ASSETS.iterdir()):
            files.append(
                File.generated(
                    config,
                    f"assets/sellerkb/{asset.name}",
                    abs_src_path=str(asset),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        return files

    def _report(self, result: LoadResult) -> None:
        if result.errors:
            raise PluginError(
                "sellerkb: the cases have errors; fix them (see `sellerkb validate`):\n"
                + report.text(len(result.files), result.errors, colour=False)
            )
        for problem in result.warnings:
            # Accepted data warnings are notices here; `sellerkb validate --strict` judges them.
            log.info(f"notice: {problem.path}:{problem.line}: {problem.code} {problem.message}")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        maker = self.pages.get(page.file.src_uri)
        if maker is None:
            if HOME_MARKER in html and self.site is not None:
                html = html.replace(HOME_MARKER, overview.home(self.site, self.config.latest))
            return html
        if isinstance(maker, tuple) and maker[0] == "case":
            assert self.site is not None
            case = maker[1]
            edit, issue = self._links(case, config)
            return (
                pages.case_card(case, self.site)
                + sanitize(html)
                + pages.case_footer(case, self.site, edit, issue)
            )
        return html + str(maker)

    def _links(self, case: Any, config: MkDocsConfig) -> tuple[str, str]:
        repo = (self.config.repo_url or config.repo_url or "").rstrip("/")
        edit = f"{repo}/edit/{self.config.branch}/{case.path}"
        title = f"Correction: {case.id}".replace(" ", "+")
        issue = f"{repo}/issues/new?template=correct-a-case.yml&title={title}"
        return edit, issue

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        maker = self.pages.get(page.file.src_uri)
        if isinstance(maker, tuple) and maker[0] == "case":
            page.edit_url = self._links(maker[1], config)[0]
        elif maker is not None:
            page.edit_url = None
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        site, out = self.site, Path(config.site_dir)
        corpus = site.corpus
        write = _writer(out)
        write("data/cases.json", export.cases_json(corpus))
        write("data/cases.csv", export.cases_csv(corpus))
        write("data/case.schema.json", json.dumps(case_schema(), indent=2))
        for case in site.cases:
            write(
                f"data/cases/{case.id}.json",
                json.dumps(export.record(case), ensure_ascii=False, indent=1),
            )
        write(
            "feed.xml",
            export.atom_feed(
                corpus, config.site_name, config.site_url or "", self.config.feed_size
            ),
        )
        write(explorer.DATA_PATH, explorer.data(site))
        index_path = out / "search" / "search_index.json"
        if index_path.exists():
            index = json.loads(index_path.read_text(encoding="utf-8"))
            index["docs"] += search.entries(site)
            write(
                "search/search_index.json",
                json.dumps(index, ensure_ascii=False, separators=(",", ":")),
            )
            size = len(gzip.compress(index_path.read_bytes()))
            log.info(f"search index: {len(index['docs'])} entries, {size / 2**20:.2f} MiB gzipped")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.root / "cases"))
        return server


def _writer(out: Path) -> Any:
    def write(rel: str, text: str) -> None:
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)

    return write


def _data_page() -> tuple[str, str]:
    html = (
        "<p>Everything on this site is also available as data. The files follow the case "
        'model: see the <a href="../reference/case-format/">case format</a>.</p><ul>'
        '<li><a href="../data/cases.json">cases.json</a>: every case, every field, its URL '
        "and its Markdown body.</li>"
        '<li><a href="../data/cases.csv">cases.csv</a>: one row per case; lists are joined '
        "with <code>;</code>, lists of maps (money, sources) are JSON.</li>"
        "<li>One JSON file per case: <code>data/cases/&lt;id&gt;.json</code>, linked from "
        "each case page.</li>"
        '<li><a href="../data/case.schema.json">case.schema.json</a>: the JSON Schema '
        "(Draft 2020-12) of case front matter.</li>"
        '<li><a href="../feed.xml">feed.xml</a>: an Atom feed of the latest cases.</li></ul>'
    )
    return pages.front_matter("Data"), html
