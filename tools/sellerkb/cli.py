"""The `sellerkb` command. Thin: parse arguments, call the package, map results to exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .kinds import KINDS, LANGUAGES
from .search_command import LIMITS, OPTIONS, Failed, SearchArgs, repository
from .terminal import colour as _colour

if TYPE_CHECKING:
    from .search.store import Freshness, IndexStore


def _root(option: str | None) -> Path:
    found = repository(option)
    if found is None and option:
        raise click.UsageError(f"--root {option}: there is no cases/ folder there")
    if found is None:
        raise click.UsageError(
            "no cases/vocabulary.yml in this folder or any parent; "
            "run inside a sellerkb repository or pass --root DIR"
        )
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="sellerkb")
def main() -> None:
    """sellerkb: marketplace seller bans, lawsuits and policy changes, as sourced case files.

    \b
    Examples:
      sellerkb validate                  check every case
      sellerkb new bans amazon-xyz-2024  start a new case
      sellerkb rules SKB305              explain a problem code
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--root",
    metavar="DIR",
    help="Repository root (default: nearest folder with cases/vocabulary.yml).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option(
    "--changed",
    "base",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[BASE]",
    help="Check only the case files that differ from git BASE (default: the merge "
    "base with origin/main, else HEAD) and the cases that refer to them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for pull-request annotations.",
)
def validate(
    paths: tuple[str, ...], root: str | None, strict: bool, base: str | None, fmt: str
) -> None:
    """Check case files and report every problem.

    With PATHS (files or folders) or --changed, only those files are checked and
    reported, against the whole corpus. Exit status: 0 no errors, 1 errors (or warnings
    with --strict), 2 usage error.

    \b
    Examples:
      sellerkb validate
      sellerkb validate cases/bans/amazon-pakistan-seller-closures-2022.md
      sellerkb validate --changed
      sellerkb validate --changed main --strict --format github
    """
    from . import report
    from .load import load_corpus

    root_dir = _root(root)
    only = _select(root_dir, paths) if paths else None
    if base is not None:
        from .changes import GitError, changed_paths, default_base, to_check

        try:
            changed = changed_paths(root_dir, base or default_base(root_dir))
        except GitError as exc:
            raise click.UsageError(f"--changed: {exc}") from None
        only = (only or set()) | to_check(root_dir, changed)
    result = load_corpus(root_dir, only=only, keep=False, jobs=os.cpu_count() or 1)
    from .changes import tracked_index

    problems = [*tracked_index(root_dir), *result.problems]
    if only is not None and result.fingerprints:
        from .cache import CacheError, cache_folder, check_owner
        from .changes import fingerprints
        from .checks.duplicates import duplicates

        cache: Path | None
        try:
            cache = cache_folder(root_dir)
            check_owner(cache)
        except CacheError:
            cache = None  # read every case instead
        others = fingerprints(root_dir, cache)
        problems = [*problems, *duplicates(result.fingerprints, among=others)]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    files = len(result.files) + len(result.translations)
    if fmt == "json":
        click.echo(report.as_json(files, problems))
    elif fmt == "github":
        click.echo(report.github(files, problems))
    else:
        click.echo(report.text(files, problems, _colour()), color=_colour())
    errors = any(p.severity.value == "error" for p in problems)
    if errors or (strict and problems):
        sys.exit(1)


def _select(root: Path, paths: tuple[str, ...]) -> set[str]:
    """The paths to check for PATHS, by the discovery rules of a full run: a folder brings
    everything under it, a link is checked as a link (never followed)."""
    from .changes import expand

    selected: set[str] = set()
    for given in paths:
        target = Path(given)
        if not target.is_absolute() and not os.path.lexists(target):
            target = root / given  # relative to --root when not found from here
        if not os.path.lexists(target):
            raise click.UsageError(f"{_shown(given)} does not exist")
        # Resolve the folder it is in, not the path itself: a link is what gets checked.
        absolute = Path(os.path.abspath(target))
        try:
            parent = absolute.parent.resolve()
        except (OSError, RuntimeError):  # a link loop on the way
            parent = absolute.parent
        full = parent / absolute.name
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise click.UsageError(f"{_shown(given)} is not inside the root {root}") from None
        if rel == ".":
            rel = "cases"
        if rel != "cases" and not rel.startswith("cases/"):
            raise click.UsageError(
                f"{_shown(given)} is not under cases/; validate checks case files "
                "(run it without PATHS to check them all)"
            )
        selected.add(rel)
    return expand(root, selected)


def _shown(name: str) -> str:
    """A file name as one line of plain text, whatever characters it holds."""
    from .report import printable

    return printable(name)


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("case_id", metavar="ID")
@click.option("--root", metavar="DIR", help="Repository root.")
@click.option("--title", help="The case's title (8-160 characters).")
@click.option("--platform", help="A platforms slug (for policies: the issuer).")
@click.option("--date", help="When it began: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--source-url", help="URL of the first source.")
@click.option("--source-title", help="Title of the first source.")
def new(
    kind: str,
    case_id: str,
    root: str | None,
    title: str | None,
    platform: str | None,
    date: str | None,
    source_url: str | None,
    source_title: str | None,
) -> None:
    """Write a new case file from a template; prompt on a terminal for what is missing.

    Never overwrites: if the file or the id exists in any kind, it exits 1 and changes
    nothing.

    \b
    Example:
      sellerkb new bans amazon-example-closures-2024 --platform amazon --date 2024-05 \\
        --title "Amazon closes example accounts" --source-url https://example.org/a
    """
    from .load import load_corpus
    from .model import Kind, parse_date, valid_id
    from .new import CaseExists, existing_case, next_steps, render, write_new

    base = _root(root)
    if not valid_id(case_id):
        raise click.UsageError(
            f"'{case_id}' is not a valid id: use 3 to 80 characters of a-z, "
            "0-9 and single '-', e.g. amazon-pakistan-closures-2022"
        )
    clash = existing_case(base, case_id)
    if clash is not None:
        raise click.ClickException(
            f"a case with id '{case_id}' already exists: "
            f"{clash.relative_to(base).as_posix()}; nothing was written"
        )
    interactive = sys.stdin.isatty()

    def ask(value: str | None, prompt: str, default: str) -> str:
        if value is None and interactive:
            return str(click.prompt(prompt, default=default or None, show_default=bool(default)))
        return value if value is not None else default

    title = ask(title, "Title", "TODO: a title of 8 to 160 characters")
    platform = ask(platform, "Platform slug" if kind != "policies" else "Issuer slug", "amazon")
    date = ask(date, "Date (YYYY-MM-DD, YYYY-MM or YYYY)", "")
    source_title = ask(source_title, "Source title", "TODO: the source's title")
    source_url = ask(source_url, "Source URL", "")
    try:
        date = parse_date(date)
    except Exception:
        raise click.UsageError(f"--date '{date}' is not YYYY-MM-DD, YYYY-MM or YYYY") from None
    target = base / "cases" / kind / f"{case_id}.md"
    try:
        write_new(target, render(Kind(kind), title, platform, date, source_url, source_title))
    except CaseExists:
        raise click.ClickException(
            f"{target.relative_to(base).as_posix()} already exists; nothing was written"
        ) from None
    rel = target.relative_to(base).as_posix()
    problems = load_corpus(base, only={rel}).problems
    click.echo(next_steps(rel, problems))


def _store(root: str | None, index_dir: str | None) -> IndexStore:
    from .search_command import open_store

    try:
        return open_store(_root(root), index_dir)
    except Failed as exc:
        raise click.ClickException(str(exc)) from None


def _fresh_store(root: str | None, index_dir: str | None) -> Freshness | None:
    from .search_command import bring_up_to_date

    try:
        return bring_up_to_date(_store(root, index_dir), click.echo)
    except Failed as exc:
        raise click.ClickException(str(exc)) from None


class _QueryCommand(click.Command):
    """A command whose words may start with '-' (`-amazon` leaves out cases with amazon):
    an argument with one leading '-' that is none of the command's options is a word."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        known = {opt for p in params for opt in (*p.opts, *p.secondary_opts)}
        valued = {opt for p in params if not p.is_flag and not p.count for opt in p.opts}
        options: list[str] = []
        words: list[str] = []
        value_next = rest = False
        for arg in args:
            name = arg.split("=", 1)[0]
            if rest:
                words.append(arg)
            elif value_next:
                options.append(arg)
                value_next = False
            elif arg == "--":
                rest = True
            elif arg.startswith("--") or name in known:
                options.append(arg)
                value_next = name in valued and "=" not in arg
            else:
                words.append(arg)
        return super().parse_args(ctx, [*options, "--", *words])


def _search_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of `search`, from the table its reader without click uses too."""
    defaults = SearchArgs._field_defaults
    for option in reversed(OPTIONS):
        settings: dict[str, Any] = {"help": option.help, "metavar": option.metavar}
        if option.flag:
            settings["is_flag"] = True
        elif option.repeatable:
            settings["multiple"] = True
        if option.choices:
            settings["type"] = click.Choice(option.choices)
        elif option.field == "limit":
            settings["type"] = click.IntRange(*LIMITS)
        if not option.repeatable and defaults[option.field] is not None and not option.flag:
            settings.update(default=defaults[option.field], show_default=True)
        command = click.option(option.name, option.field, **settings)(command)
    return command


@main.command(cls=_QueryCommand)
@click.argument("words", nargs=-1, required=True, metavar="QUERY")
@_search_options
def search(**options: Any) -> None:
    """Search the cases, in English or Chinese. The index (in your cache folder, never in
    the checkout) is brought up to date first.

    Cases with more of the words come first, and those with them in the title or in the
    names of their platforms, topics and violations (aliases in both languages count:
    "frozen funds", 冻结); cases with only some of the words follow. English is stemmed
    (suspensions finds suspension). Syntax: "a phrase"; AND; OR; -word or NOT word
    (leaves out cases with it); field:value (title:, names:, platform:, status:, kind:,
    country:, topic:, violation:, forum:, issuer:, authority:, id:); prefix* . Repeating a
    filter ORs its values; different filters AND together. Anything after -- is a word.

    \b
    Examples:
      sellerkb search amazon kept my money after suspension
      sellerkb search "related accounts" --platform amazon --country GB
      sellerkb search arbitration --topic fund-freeze --since 2022
      sellerkb search 亚马逊 仲裁
      sellerkb search appeal -amazon
      sellerkb search "status:pending platform:temu" --json
    """
    from .search_command import run

    args = SearchArgs(**options)
    try:
        run(args, _root(args.root), click.echo)
    except Failed as exc:
        raise click.ClickException(str(exc)) from None


@main.command("index")
@click.option("--root", metavar="DIR", help="Repository root.")
@click.option(
    "--index-dir",
    metavar="DIR",
    help="Where the index lives (default: a folder of the repository under "
    "$XDG_CACHE_HOME/sellerkb, else ~/.cache/sellerkb; never inside the checkout).",
)
@click.option("--rebuild", is_flag=True, help="Build the index anew from the cases.")
def index_command(root: str | None, index_dir: str | None, rebuild: bool) -> None:
    """Bring the search index up to date (searches do this by themselves).

    \b
    Examples:
      sellerkb index
      sellerkb index --rebuild
    """
    import time

    start = time.perf_counter()
    if rebuild:
        from .search.store import IndexUnavailable
        from .search_command import progress

        store = _store(root, index_dir)
        try:
            with progress() as update:
                fresh = store.rebuild(update)
        except IndexUnavailable as exc:
            raise click.ClickException(str(exc)) from None
    else:
        fresh_or_none = _fresh_store(root, index_dir)
        if fresh_or_none is None:
            sys.exit(1)
        fresh = fresh_or_none
    seconds = time.perf_counter() - start
    what = (
        "rebuilt"
        if fresh.rebuilt
        else f"{fresh.added} added, {fresh.updated} updated, {fresh.removed} removed"
    )
    click.echo(f"index {what}; {fresh.skipped} skipped with errors ({seconds:.2f} s)")


@main.command("from-issue")
@click.argument("issue_file", metavar="FILE", type=click.File("rb"))
@click.option("--root", metavar="DIR", help="Repository root.")
def from_issue(issue_file: Any, root: str | None) -> None:
    """Turn the body of a "Report a case" issue into a case file, then validate it.

    FILE holds the issue body as GitHub shows it (Markdown with '### Label' headings);
    '-' reads standard input. The file is never written over another case. Exit status:
    0 a valid case was written, 1 it was written but needs fixing (see the problems), or
    nothing could be written.

    \b
    Examples:
      gh issue view 123 --json body -q .body | sellerkb from-issue -
      sellerkb from-issue issue-123.md
    """
    from .from_issue import MAX_BYTES, IssueError, case_from_issue, unique_id
    from .load import load_corpus
    from .new import CaseExists, next_steps, write_new

    base = _root(root)
    raw = issue_file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise click.ClickException("the issue body is larger than 256 KiB; is it the right file?")
    try:
        kind, case_id, content = case_from_issue(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise click.ClickException("the issue body is not UTF-8 text") from None
    except IssueError as exc:
        raise click.ClickException(str(exc)) from None
    case_id = unique_id(base, case_id)
    target = base / "cases" / kind.value / f"{case_id}.md"
    try:
        write_new(target, content)
    except CaseExists:
        raise click.ClickException(f"{target} already exists; nothing was written") from None
    rel = target.relative_to(base).as_posix()
    problems = load_corpus(base, only={rel}).problems
    from . import report

    if problems:
        click.echo(report.text(1, problems, _colour()), color=_colour())
        click.echo("")
    click.echo(next_steps(rel, problems))
    if any(p.severity.value == "error" for p in problems):
        sys.exit(1)


@main.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only the schema of one kind.")
def schema(kind: str | None) -> None:
    """Print the JSON Schema (Draft 2020-12) of case front matter, generated from the model.

    \b
    Examples:
      sellerkb schema > case.schema.json
      sellerkb schema --kind lawsuits
    """
    from .case_schema import case_schema
    from .model import Kind

    click.echo(json.dumps(case_schema(Kind(kind) if kind else None), indent=2))


@main.command()
@click.argument("code", required=False)
def rules(code: str | None) -> None:
    """List the problem codes, or explain one.

    \b
    Examples:
      sellerkb rules
      sellerkb rules SKB204
    """
    from .problems import RULES

    if code:
        rule = RULES.get(code.upper())
        if rule is None:
            raise click.UsageError(f"no problem code '{code}'; 'sellerkb rules' lists them")
        click.echo(f"{rule.code} ({rule.severity.value}): {rule.title}\n\n{rule.explanation}")
        return
    for rule in RULES.values():
        click.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.title}")


@main.command()
@click.option("--root", metavar="DIR", help="Repository root.")
@click.option("--check", is_flag=True, help="Exit 1 if a generated page is stale; write nothing.")
def docs(root: str | None, check: bool) -> None:
    """Regenerate the docs pages made from the code (case format, problem codes).

    \b
    Examples:
      sellerkb docs
      sellerkb docs --check
    """
    from .docgen import contributing, render_all, write_all

    base = _root(root) / "docs"
    if check:
        stale = [
            page
            for page, content in render_all().items()
            if not (base / page).is_file() or (base / page).read_text(encoding="utf-8") != content
        ]
        guide = base.parent / "CONTRIBUTING.md"
        if guide.is_file() and contributing(guide.read_text(encoding="utf-8")) != guide.read_text(
            encoding="utf-8"
        ):
            stale.append("CONTRIBUTING.md")
        if stale:
            raise click.ClickException(
                "stale generated pages: " + ", ".join(stale) + "; run 'sellerkb docs'"
            )
        click.echo("generated pages are up to date")
        return
    for path in write_all(base):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("case_id", metavar="ID")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), required=True)
@click.option("--root", metavar="DIR", help="Repository root.")
@click.option(
    "--refresh",
    is_flag=True,
    help="The translation is up to date again: record the original's current fingerprint.",
)
def translate(case_id: str, language: str, root: str | None, refresh: bool) -> None:
    """Start a translation of a case, or record that one is up to date.

    Writes cases/<kind>/<ID>.<LANG>.md with the original's text to translate and its
    fingerprint filled in; never over an existing file. With --refresh, only the
    translation's `translated_from` line is updated, after you brought it in line with
    the original.

    \b
    Examples:
      sellerkb translate shileziyou-v-amazon-2021 --lang zh
      sellerkb translate shileziyou-v-amazon-2021 --lang zh --refresh
    """
    from .load import load_corpus
    from .new import existing_case
    from .translations import fingerprint, restamp
    from .write import CaseExists, case_text, replace, write_new

    base = _root(root)
    found = existing_case(base, case_id)
    if found is None:
        raise click.UsageError(f"there is no case '{case_id}'; 'sellerkb search' finds ids")
    rel = found.relative_to(base).as_posix()
    case = load_corpus(base, only={rel}).corpus.cases.get(found.stem)
    if case is None:
        raise click.ClickException(
            f"{rel} has errors; fix them first (sellerkb validate {rel}), then translate it"
        )
    if case.meta.language == language:
        raise click.UsageError(f"{rel} is written in '{language}' already")
    stamp = fingerprint(case.title, case.meta.summary, case.body)
    target = found.with_name(f"{found.stem}.{language}.md")
    shown = target.relative_to(base).as_posix()
    if refresh:
        if not target.is_file():
            raise click.ClickException(f"{shown} does not exist; run without --refresh first")
        replace(target, restamp(target.read_text(encoding="utf-8"), stamp))
        click.echo(f"Recorded in {shown} that it follows the original as it is now.")
        return
    fields = {
        "title": f"TODO: {case.title}"[:160],
        "summary": f"TODO: {case.meta.summary}"[:600],
        "translated_from": stamp,
    }
    body = "TODO: translate the text below, headings too; keep every number and link.\n\n"
    try:
        write_new(target, case_text(fields, body + case.body))
    except CaseExists:
        raise click.ClickException(f"{shown} already exists; nothing was written") from None
    click.echo(
        f"Created {shown}.\n\nNext steps:\n"
        f"  1. Translate the title, summary and body; replace every TODO.\n"
        f"  2. Check it:   sellerkb validate {shown}\n"
        f"  3. When the original changes later, update the translation and run\n"
        f"     sellerkb translate {case_id} --lang {language} --refresh"
    )


@main.command()
@click.option("--root", metavar="DIR", help="Repository root.")
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES))
@click.option("--json", "as_json", is_flag=True, help="One JSON object, for scripts.")
def translations(root: str | None, languages: tuple[str, ...], as_json: bool) -> None:
    """Report translation coverage: translated, stale and missing, by language and kind.

    Exit status 0 when every case is translated and none is stale, 1 otherwise.

    \b
    Examples:
      sellerkb translations
      sellerkb translations --lang zh --json
    """
    from .load import load_corpus
    from .model import coverage

    rows = coverage(load_corpus(_root(root)).corpus, languages or LANGUAGES)
    rows = [row for row in rows if row.cases]
    if as_json:
        click.echo(
            json.dumps(
                [{**row.__dict__, "percent": round(row.percent, 1)} for row in rows], indent=2
            )
        )
    else:
        for row in rows:
            click.echo(
                f"{row.language}  {row.kind:<9} {row.translated - len(row.stale):>4} of "
                f"{row.cases:>4} up to date ({row.percent:.0f}%); {len(row.stale)} stale, "
                f"{len(row.missing)} missing"
            )
            for case_id in row.stale:
                click.echo(f"    stale:   {case_id}")
            for case_id in row.missing:
                click.echo(f"    missing: {case_id}")
    if any(row.stale or row.missing for row in rows):
        sys.exit(1)
