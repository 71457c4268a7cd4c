"""discover -> parse -> check -> model: the one way every consumer gets cases."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from . import translations
from .casefile import MAX_FILE_BYTES, CaseText, Document, decode, dotted, parse_yaml, read_case
from .checks import body as body_checks
from .checks import corpus as corpus_checks
from .checks import fields as field_checks
from .checks import lifecycle as lifecycle_checks
from .checks.duplicates import Fingerprint, duplicates, fingerprint
from .discover import CaseFile, Discovery, discover
from .kinds import LANGUAGES, VOCABULARY, Kind
from .model import FIELDS_BY_KIND, Case, CaseFields, Corpus, TranslationFields, Vocabulary
from .problems import (
    BAD_FINGERPRINT,
    INVALID_VOCABULARY,
    NUMBER_NOT_TRANSLATED,
    ORPHAN_TRANSLATION,
    STALE_TRANSLATION,
    TRANSLATION_FIELD,
    TRANSLATION_LANGUAGE,
    UNREADABLE,
    Problem,
    Severity,
)
from .translations import FINGERPRINT, Translation

VOCABULARY_PATH = f"cases/{VOCABULARY}"


@dataclass
class LoadResult:
    """What loading found: the corpus of valid cases, every problem, the files read."""

    corpus: Corpus
    problems: list[Problem]
    files: list[CaseFile]
    rejected: set[str] = field(default_factory=set)  # paths of case files with errors
    outputs: dict[str, Any] = field(default_factory=dict)  # path -> transform(case)
    fingerprints: list[Fingerprint] = field(default_factory=list)  # of the valid cases
    translations: list[CaseFile] = field(default_factory=list)  # translation files
    # path -> sha256 of the bytes that were checked, for case files and translations read
    digests: dict[str, str] = field(default_factory=dict)
    # path of a valid case -> language -> its valid translation. The same translations
    # are on the cases of the corpus; this serves `transform`, whose cases go without.
    translated: dict[str, dict[str, Translation]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


class LoadedVocabulary(NamedTuple):
    """cases/vocabulary.yml, read and checked."""

    vocabulary: Vocabulary  # empty when it could not be read
    doc: Document | None  # its YAML, when it could be parsed
    problems: list[Problem]


def load_vocabulary(path: Path | None) -> LoadedVocabulary:
    """Read and check cases/vocabulary.yml: (vocabulary, its YAML document, problems)."""
    empty = Vocabulary(platforms=[], authorities=[], topics=[], violations=[])
    if path is None:
        return LoadedVocabulary(empty, None, [])
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return LoadedVocabulary(
            empty,
            None,
            [
                UNREADABLE.at(
                    VOCABULARY_PATH,
                    1,
                    1,
                    f"cannot read the vocabulary: {exc.strerror}",
                    "",
                )
            ],
        )
    text, problems = decode(raw, VOCABULARY_PATH)
    if text is None:
        return LoadedVocabulary(empty, None, problems)
    doc, more = parse_yaml(text, VOCABULARY_PATH)
    problems += more
    if doc is None:
        return LoadedVocabulary(empty, None, problems)
    try:
        vocabulary = Vocabulary.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            line, column = doc.line_of(loc)
            problems.append(
                INVALID_VOCABULARY.at(
                    VOCABULARY_PATH,
                    line,
                    column,
                    f"{dotted(loc)}: {err['msg']}",
                    "each list entry has slug, name and description",
                )
            )
        return LoadedVocabulary(empty, doc, problems)
    seen: dict[str, str] = {}
    for group in ("platforms", "authorities", "topics", "violations"):
        for index, term in enumerate(getattr(vocabulary, group)):
            if term.slug in seen:
                problems.append(
                    INVALID_VOCABULARY.at(
                        VOCABULARY_PATH,
                        *doc.line_of((group, index, "slug")),
                        f"slug '{term.slug}' appears twice (also in {seen[term.slug]})",
                        "slugs are unique across all lists",
                    )
                )
            seen[term.slug] = group
    return LoadedVocabulary(vocabulary, doc, problems)


class LoadedFile(NamedTuple):
    """One case file, read and checked on its own."""

    case: Case | None  # None when it has errors
    doc: Document | None  # its front matter, when it could be parsed
    links: list[body_checks.CaseLink]  # links to other cases in the body
    problems: list[Problem]


def _read(file: CaseFile) -> tuple[bytes | None, list[Problem]]:
    try:
        with open(file.path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1), []
    except OSError as exc:
        return None, [UNREADABLE.at(file.rel, 1, 1, f"cannot read '{file.rel}': {exc.strerror}")]


class _Scanned(NamedTuple):
    parsed: CaseText | None
    links: list[body_checks.CaseLink]
    data: Any  # the front matter without its empty keys
    empty: list[Problem]  # a problem for each empty key
    problems: list[Problem]  # all so far, those included


def _scan(file: CaseFile, raw: bytes | None) -> _Scanned:
    """What a case file and a translation share: read, split, parse, the body's checks,
    the text checks, and empty keys."""
    problems: list[Problem] = []
    if raw is None:
        raw, problems = _read(file)
    parsed, more = read_case(raw, file.rel) if raw is not None else (None, [])
    problems += more
    if parsed is None:
        return _Scanned(None, [], None, [], problems)
    doc = parsed.front_matter
    more, links = body_checks.check_body(parsed.body, parsed.body_line, file.rel)
    problems += more
    problems += field_checks.text_checks(doc, parsed.body, parsed.body_line, file.rel)
    data, empty = field_checks.drop_empty(doc, file.rel)
    problems += empty
    return _Scanned(parsed, links, data, empty, problems)


def load_file(
    file: CaseFile, vocabulary: Vocabulary | None, raw: bytes | None = None
) -> LoadedFile:
    """Read, parse and check one case file against the model (not against other cases).
    `raw` is the file's content, when the caller has read it already."""
    parsed, links, data, empty, problems = _scan(file, raw)
    if parsed is None:
        return LoadedFile(None, None, [], problems)
    doc = parsed.front_matter
    model = FIELDS_BY_KIND[file.kind]
    try:
        meta = model.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError as exc:
        problems += field_checks.field_problems(
            exc, doc, file.rel, file.kind, model, empty={p.field for p in empty}
        )
        return LoadedFile(None, doc, links, problems)
    if empty:
        return LoadedFile(None, doc, links, problems)
    targets = tuple(dict.fromkeys(link.target for link in links))
    case = Case(file.id, file.kind, file.rel, meta, parsed.body, parsed.body_line, targets)
    problems += field_checks.freshness(case, doc)
    return LoadedFile(case, doc, links, problems)


class LoadedTranslation(NamedTuple):
    """One translation file, read and checked on its own (not against its original)."""

    translation: Translation | None  # None when it has errors
    doc: Document | None
    links: list[body_checks.CaseLink]
    problems: list[Problem]


def load_translation(file: CaseFile, raw: bytes | None = None) -> LoadedTranslation:
    """Read, parse and check a translation: only translated text, with a valid fingerprint.
    `raw` is the file's content, when the caller has read it already."""
    parsed, links, data, empty, problems = _scan(file, raw)
    if parsed is None:
        return LoadedTranslation(None, None, [], problems)
    doc = parsed.front_matter
    facts = set(CaseFields.model_fields) | {
        name for model in FIELDS_BY_KIND.values() for name in model.model_fields
    }
    for key in data:
        if key in facts and key not in TranslationFields.model_fields:
            problems.append(
                TRANSLATION_FIELD.at(
                    file.rel,
                    *doc.line_of((key,), key=True),
                    f"'{key}' is a fact of the case; a translation holds only title, "
                    "summary and translated_from",
                    field=str(key),
                )
            )
    fields = TranslationFields.model_fields
    kept = {k: v for k, v in data.items() if k in fields or k not in facts}
    stamp = kept.get("translated_from")
    if isinstance(stamp, str) and not FINGERPRINT.match(stamp):
        problems.append(
            BAD_FINGERPRINT.at(
                file.rel,
                *doc.line_of(("translated_from",)),
                f"translated_from: '{stamp[:40]}' is not a fingerprint written by the tools",
                f"run 'sellerkb translate {file.id} --lang {file.language} --refresh' "
                "once the translation says what the original says",
                field="translated_from",
            )
        )
        kept.pop("translated_from")
        kept["translated_from"] = "0" * 10 + "-" + "0" * 10 + "-" + "0" * 10
    try:
        meta = TranslationFields.model_validate(kept)
    except ValidationError as exc:
        problems += field_checks.field_problems(
            exc, doc, file.rel, file.kind, TranslationFields, empty={p.field for p in empty}
        )
        return LoadedTranslation(None, doc, links, problems)
    if empty or any(p.severity is Severity.ERROR for p in problems):
        return LoadedTranslation(None, doc, links, problems)
    translation = Translation(
        file.id,
        file.language,
        file.rel,
        meta.title,
        meta.summary,
        parsed.body,
        parsed.body_line,
        meta.translated_from,
        lines=(
            doc.line_of(("title",))[0],
            doc.line_of(("summary",))[0],
            doc.line_of(("translated_from",))[0],
        ),
    )
    return LoadedTranslation(translation, doc, links, problems)


@dataclass(frozen=True)
class Original:
    """What a translation is checked against: small, so that workers can send it back."""

    language: str
    fingerprint: str
    numbers: frozenset[str]


@dataclass
class _Checked:
    case: Any  # the Case, what `transform` made of it, or None
    problems: list[Problem]
    used: set[str]  # vocabulary slugs the case uses
    fingerprint: Fingerprint | None = None
    original: Original | None = None  # of a valid case
    lifecycle: lifecycle_checks.Lifecycle | None = None  # of a valid case
    translation: Translation | None = None  # of a valid translation
    digest: str = ""  # sha256 of the bytes checked; "" when the file could not be read


Transform = Callable[[Case], Any]


def _nothing(case: Case) -> None:
    return None


def _check(
    file: CaseFile, vocabulary: Vocabulary | None, ids: set[str], transform: Transform | None
) -> _Checked:
    raw, unread = _read(file)
    if raw is None:
        return _Checked(None, unread, set())
    # The index records the hash of exactly these bytes: a second read could see a newer
    # version of the file than the one that was checked.
    digest = hashlib.sha256(raw).hexdigest()
    if file.language:
        translation, doc, links, problems = load_translation(file, raw)
        if doc is not None:
            problems += corpus_checks.references(file, doc, links, ids)
        return _Checked(None, problems, set(), translation=translation, digest=digest)
    case, doc, links, problems = load_file(file, vocabulary, raw)
    if doc is not None:
        problems += corpus_checks.references(file, doc, links, ids)
    if case is None or doc is None:
        return _Checked(None, problems, set(), digest=digest)
    record = lifecycle_checks.lifecycle(case, doc)
    problems += lifecycle_checks.against_ids(record, ids)
    made = transform(case) if transform else case
    original = Original(
        case.meta.language,
        translations.fingerprint(case.title, case.meta.summary, case.body),
        frozenset(translations.numbers(f"{case.title} {case.meta.summary}")),
    )
    # A merged or withdrawn case is no longer a case to tell apart from the others.
    print_ = fingerprint(case, doc) if case.is_listed else None
    return _Checked(
        made, problems, corpus_checks.slugs_used(case), print_, original, record, digest=digest
    )


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
    found: Discovery | None = None,
) -> LoadResult:
    """Load and check the cases under root/cases.

    The corpus holds the cases without errors. With `only` (paths relative to root),
    just those files are parsed and reported, checked against the ids of all cases.
    keep=False skips building the corpus (for validation alone); `transform` instead
    keeps what it makes of each valid case in `outputs` (by path). Either lets `jobs`
    forked worker processes share the work, as cases themselves are costly to send back.
    `found` is a listing of cases/ just made by `discover`, if the caller has one.
    """
    with _no_gc():
        return _load_corpus(
            root, only, keep=keep, jobs=jobs, transform=transform, found=found or discover(root)
        )


def _load_corpus(
    root: Path,
    only: Iterable[str] | None,
    *,
    keep: bool,
    jobs: int,
    transform: Transform | None,
    found: Discovery,
) -> LoadResult:
    problems = list(found.problems)
    vocabulary, vocab_doc, more = load_vocabulary(found.vocabulary)
    problems += more
    usable_vocabulary = vocabulary if vocab_doc is not None and not more else None
    files, more = corpus_checks.duplicate_ids(found.files)
    problems += more
    rejected: set[str] = {p.path for p in more}
    ids = {file.id for file in files}
    originals = {(file.kind, file.id): file for file in files}
    wanted = set(only) if only is not None else None
    translated = found.translations
    if wanted is not None:
        # A translation is checked against its original, and a changed original may
        # leave its translations stale: each brings the other along.
        for file in translated:
            original = originals.get((file.kind, file.id))
            if original is not None and original.rel in wanted:
                wanted.add(file.rel)
        needed = {
            originals[(t.kind, t.id)].rel
            for t in translated
            if t.rel in wanted and (t.kind, t.id) in originals
        }
        files = [file for file in files if file.rel in wanted or file.rel in needed]
        translated = [file for file in translated if file.rel in wanted]
    # Workers send back what `make` returns; whole cases only when the corpus is wanted,
    # and then in one process, as sending cases between processes costs more than it saves.
    make = transform or (None if keep else _nothing)
    checked = _check_all(
        [*files, *translated], usable_vocabulary, ids, make, make is not None, jobs
    )
    corpus = Corpus(vocabulary)
    outputs: dict[str, Any] = {}
    used: set[str] = set()
    prints: list[Fingerprint] = []
    known: dict[tuple[Kind, str], Original] = {}
    records: list[lifecycle_checks.Lifecycle] = []
    digests = {
        file.rel: result.digest
        for file, result in zip([*files, *translated], checked, strict=True)
        if result.digest
    }
    attached_to: dict[str, dict[str, Translation]] = {}
    for file, result in zip(files, checked, strict=False):
        problems += result.problems
        used |= result.used
        if result.fingerprint is not None:
            prints.append(result.fingerprint)
        if any(p.severity is Severity.ERROR for p in result.problems):
            rejected.add(file.rel)
        elif result.case is not None and file.rel not in rejected:
            if result.original is not None:
                known[(file.kind, file.id)] = result.original
            if result.lifecycle is not None:
                records.append(result.lifecycle)
            if transform is not None:
                outputs[file.rel] = result.case
            elif keep:
                corpus.cases[file.id] = result.case
        elif result.original is not None:
            known[(file.kind, file.id)] = result.original
    for file, result in zip(translated, checked[len(files) :], strict=True):
        problems += result.problems
        more = translation_checks(file, result.translation, originals, known)
        problems += more
        if any(p.severity is Severity.ERROR for p in [*result.problems, *more]):
            rejected.add(file.rel)
            continue
        original = originals.get((file.kind, file.id))
        facts = known.get((file.kind, file.id))
        if (
            result.translation is not None
            and facts is not None
            and original is not None
            and original.rel not in rejected
        ):
            stale = tuple(
                translations.changed_parts(result.translation.translated_from, facts.fingerprint)
            )
            attached = dataclasses.replace(result.translation, stale=stale)
            attached_to.setdefault(original.rel, {})[file.language] = attached
            case = corpus.cases.get(file.id)
            if case is not None:
                case.translations[file.language] = attached
    if wanted is None and vocab_doc is not None and usable_vocabulary is not None:
        problems += corpus_checks.unused_slugs(vocabulary, vocab_doc, used, VOCABULARY_PATH)
    if wanted is None:
        problems += duplicates(prints)
        more = lifecycle_checks.across(records)
        problems += more
        for path in {p.path for p in more}:  # the corpus holds the cases without errors
            rejected.add(path)
            outputs.pop(path, None)
            corpus.cases.pop(next(r.id for r in records if r.path == path), None)
    all_files = found.files
    all_translations = found.translations
    if wanted is not None:
        # A stray or linked folder is reported on the folder, so a wanted path inside it
        # brings its folder's problems along, as a full run would report them.
        folders = {parent for rel in wanted for parent in _parents(rel)}
        discovered = set(found.problems)
        problems = [
            p for p in problems if p.path in wanted or (p.path in folders and p in discovered)
        ]
        all_files = [f for f in all_files if f.rel in wanted]
        all_translations = [f for f in all_translations if f.rel in wanted]
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code))
    return LoadResult(
        corpus,
        problems,
        all_files,
        rejected,
        outputs,
        prints,
        all_translations,
        digests,
        attached_to,
    )


def translation_checks(
    file: CaseFile,
    translation: Translation | None,
    originals: dict[tuple[Kind, str], CaseFile],
    known: dict[tuple[Kind, str], Original],
) -> list[Problem]:
    """A translation against its original: that it exists, is in another language, is
    not behind it, and keeps the numbers of its title and summary."""
    if (file.kind, file.id) not in originals:
        return [
            ORPHAN_TRANSLATION.at(
                file.rel,
                1,
                1,
                f"there is no case cases/{file.kind.value}/{file.id}.md for this translation",
            )
        ]
    original = known.get((file.kind, file.id))
    if translation is None or original is None:
        return []  # the original's own problems are reported on it
    if original.language == file.language:
        return [
            TRANSLATION_LANGUAGE.at(
                file.rel,
                1,
                1,
                f"the case is written in '{original.language}' already",
                f"a translation of it goes into another language: {', '.join(LANGUAGES)}",
            )
        ]
    problems = []
    stale = translations.changed_parts(translation.translated_from, original.fingerprint)
    if stale:
        problems.append(
            STALE_TRANSLATION.at(
                file.rel,
                translation.lines[2],
                1,
                f"the original's {' and '.join(stale)} changed since this was translated",
                field="translated_from",
            )
        )
    have = translations.numbers(f"{translation.title} {translation.summary}")
    for number in sorted(original.numbers - have):
        problems.append(
            NUMBER_NOT_TRANSLATED.at(
                file.rel,
                translation.lines[0],
                1,
                f"'{number}' is in the original's title or summary but not in the translation's",
                field="summary",
            )
        )
    return problems


def _parents(rel: str) -> Iterator[str]:
    """'cases/bans/x/y.md' -> 'cases/bans/x', 'cases/bans', 'cases'."""
    while "/" in rel:
        rel = rel.rpartition("/")[0]
        yield rel
