"""`sellerkb search`: the command's work, and a reader of its usual arguments that needs
no click.

A one-shot search is measured against grep (benchmarks/bench_search.py), and importing
click and cli.py took a tenth of it at 10,000 cases (`python -X importtime`). So the
`sellerkb` entry point (__main__.py) reads the usual form of a search here: words, and
options given once (the repeatable ones any number of times) with values that click
would pass on as they are. Anything else (help, an unknown or repeated option, a value
click refuses or converts, no words, no repository) is left to click (cli.py), which
answers as it always did. Both run `run`; the options read here are those of
`cli.search` (tests/test_search_command.py compares them).

Light to import: the standard library and kinds.py. Whoosh is imported by `run`, once
the listing of the case files has begun (see listing.py).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .kinds import KINDS, LANGUAGES, find_root
from .terminal import colour, echo

if TYPE_CHECKING:
    from .search.store import Freshness, IndexStore

Echo = Callable[..., None]  # click.echo, or terminal.echo: (message, err=False, color=None)

SORTS = ("relevance", "date")
LIMITS = (1, 10000)


class Option(NamedTuple):
    """An option of `sellerkb search`: cli.py makes the click option from it, and `read`
    reads it without click."""

    name: str
    field: str  # of SearchArgs
    help: str | None = None
    metavar: str | None = None
    repeatable: bool = False
    flag: bool = False
    choices: tuple[str, ...] = ()


OPTIONS = (
    Option("--root", "root", "Repository root.", "DIR"),
    Option(
        "--index-dir",
        "index_dir",
        "Where the index lives (default: a folder of the repository under "
        "$XDG_CACHE_HOME/sellerkb, else ~/.cache/sellerkb; never inside the checkout).",
        "DIR",
    ),
    Option("--kind", "kind", "Only this kind (repeatable).", repeatable=True, choices=KINDS),
    Option("--platform", "platform", "Only this platform (repeatable).", "SLUG", True),
    Option("--country", "country", "Marketplace or seller country (repeatable).", "CC", True),
    Option("--topic", "topic", "Only this topic (repeatable).", "SLUG", True),
    Option("--violation", "violation", "Only this violation (repeatable).", "SLUG", True),
    Option("--status", "status", "Only this status (repeatable).", "STATUS", True),
    Option("--since", "since", "Cases dated on or after DATE (YYYY[-MM[-DD]]).", "DATE"),
    Option("--until", "until", "Cases dated on or before DATE.", "DATE"),
    Option("--sort", "sort", choices=SORTS),
    Option("--limit", "limit"),  # a whole number within LIMITS
    Option(
        "--lang",
        "lang",
        "Language of titles and labels (default: from LANGUAGE or LANG, else English; "
        "titles follow the query's language unless this is given).",
        choices=LANGUAGES,
    ),
    Option("--json", "as_json", "One JSON object, for scripts.", flag=True),
)
REPEATABLE = {o.name: o.field for o in OPTIONS if o.repeatable}
SINGLE = {o.name: o.field for o in OPTIONS if not o.repeatable and not o.flag}
FLAGS = {o.name: o.field for o in OPTIONS if o.flag}
CHOICES = {o.name: o.choices for o in OPTIONS if o.choices}


class Failed(Exception):
    """The command cannot go on; the message says why (click shows it as an error)."""


class SearchArgs(NamedTuple):
    """The arguments of `sellerkb search`, as click passes them to cli.search. The filter
    fields are those of `search.query.Filters`, which reads them by name (spelled out
    here, as importing that module imports Whoosh; a test holds the two alike)."""

    words: tuple[str, ...]
    root: str | None = None
    index_dir: str | None = None
    kind: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 10
    lang: str | None = None
    as_json: bool = False


def read(args: list[str]) -> SearchArgs | None:
    """The arguments after `search` as click reads them, or None where only click can
    (to show help, or to refuse them). As in cli.search, an argument with one leading
    '-' (but -h) is a word, and so is anything after --."""
    values: dict[str, Any] = {}
    words: list[str] = []
    rest = False
    given = iter(args)
    for arg in given:
        name, equals, value = arg.partition("=")
        if rest or (not arg.startswith("--") and name != "-h"):
            words.append(arg)
            continue
        if arg == "--":
            rest = True
            continue
        if name in FLAGS and not equals:
            values[FLAGS[name]] = True
            continue
        field = REPEATABLE.get(name) or SINGLE.get(name)
        if field is None:
            return None  # help, or an option click refuses
        if not equals:
            value = next(given, "")
        if not value or value.startswith("-"):
            return None
        if name in CHOICES and value not in CHOICES[name]:
            return None
        if name == "--limit":
            if not (value.isascii() and value.isdigit() and len(value) < 6):
                return None
            if not LIMITS[0] <= int(value) <= LIMITS[1]:
                return None
            values[field] = int(value)
        elif name in REPEATABLE:
            values[field] = (*values.get(field, ()), value)
        elif field in values:
            return None
        else:
            values[field] = value
    return SearchArgs(tuple(words), **values) if words else None


def repository(option: str | None) -> Path | None:
    """The repository root: the folder --root names if it has cases/, else (without
    --root) the nearest folder from here up with cases/vocabulary.yml; None if none."""
    if option:
        root = Path(option).resolve()
        return root if (root / "cases").is_dir() else None
    return find_root(Path.cwd().resolve())


@contextlib.contextmanager
def progress() -> Iterator[Any]:
    """A progress callback that draws a bar on a terminal (rich, imported only then)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("indexing", total=None)

        def update(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        yield update


def open_store(repo: Path, index_dir: str | None) -> IndexStore:
    """The search index of the repository, in its cache folder or in index_dir."""
    from .search.store import IndexStore, IndexUnavailable

    try:
        return IndexStore(repo, Path(index_dir).resolve() if index_dir else None)
    except IndexUnavailable as exc:
        raise Failed(str(exc)) from None


def bring_up_to_date(
    store: IndexStore, echo: Echo, listed: Callable[[], str] | None = None
) -> Freshness | None:
    """Bring the index up to date, saying on stderr what the reader should know; None
    when it could not be (the last complete index is searched)."""
    from .search.store import IndexBusy, IndexUnavailable

    try:
        with progress() as update:
            fresh = store.ensure_fresh(update, listed)
    except IndexBusy as exc:
        echo(f"sellerkb: {exc}; searching the last complete index", err=True)
        return None
    except IndexUnavailable as exc:
        raise Failed(str(exc)) from None
    if fresh.outdated:
        echo(f"sellerkb: {fresh.outdated}", err=True)
        return None
    if fresh.notice:
        echo(f"sellerkb: {fresh.notice}; rebuilt it from the cases", err=True)
    if fresh.skipped:
        echo(
            f"sellerkb: {fresh.skipped} case file{'s' if fresh.skipped != 1 else ''} "
            "with errors not indexed; run 'sellerkb validate' to see why",
            err=True,
        )
    return fresh


def run(args: SearchArgs, repo: Path, echo: Echo) -> None:
    """Search the repository's cases and print the results; exit 2 on a bad query."""
    from . import listing

    listed = listing.start(repo)  # in a child process, while Whoosh is imported

    from .search import present
    from .search.fields import weighting
    from .search.labels import environment_language
    from .search.query import Filters, QueryError
    from .search.query import run as run_query
    from .search.store import DAMAGE, IndexBusy, IndexUnavailable

    text = " ".join(args.words)
    try:
        filters = Filters.given(args)
    except QueryError as exc:
        echo(f"sellerkb: {exc}", err=True)
        sys.exit(2)
    store = open_store(repo, args.index_dir)
    bring_up_to_date(store, echo, listed)
    language = args.lang or environment_language()
    for attempt in (1, 2, 3):
        try:
            with store.open().searcher(weighting=weighting()) as searcher:
                results = run_query(
                    searcher, text, filters, args.sort, args.limit, args.lang, language
                )
            break
        except QueryError as exc:
            echo(f"sellerkb: bad query: {exc}", err=True)
            sys.exit(2)
        except DAMAGE as exc:
            if attempt == 1:
                continue  # a writer may have replaced what was opened: open the index again
            if attempt == 3:
                raise Failed(f"the search index cannot be read: {exc}") from None
            echo(  # a damaged index: rebuild it once from the cases
                f"sellerkb: the search index was damaged ({type(exc).__name__}); "
                "rebuilding it from the cases",
                err=True,
            )
            try:
                store.rebuild()
            except (IndexBusy, IndexUnavailable) as unavailable:
                raise Failed(str(unavailable)) from None
    shown = present.as_json(results) if args.as_json else present.text(results, colour(), language)
    echo(shown, color=colour())


def _click_writes_as_is() -> bool:
    """Whether click would write to stdout and stderr as they are (it wraps one with an
    ASCII encoding anew) and no shell asks it for completions."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or codecs.lookup(stream.encoding or "ascii").name == "ascii":
            return False
    return not any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def search_without_click(args: list[str]) -> None:
    """Run `sellerkb search ARGS` and exit, when they have the usual form; else return,
    for click to read them. Failures end as click ends them."""
    parsed = read(args) if _click_writes_as_is() else None
    repo = repository(parsed.root) if parsed else None
    if parsed is None or repo is None:
        return
    try:
        run(parsed, repo, echo)
    except Failed as exc:
        import click

        click.ClickException(str(exc)).show()
        sys.exit(1)
    except (EOFError, KeyboardInterrupt):
        echo("", err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        # The reader has gone (`| head`): write nothing more, not even at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        sys.exit(1)
    sys.exit(0)
