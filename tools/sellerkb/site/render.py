"""Markup from Jinja2 templates with autoescaping: the only way the plugin writes HTML.

Templates live in `templates/sellerkb/`; a theme overrides one by putting a file of the
same name under its `custom_dir` (`overrides/sellerkb/case_card.html`), as with Material's
own partials.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import i18n

TEMPLATES = Path(__file__).parent / "templates"
SAFE_SCHEMES = ("https://", "http://", "mailto:")


def safe_url(href: object) -> bool:
    """Whether an external link may point there: http, https or mailto only."""
    return str(href).lower().startswith(SAFE_SCHEMES)


@cache
def environment(theme_dirs: tuple[str, ...] = (), language: str = "en") -> Environment:
    """The template environment of a language: the theme's folders first, then ours.
    It reads each template once; `use_theme` starts each build with new environments."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(list(theme_dirs)), FileSystemLoader(TEMPLATES)]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=False,
        auto_reload=False,  # else every render checks its template's file
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(language), newstyle=True
    )
    env.globals["gettext"] = env.globals["_"] = _gettext(language)
    env.globals["safe_url"] = safe_url
    return env


def _gettext(language: str) -> Callable[..., Markup]:
    """Jinja's newstyle gettext for autoescaped templates (the translation as Markup,
    %-formatted with the call's variables, none too), with each message that takes no
    variables translated once: every page asks for the same labels, 100,000s a build."""
    translate = i18n.translations(language).gettext

    @cache
    def constant(message: str) -> Markup:
        return Markup(translate(message)) % {}

    def gettext(message: str, **variables: Any) -> Markup:
        if variables:
            return Markup(translate(message)) % variables
        return constant(message)

    return gettext


_theme: tuple[str, ...] = ()


def use_theme(dirs: Sequence[str]) -> None:
    """Look for template overrides in these folders (the theme's, custom_dir first), and
    read the templates again (a build under `mkdocs serve` sees the edited ones)."""
    global _theme
    _theme = tuple(dirs)
    environment.cache_clear()


def render(name: str, **context: Any) -> Markup:
    """A template of ours (`sellerkb/<name>.html`) rendered with context."""
    site = context.get("site")
    language = str(context.get("language") or getattr(site, "language", "en"))
    template = environment(_theme, language).get_template(f"sellerkb/{name}.html")
    return Markup(template.render(**context).strip())
