"""discover -> parse -> check -> model: the one way every consumer gets cases."""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .casefile import MAX_FILE_BYTES, Document, decode, parse_yaml, read_case
from .checks import body as body_checks
from .checks import corpus as corpus_checks
from .checks import fields as field_checks
from .checks.duplicates import Fingerprint, duplicates, fingerprint
from .discover import VOCABULARY, CaseFile, discover
from .model import FIELDS_BY_KIND, Case, Corpus, Vocabulary
from .problems import Problem, Severity

VOCABULARY_PATH = f"cases/{VOCABULARY}"


@dataclass
class LoadResult:
    corpus: Corpus
    problems: list[Problem]
    files: list[CaseFile]
    rejected: set[str] = field(default_factory=set)  # paths of case files with errors
    outputs: dict[str, Any] = field(default_factory=dict)  # path -> transform(case)
    fingerprints: list[Fingerprint] = field(default_factory=list)  # of the valid cases

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def load_vocabulary(path: Path | None) -> tuple[Vocabulary, Document | None, list[Problem]]:
    empty = Vocabulary(platforms=[], authorities=[], topics=[], violations=[])
    if path is None:
        return empty, None, []
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return (
            empty,
            None,
            [
                Problem(
                    VOCABULARY_PATH,
                    1,
                    1,
                    "SKB111",
                    f"cannot read the vocabulary: {exc.strerror}",
                    "",
                )
            ],
        )
    text, problems = decode(raw, VOCABULARY_PATH)
    if text is None:
        return empty, None, problems
    doc, more = parse_yaml(text, VOCABULARY_PATH)
    problems += more
    if doc is None:
        return empty, None, problems
    try:
        vocabulary = Vocabulary.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line, column = doc.line_of(loc)
            problems.append(
                Problem(
                    VOCABULARY_PATH,
                    line,
                    column,
                    "SKB601",
                    f"{field_checks.dotted(loc)}: {err['msg']}",
                    "each list entry has slug, name and description",
                )
            )
        return empty, doc, problems
    seen: dict[str, str] = {}
    for group in ("platforms", "authorities", "topics", "violations"):
        for index, term in enumerate(getattr(vocabulary, group)):
            if term.slug in seen:
                problems.append(
                    Problem(
                        VOCABULARY_PATH,
                        *doc.line_of((group, index, "slug")),
                        "SKB601",
                        f"slug '{term.slug}' appears twice (also in {seen[term.slug]})",
                        "slugs are unique across all lists",
                    )
                )
            seen[term.slug] = group
    return vocabulary, doc, problems


def load_file(
    file: CaseFile, vocabulary: Vocabulary | None
) -> tuple[Case | None, Document | None, list[body_checks.CaseLink], list[Problem]]:
    try:
        with open(file.path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return (
            None,
            None,
            [],
            [Problem(file.rel, 1, 1, "SKB111", f"cannot read '{file.rel}': {exc.strerror}", "")],
        )
    parsed, problems = read_case(raw, file.rel)
    if parsed is None:
        return None, None, [], problems
    doc = parsed.front_matter
    model = FIELDS_BY_KIND[file.kind]
    more, links = body_checks.check_body(parsed.body, parsed.body_line, file.rel)
    problems += more
    problems += field_checks.text_checks(doc, parsed.body, parsed.body_line, file.rel)
    data, empty = field_checks.drop_empty(doc, file.rel)
    problems += empty
    try:
        meta = model.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        problems += field_checks.field_problems(
            exc, doc, file.rel, file.kind, model, empty={p.message.split(":")[0] for p in empty}
        )
        return None, doc, links, problems
    if empty:
        return None, doc, links, problems
    targets = tuple(dict.fromkeys(link.target for link in links))
    case = Case(file.id, file.kind, file.rel, meta, parsed.body, parsed.body_line, targets)
    return case, doc, links, problems


@dataclass
class _Checked:
    case: Any  # the Case, what `transform` made of it, or None
    problems: list[Problem]
    used: set[str]  # vocabulary slugs the case uses
    fingerprint: Fingerprint | None = None


Transform = Callable[[Case], Any]


def _nothing(case: Case) -> None:
    return None


def _check(
    file: CaseFile, vocabulary: Vocabulary | None, ids: set[str], transform: Transform | None
) -> _Checked:
    case, doc, links, problems = load_file(file, vocabulary)
    if doc is not None:
        problems += corpus_checks.references(file, doc, links, ids)
    if case is None or doc is None:
        return _Checked(None, problems, set())
    made = transform(case) if transform else case
    return _Checked(made, problems, corpus_checks.slugs_used(case), fingerprint(case, doc))


_WORK: tuple[list[CaseFile], Vocabulary | None, set[str], Transform | None] | None = None


def _check_chunk(bounds: tuple[int, int]) -> list[_Checked]:
    assert _WORK is not None
    files, vocabulary, ids, transform = _WORK  # GC settings come with the fork too
    return [_check(file, vocabulary, ids, transform) for file in files[bounds[0] : bounds[1]]]


@contextmanager
def _no_gc() -> Iterator[None]:
    """Rare GC passes while loading: the loader makes many small objects that all live to
    the end, so frequent passes only cost time. (Turning GC off saved a little more time
    but let each worker grow by half.)"""
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _check_all(
    files: list[CaseFile],
    vocabulary: Vocabulary | None,
    ids: set[str],
    transform: Transform | None,
    parallel: bool,
    jobs: int,
) -> list[_Checked]:
    if not parallel or jobs < 2 or len(files) < 2000 or "fork" not in mp.get_all_start_methods():
        return [_check(file, vocabulary, ids, transform) for file in files]
    global _WORK
    _WORK = (files, vocabulary, ids, transform)  # inherited by the forked workers, not pickled
    try:
        size = max(200, len(files) // (jobs * 4))
        chunks = [(i, min(i + size, len(files))) for i in range(0, len(files), size)]
        with mp.get_context("fork").Pool(jobs) as pool:
            return [item for chunk in pool.map(_check_chunk, chunks) for item in chunk]
    finally:
        _WORK = None


def load_corpus(
    root: Path,
    only: Iterable[str] | None = None,
    *,
    keep: bool = True,
    jobs: int = 1,
    transform: Transform | None = None,
) -> LoadResult:
    """Load and check the cases under root/cases.

    The corpus holds the cases without errors. With `only` (paths relative to root),
    just those files are parsed and reported, checked against the ids of all cases.
    keep=False skips building the corpus (for validation alone); `transform` instead
    keeps what it makes of each valid case in `outputs` (by path). Either lets `jobs`
    forked worker processes share the work, as cases themselves are costly to send back.
    """
    with _no_gc():
        return _load_corpus(root, only, keep=keep, jobs=jobs, transform=transform)


def _load_corpus(
    root: Path,
    only: Iterable[str] | None,
    *,
    keep: bool,
    jobs: int,
    transform: Transform | None,
) -> LoadResult:
    found = discover(root)
    problems = list(found.problems)
    vocabulary, vocab_doc, more = load_vocabulary(found.vocabulary)
    problems += more
    usable_vocabulary = vocabulary if vocab_doc is not None and not more else None
    files, more = corpus_checks.duplicate_ids(found.files)
    problems += more
    rejected: set[str] = {p.path for p in more}
    ids = {file.id for file in files}
    wanted = set(only) if only is not None else None
    if wanted is not None:
        files = [file for file in files if file.rel in wanted]
    # Workers send back what `make` returns; whole cases only when the corpus is wanted,
    # and then in one process, as sending cases between processes costs more than it saves.
    make = transform or (None if keep else _nothing)
    checked = _check_all(files, usable_vocabulary, ids, make, make is not None, jobs)
    corpus = Corpus(vocabulary)
    outputs: dict[str, Any] = {}
    used: set[str] = set()
    prints: list[Fingerprint] = []
    for file, result in zip(files, checked, strict=True):
        problems += result.problems
        used |= result.used
        if result.fingerprint is not None:
            prints.append(result.fingerprint)
        if any(p.severity is Severity.ERROR for p in result.problems):
            rejected.add(file.rel)
        elif result.case is not None and file.rel not in rejected:
            if transform is not None:
                outputs[file.rel] = result.case
            elif keep:
                corpus.cases[file.id] = result.case
    if wanted is None and vocab_doc is not None and usable_vocabulary is not None:
        problems += corpus_checks.unused_slugs(vocabulary, vocab_doc, used, VOCABULARY_PATH)
    if wanted is None:
        problems += duplicates(prints)
    all_files = found.files
    if wanted is not None:
        problems = [p for p in problems if p.path in wanted]
        all_files = [f for f in all_files if f.rel in wanted]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    return LoadResult(corpus, problems, all_files, rejected, outputs, prints)
