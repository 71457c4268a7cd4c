"""Old ids keep working on a static host: a redirect page at each old case URL (an alias
or a merged case), with `<meta http-equiv="refresh">`, `rel="canonical"` and a plain link,
so GitHub Pages needs no server rules."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from ..feeds import case_page
from ..kinds import LANGUAGES
from ..model import Corpus
from .render import render


class Moved(NamedTuple):
    """An old id and the id of the case it lives in now."""

    old_id: str
    new_id: str


class RedirectPage(NamedTuple):
    path: str  # the file under the site root: <old page URL>index.html
    html: str


def redirects(corpus: Corpus) -> list[Moved]:
    """Every old id (aliases and merged cases) and where it points, sorted by old id."""
    return [Moved(old, new) for old, new in corpus.redirects.items()]


def redirect_html(target: str, canonical: str, title: str, language: str = "en") -> str:
    """The redirect page itself (templates/sellerkb/redirect.html)."""
    return (
        str(render("redirect", target=target, canonical=canonical, title=title, language=language))
        + "\n"
    )


def redirect_pages(
    corpus: Corpus,
    site_url: str = "",
    page_of: Callable[[str, str], str] = case_page,
    languages: Sequence[str] = LANGUAGES,
    title_of: Callable[[str, str], str] | None = None,
) -> Iterator[RedirectPage]:
    """A redirect page at the old URL of every old id, in every language. `page_of(id,
    language)` is a case page's URL from the site root, ending in "/" (directory URLs);
    `title_of(id, language)` the title to show (default: the case's own)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    for old, new in redirects(corpus):
        case = corpus.cases[new]
        for language in languages:
            here, there = page_of(old, language), page_of(new, language)
            target = posixpath.relpath(there, here) + "/" if here != there else "./"
            title = title_of(new, language) if title_of else case.title
            yield RedirectPage(
                here + "index.html",
                redirect_html(target, base + there if base else target, title, language),
            )
