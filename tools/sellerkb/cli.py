"""The `sellerkb` command. Thin: parse arguments, call the package, map results to exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import __version__

KINDS = ("bans", "lawsuits", "policies")


def _root(option: str | None) -> Path:
    from .discover import find_root

    if option:
        root = Path(option).resolve()
        if not (root / "cases").is_dir():
            raise click.UsageError(f"--root {option}: there is no cases/ folder there")
        return root
    found = find_root(Path.cwd().resolve())
    if found is None:
        raise click.UsageError(
            "no cases/vocabulary.yml in this folder or any parent; "
            "run inside a sellerkb repository or pass --root DIR"
        )
    return found


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


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
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for pull-request annotations.",
)
def validate(paths: tuple[str, ...], root: str | None, strict: bool, fmt: str) -> None:
    """Check case files and report every problem.

    With PATHS (files or folders), only those are reported, checked against the whole
    corpus. Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.

    \b
    Examples:
      sellerkb validate
      sellerkb validate cases/bans/amazon-pakistan-closures-2022.md
      sellerkb validate --strict --format github
    """
    from . import report
    from .load import load_corpus

    base = _root(root)
    only = _select(base, paths) if paths else None
    result = load_corpus(base, only=only, keep=False, jobs=os.cpu_count() or 1)
    files = len(result.files)
    if fmt == "json":
        click.echo(report.as_json(files, result.problems))
    elif fmt == "github":
        click.echo(report.github(files, result.problems))
    else:
        click.echo(report.text(files, result.problems, _colour()), color=_colour())
    if result.errors or (strict and result.warnings):
        sys.exit(1)


def _select(root: Path, paths: tuple[str, ...]) -> set[str]:
    from .discover import discover

    known = {f.rel for f in discover(root).files}
    selected: set[str] = set()
    for given in paths:
        target = Path(given).resolve()
        try:
            rel = target.relative_to(root).as_posix()
        except ValueError:
            raise click.UsageError(f"{given} is not inside the root {root}") from None
        if not os.path.lexists(target):
            raise click.UsageError(f"{given} does not exist")
        if target.is_dir() and not target.is_symlink():
            prefix = "" if rel == "." else rel + "/"
            selected |= {k for k in known if k.startswith(prefix)}
            selected |= {
                str(p.relative_to(root).as_posix()) for p in target.rglob("*") if not p.is_dir()
            }
        else:
            selected.add(rel)
    return selected


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


@main.command()
@click.option("--kind", type=click.Choice(KINDS), help="Only the schema of one kind.")
def schema(kind: str | None) -> None:
    """Print the JSON Schema (Draft 2020-12) of case front matter, generated from the model.

    \b
    Examples:
      sellerkb schema > case.schema.json
      sellerkb schema --kind lawsuits
    """
    from .model import Kind
    from .schema import case_schema

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
    from .docgen import render_all, write_all

    base = _root(root) / "docs"
    if check:
        stale = [
            page
            for page, content in render_all().items()
            if not (base / page).is_file() or (base / page).read_text(encoding="utf-8") != content
        ]
        if stale:
            raise click.ClickException(
                "stale generated pages: " + ", ".join(stale) + "; run 'sellerkb docs'"
            )
        click.echo("generated pages are up to date")
        return
    for path in write_all(base):
        click.echo(f"wrote {path}")
