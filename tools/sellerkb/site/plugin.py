"""The `sellerkb` MkDocs plugin: typed config and thin hooks over plain functions."""

from __future__ import annotations

import gc
import gzip
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import report
from ..facets import FACETS
from ..feeds import FeedInfo, FeedOptions, feed_files, feed_list
from ..kinds import LANGUAGES
from ..load import LoadResult, load_corpus
from ..messages import N_
from ..model import Case
from . import explorer, i18n, overview, pages, search
from .catalog import Catalog, relative
from .exports import EXPORTS, Options
from .html import sanitize
from .pages import PageParts
from .redirects import redirect_pages
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
    """The plugin's options in mkdocs.yml."""

    root = c.Optional(c.Type(str))  # the repository; default: the folder of mkdocs.yml
    repo_url = c.Optional(c.Type(str))  # default: mkdocs' repo_url
    branch = c.Type(str, default="main")
    latest = c.Type(int, default=10)
    feed_size = c.Type(int, default=50)
    # The site's languages: the first at /, each other under /<lang>/ with the same paths.
    languages = c.Type(list, default=list(LANGUAGES))


class SellerkbPlugin(BasePlugin[SellerkbConfig]):  # type: ignore[no-untyped-call]
    """The sellerkb MkDocs plugin: case pages, listings, exports, and the site in every language."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.language = LANGUAGES[0]  # of the build running now
        self.result: LoadResult | None = None  # the corpus, loaded once for every language
        self.root = Path.cwd()
        self.site: Catalog | None = None
        self.pages: dict[str, CasePage | Generated] = {}  # src_uri -> what makes its HTML
        self.feeds: dict[str, FeedInfo] = {}  # src_uri of a listing -> its feed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Find the repository, watch cases/, and add the plugin's assets."""
        config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.root = (config_dir / self.config.root).resolve() if self.config.root else config_dir
        if str(self.root / "cases") not in config.watch:
            config.watch.append(str(self.root / "cases"))
        for asset in ("assets/sellerkb/sellerkb.css",):
            if asset not in config.extra_css:
                config.extra_css.append(asset)
        for script in ("assets/sellerkb/sellerkb.js",):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Load the cases once, and add every generated page and asset of the build's language."""
        if self.language == self.config.languages[0] or self.result is None:
            self.result = load_corpus(self.root)
            self._report(self.result)
            # The corpus lives to the end of the build: the collector need not walk it on
            # every pass (a tenth of a 10,000-case build). Unfrozen after the build.
            gc.freeze()
        result = self.result
        use_theme(list(config.theme.dirs))
        files = _pages_in(files, config, self.language, self.config.languages)
        site = Catalog.build(result.corpus, config.use_directory_urls, self.language)
        self.site = site
        self.pages = {}

        def add(src_uri: str, markdown: str, page: CasePage | Generated) -> None:
            files.append(
                File.generated(
                    config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            self.pages[src_uri] = page

        for case in site.pages:
            add(site.case_src(case.id), pages.case_markdown(case, site), CasePage(case))
        self.feeds = {}
        options = self._feed_options(config)
        feeds = {(f.facet, f.value, f.language): f for f in feed_list(result.corpus, options)}
        for facet in FACETS:
            for value in site.facets[facet.name]:
                feed = feeds.get((facet.name, value, self.language))
                markdown, html = pages.listing(site, facet.name, value, feed)
                src = site.facet_src(facet.name, value)
                add(src, markdown, Generated(html))
                if feed is not None:
                    self.feeds[src] = feed
        for src_uri, (markdown, html) in {
            "browse/index.md": pages.browse(site),
            "timeline.md": pages.timeline(site),
            "needs-review.md": pages.needs_review(site),
            "translations.md": pages.translations(site),
            "stats.md": overview.stats(site),
            "explore.md": explorer.page(site),
            "data.md": _data_page(site),
        }.items():
            add(src_uri, markdown, Generated(html))
        guide = self.root / "CONTRIBUTING.md"
        localized = self.root / f"CONTRIBUTING.{self.language}.md"
        if self.language != self.config.languages[0] and localized.is_file():
            guide = localized
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

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A page of docs/ that has no version in the build's language says so."""
        language = self.language
        if language == self.config.languages[0] or page.file.src_uri in self.pages:
            return markdown
        if (
            page.file.src_uri == "contributing.md"
            and (self.root / f"CONTRIBUTING.{language}.md").is_file()
        ):
            return markdown
        source = page.file.abs_src_path or ""
        if source.endswith(f".{language}.md"):
            return markdown
        notice = i18n.translations(language).gettext(UNTRANSLATED_PAGE)
        return f"> {notice}\n\n{markdown}"

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the generated HTML in place: a case's card, body and footer, or a table."""
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
                + pages.citation(made.case, self.site, config.site_name, config.site_url or "")
            )
        return html + str(made.html)

    def _links(self, case: Case, config: MkDocsConfig) -> tuple[str, str]:
        repo = (self.config.repo_url or config.repo_url or "").rstrip("/")
        translation = case.translations.get(self.language)
        path = translation.path if translation is not None else case.path
        edit = f"{repo}/edit/{self.config.branch}/{path}"
        title = f"Correction: {case.id}".replace(" ", "+")
        issue = f"{repo}/issues/new?template=correct-a-case.yml&title={title}"
        return edit, issue

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Point 'edit' at the case file, and give the language switcher its entries."""
        made = self.pages.get(page.file.src_uri)
        if isinstance(made, CasePage):
            page.edit_url = self._links(made.case, config)[0]
        elif made is not None:
            page.edit_url = None
        config.extra["alternate"] = _alternates(self.config.languages)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Point the language switcher at this page in the other languages, and give a
        listing page the <link> to its feed."""
        head = pages.search_script(page.url)
        feed = self.feeds.get(page.file.src_uri)
        if feed is not None and self.site is not None:
            head += pages.feed_link(self.site, page.url, feed)
        output = output.replace("</head>", f"{head}</head>", 1)
        return _localized_links(output, page.url, self.language, self.config.languages)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Give pages rendered before any page context (404.html) the switcher too."""
        config.extra["alternate"] = _alternates(self.config.languages)
        return env

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Static templates (404.html) are not pages: their switcher goes to each home page.
        """Point the switcher of a static template (404.html) at each language's home."""
        return _localized_links(output_content, "", self.language, self.config.languages)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the exports and explorer data, extend the search index, then build the
        other languages; the exports that are the same in every language are made once,
        after that, and written into each language's folder."""
        if self.site is None:
            return
        site, out = self.site, Path(config.site_dir)
        write = _writer(out)
        options = Options(config.site_name, config.site_url or "", self.config.feed_size)
        for item in EXPORTS:
            if not item.shared:
                for rel, text in item.make(site, options):
                    write(rel, text)
        write(explorer.DATA_PATH, explorer.data(site))
        index_path = out / "search" / "search_index.json"
        if index_path.exists():
            index = json.loads(index_path.read_text(encoding="utf-8"))
            index["config"].setdefault("fields", {}).update(search.FIELDS)
            index["docs"] += search.entries(site)
            sizes = []
            for rel, data in (
                ("search/search_index.json", index),
                (search.BODIES, search.bodies(site)),
            ):
                text = _compact_json(data)
                write(rel, text)
                sizes.append(len(gzip.compress(text.encode("utf-8"))) / 2**20)
            first, later = sizes
            log.info(
                f"search index: {len(index['docs'])} entries, {first:.2f} MiB gzipped; "
                f"words of case bodies, fetched after the first query: {later:.2f} MiB"
            )
        if self.language == self.config.languages[0]:
            for feed in feed_files(site.corpus, self._feed_options(config)):
                write(feed.path, feed.text)
            for language in self.config.languages[1:]:
                self._build_language(config, language)
            # after every language's build, which clears its own folder
            writers = [write, *(_writer(out / lang) for lang in self.config.languages[1:])]
            for item in EXPORTS:
                if item.shared:
                    for rel, text in item.make(site, options):
                        for each in writers:
                            each(rel, text)
            moved = redirect_pages(
                site.corpus, config.site_url or "", languages=self.config.languages
            )
            for page in moved:
                write(page.path, page.html)
            gc.unfreeze()  # what the next build (mkdocs serve) no longer needs can go

    def _feed_options(self, config: MkDocsConfig) -> FeedOptions:
        site_url = config.site_url or ""
        if self.language != self.config.languages[0]:
            site_url = site_url.removesuffix(f"{self.language}/")
        return FeedOptions(config.site_name, site_url, languages=self.config.languages)

    def _build_language(self, config: MkDocsConfig, language: str) -> None:
        """Build the site again in another language, into <site_dir>/<language>/: the same
        pages, the theme's interface and ours in that language (as mkdocs-static-i18n does
        for hand-written pages)."""
        saved = (config.site_dir, config.site_url, config.theme["language"], config.nav)
        config.site_dir = str(Path(config.site_dir) / language)
        config.site_url = f"{config.site_url.rstrip('/')}/{language}/" if config.site_url else ""
        config.theme["language"] = language
        config.nav = _translated_nav(config.nav, language)
        self.language = language
        try:
            build(config)  # cleans only <site_dir>/<language>
        finally:
            config.site_dir, config.site_url, config.theme["language"], config.nav = saved
            self.language = self.config.languages[0]

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a case changes."""
        server.watch(str(self.root / "cases"))
        return server


def _compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _writer(out: Path) -> Callable[[str, str], None]:
    """Write files of the site, thousands a build: straight to their place, as MkDocs
    writes its pages, and each folder made once."""
    folders: set[str] = set()

    def write(rel: str, text: str) -> None:
        target = os.path.join(out, rel)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    return write


def _data_page(site: Catalog) -> PageParts:
    html = render(
        "data",
        site=site,
        here=site.url("data.md"),
        exports=EXPORTS,
        notes=[site.t(CSV_NOTE)],
    )
    return PageParts(pages.front_matter(site.t("Data")), html)


def _pages_in(files: Files, config: MkDocsConfig, language: str, languages: list[str]) -> Files:
    """The docs pages of one language: `page.<lang>.md` stands in for `page.md` in its
    language and is left out of the others."""
    others = tuple(f".{lang}.md" for lang in languages[1:])
    localized = {
        file.src_uri[: -len(f".{language}.md")] + ".md": file
        for file in files
        if file.src_uri.endswith(f".{language}.md") and language != languages[0]
    }
    kept = Files([])
    for file in files:
        if file.src_uri.endswith(others):
            continue
        source = localized[file.src_uri].abs_src_path if file.src_uri in localized else None
        if source is not None:
            kept.append(File.generated(config, file.src_uri, abs_src_path=source))
        else:
            kept.append(file)
    return kept


UNTRANSLATED_PAGE = N_("This page is not translated yet; it is shown in English.")
CSV_NOTE = N_(
    "In cases.csv every cell is quoted and rows end in CRLF, so commas, quotes and line "
    "breaks stay inside their cell; a cell or a ;-separated list item that begins with =, +, "
    "-, @, a tab or a line break gets a leading single quote, as OWASP recommends, so that "
    "spreadsheets show it as text instead of running it as a formula. cases.json has the "
    "values unchanged."
)
ALTERNATE = "https://sellerkb.invalid/alternate/"  # replaced in every page by a relative link


def _alternates(languages: list[str]) -> list[dict[str, str]]:
    """The language switcher's entries. Their links are placeholders that `on_post_page`
    replaces with the relative link to the same page in that language: MkDocs' url filter
    cannot point outside the build's own root, where the other language lives."""
    return [
        {"name": i18n.NAMES[lang], "link": f"{ALTERNATE}{lang}/", "lang": lang}
        for lang in languages
    ]


def _localized_links(html: str, url: str, language: str, languages: list[str]) -> str:
    """The page's HTML with the switcher's placeholders pointed at its other languages."""

    def prefix(lang: str) -> str:
        return "" if lang == languages[0] else f"{lang}/"

    here = prefix(language) + url
    for lang in languages:
        html = html.replace(f"{ALTERNATE}{lang}/", relative(here, prefix(lang) + url))
    return html


def _translated_nav(nav: Any, language: str) -> Any:
    """mkdocs.yml's nav with its titles in the language."""
    text = i18n.translations(language).gettext
    if isinstance(nav, list):
        return [_translated_nav(item, language) for item in nav]
    if isinstance(nav, dict):
        return {text(title): _translated_nav(value, language) for title, value in nav.items()}
    return nav
