"""The `sellerkb` MkDocs plugin: typed config and thin hooks over plain functions."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import report
from ..facets import FACETS
from ..load import LoadResult, load_corpus
from ..model import Case
from . import explorer, overview, pages, search
from .catalog import Catalog
from .exports import EXPORTS, Options
from .html import sanitize
from .pages import PageParts
from .render import render, use_theme

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class CasePage:
    """A case's page: the card, the sanitized body and the footer."""

    case: Case


@dataclass(frozen=True)
class Generated:
    """A generated page: its rendered Markdown, then this HTML."""

    html: Markup


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
        self.pages: dict[str, CasePage | Generated] = {}  # src_uri -> what makes its HTML

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
        use_theme(list(config.theme.dirs))
        site = Catalog.build(result.corpus, config.use_directory_urls)
        self.site = site
        self.pages = {}

        def add(src_uri: str, markdown: str, page: CasePage | Generated) -> None:
            files.append(
                File.generated(
                    config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            self.pages[src_uri] = page

        for case in site.cases:
            add(site.case_src(case.id), pages.case_markdown(case, site), CasePage(case))
        for facet in FACETS:
            for value in site.facets[facet.name]:
                markdown, html = pages.listing(site, facet.name, value)
                add(site.facet_src(facet.name, value), markdown, Generated(html))
        for src_uri, (markdown, html) in {
            "browse/index.md": pages.browse(site),
            "timeline.md": pages.timeline(site),
            "needs-review.md": pages.needs_review(site),
            "stats.md": overview.stats(site),
            "explore.md": explorer.page(site),
            "data.md": _data_page(site),
        }.items():
            add(src_uri, markdown, Generated(html))
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
        made = self.pages.get(page.file.src_uri)
        if made is None:
            if HOME_MARKER in html and self.site is not None:
                html = html.replace(HOME_MARKER, overview.home(self.site, self.config.latest))
            return html
        if isinstance(made, CasePage):
            assert self.site is not None
            edit, issue = self._links(made.case, config)
            return str(
                pages.case_card(made.case, self.site)
                + Markup(sanitize(html))
                + pages.case_footer(made.case, self.site, edit, issue)
            )
        return html + str(made.html)

    def _links(self, case: Case, config: MkDocsConfig) -> tuple[str, str]:
        repo = (self.config.repo_url or config.repo_url or "").rstrip("/")
        edit = f"{repo}/edit/{self.config.branch}/{case.path}"
        title = f"Correction: {case.id}".replace(" ", "+")
        issue = f"{repo}/issues/new?template=correct-a-case.yml&title={title}"
        return edit, issue

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        made = self.pages.get(page.file.src_uri)
        if isinstance(made, CasePage):
            page.edit_url = self._links(made.case, config)[0]
        elif made is not None:
            page.edit_url = None
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None:
            return
        site, out = self.site, Path(config.site_dir)
        write = _writer(out)
        options = Options(config.site_name, config.site_url or "", self.config.feed_size)
        for item in EXPORTS:
            for rel, text in item.make(site, options):
                write(rel, text)
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


def _data_page(site: Catalog) -> PageParts:
    html = render(
        "data",
        site=site,
        here=site.url("data.md"),
        exports=EXPORTS,
        notes=[
            "In cases.csv, a cell that begins with =, +, -, @, a tab or a carriage return "
            "starts with a single quote, so that no spreadsheet runs it as a formula; cells "
            "with line breaks, commas or quotes are quoted."
        ],
    )
    return PageParts(pages.front_matter("Data"), html)
