"""Queries: the language (words, "phrases", AND, OR, -word/NOT, field:value), its bounds,
filters, ranking, and what to say when little matches.

Plain words (the usual query) are looked up without Whoosh's query parser, which is
imported only for queries that use its syntax. A query of several words matches cases
that have any of them; cases with more of the words, and with them in the title or the
vocabulary names, rank first (see `_coordinated`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, NamedTuple

from whoosh import query, searching

from ..han import has_han
from .fields import BOOSTS, QUERY_FIELDS, TEXT_FIELDS, WORD, date_bounds, text_analyzer
from .labels import query_language

MARK_START, MARK_END = "\x01", "\x02"
_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\S)")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\Z")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_SYNTAX = re.compile(r"[\"():*?+\[\]{}^~]|(?:^|\s)-")
_WORD = re.compile(WORD)
_LETTERS = re.compile(r"[^\W\d_]+\Z")
_NEGATION = re.compile(r"(?:^|(?<=[\s(]))-(?=\S)|\bNOT\b")

# Bounds: every query is answered quickly or refused in one line.
MAX_QUERY_CHARS = 500
MAX_WORD_CHARS = 50  # of a word not in Chinese (Chinese runs are bounded by MAX_TERMS)
MAX_TERMS = 40  # distinct words and Chinese character pairs
MAX_DEPTH = 8  # nested parentheses
MAX_WILDCARDS = 3  # words with * or ?, each of which may stand for thousands of words
MAX_EXPANSIONS = 60  # words (counted in each field) that the * and ? words may stand for
# A case with a share c of the query's words scores score * c**COORDINATION.
COORDINATION = 2
POOL = 200  # best raw scores re-ranked by coordination


class QueryError(Exception):
    """A query or filter that cannot be run; the message says why in one line."""


class Filters(NamedTuple):
    """The filter options of a search; a tuple of values each, an empty one filters
    nothing. (Named tuples and plain classes here, not dataclasses: importing
    `dataclasses` brings `inspect`, a few ms of every one-shot search.)"""

    kind: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    @classmethod
    def given(cls, options: Any) -> Filters:
        """The filters among a command's options (anything with these fields, such as
        `search_command.SearchArgs`): countries in capitals, dates checked (QueryError)."""
        values = {name: getattr(options, name) for name in cls._fields}
        values["country"] = tuple(code.upper() for code in values["country"])
        for name in ("since", "until"):
            values[name] = values[name] and check_date(values[name], f"--{name}")
        return cls(**values)

    def active(self) -> list[str]:
        return [name for name in self._fields if getattr(self, name)]

    def without(self, name: str) -> Filters:
        empty: Any = None if name in ("since", "until") else ()
        return self._replace(**{name: empty})

    def describe(self, name: str) -> str:
        value = getattr(self, name)
        values = [value] if isinstance(value, str) else list(value)
        return " ".join(f"--{name} {v}" for v in values)


class Hit(NamedTuple):
    id: str
    kind: str
    title: str
    title_language: str
    date: str
    status: str
    platforms: list[str]
    platform_names: dict[str, list[str]]  # language -> names
    path: str
    score: float
    snippet: str  # matched words between MARK_START and MARK_END

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "title_language": self.title_language,
            "date": self.date,
            "status": self.status,
            "platforms": self.platforms,
            "path": self.path,
            "score": round(self.score, 3),
            "snippet": self.snippet.replace(MARK_START, "").replace(MARK_END, ""),
        }


class Results:
    """What a search found, and what to say about it."""

    __slots__ = (
        "complete",
        "hits",
        "narrower",
        "partial",
        "query",
        "suggestion",
        "total",
        "unmatched",
    )

    def __init__(
        self, query: str, total: int, hits: list[Hit], suggestion: str | None = None
    ) -> None:
        self.query = query
        self.total = total
        self.hits = hits
        self.suggestion = suggestion
        self.narrower: list[tuple[str, int]] = []
        self.complete: int | None = None  # cases with every word, for a plain query of several
        self.unmatched: list[str] = []  # words no case has
        self.partial: list[Hit] = []  # best cases with some of the words


# --- checking -------------------------------------------------------------------------


def check(text: str) -> None:
    """Refuse what the parser would misread, and what would take too long to answer."""
    if not text.strip():
        raise QueryError("the query is empty; give at least one word")
    if not text.isascii() and any("\ud800" <= char <= "\udfff" for char in text):
        # bytes that were not UTF-8, which Python keeps as lone surrogates
        raise QueryError(
            "the query has bytes that are not UTF-8 text; set the terminal to UTF-8 "
            "(LANG=C.UTF-8) and type it again"
        )
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS}: "
            "search for a few telling words"
        )
    for word in re.split(r"[\s\"():]+", text):
        if len(word) > MAX_WORD_CHARS and not has_han(word):
            raise QueryError(
                f"'{word[:20]}…' is {len(word):,} characters long; a word may have at most "
                f"{MAX_WORD_CHARS}"
            )
    if text.count('"') % 2:
        raise QueryError('a phrase is not closed: the query has an odd number of " marks')
    outside = re.sub(r'"[^"]*"', " ", text)
    if re.search(r"[\[\]{}]", outside):
        raise QueryError(
            "brackets are not query syntax (ranges are not supported); "
            "use --since and --until for dates"
        )
    depth = deepest = 0
    for char in outside:
        depth += (char == "(") - (char == ")")
        deepest = max(deepest, depth)
        if depth < 0:
            raise QueryError("a ')' closes nothing")
    if depth:
        raise QueryError("a '(' is never closed")
    if deepest > MAX_DEPTH:
        raise QueryError(f"parentheses nest {deepest} deep; the limit is {MAX_DEPTH}")
    wild = [w for w in outside.split() if "*" in w or "?" in w]
    if len(wild) > MAX_WILDCARDS:
        raise QueryError(
            f"the query has {len(wild)} words with * or ?; the limit is {MAX_WILDCARDS}"
        )
    for word in wild:
        head = re.split(r"[*?]", word.split(":")[-1].lstrip("-+("), maxsplit=1)[0]
        if len(head) < 2:
            raise QueryError(f"'{word}': give at least two letters before a * or ?")
    for name in _FIELD.findall(outside):
        if name not in QUERY_FIELDS:
            import difflib  # only for a mistyped field

            close = difflib.get_close_matches(name, QUERY_FIELDS, n=1)
            hint = f"; did you mean '{close[0]}:'?" if close else ""
            raise QueryError(f"unknown field '{name}:'{hint} Fields: {', '.join(QUERY_FIELDS)}")
    words = text.split()
    if words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS:
        raise QueryError(
            f"'{words[0] if words[0] in _OPERATORS else words[-1]}' needs a word on each side"
        )


def check_date(value: str, option: str) -> str:
    """A --since or --until date, or a QueryError saying what form it needs."""
    if not _DATE.match(value):
        raise QueryError(
            f"{option} '{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return value


def is_plain(text: str) -> bool:
    """Only words: no quotes, fields, parentheses, wildcards, operators or -word."""
    return not _SYNTAX.search(text) and not any(w in _OPERATORS for w in text.split())


# --- building queries -----------------------------------------------------------------


@cache
def _analyzer() -> Any:
    return text_analyzer()


def tokens(word: str) -> list[str]:
    """A word as the index has it: lowercased, stemmed, Chinese as pairs; [] if a stop
    word."""
    return [token.text for token in _analyzer()(word, mode="query")]


class Word(NamedTuple):
    """A word of the query as typed, and the index terms it stands for."""

    text: str
    terms: tuple[str, ...]


def query_words(text: str) -> list[Word]:
    """The words a query looks for (not those it excludes), as typed."""
    outside = re.sub(r"\b[A-Za-z_]+:(\"[^\"]*\"|\S+)", " ", text)  # field:value is no word
    out: dict[str, Word] = {}
    negated = False
    for raw in re.findall(r'-?"[^"]*"|\S+', outside):
        if raw in _OPERATORS:
            negated = raw in ("NOT", "ANDNOT")
            continue
        skip, negated = negated or raw.startswith("-") or "*" in raw or "?" in raw, False
        if skip:  # left out, or a prefix* standing for other words
            continue
        for match in _WORD.finditer(raw):
            word = match.group()
            terms = tuple(tokens(word))
            if terms and word.lower() not in out:
                out[word.lower()] = Word(word, terms)
    return list(out.values())


def plain_query(words: list[Word]) -> query.Query:
    """Any of the words, in any text field, each field with its boost."""
    per_word = [
        query.Or(
            [
                query.Term(name, term, boost=boost)
                for term in word.terms
                for name, boost in BOOSTS.items()
            ]
        )
        for word in words
    ]
    return per_word[0] if len(per_word) == 1 else query.Or(per_word)


def parser(schema: Any) -> Any:
    """Whoosh's parser for queries with syntax: any word may match, with Whoosh's
    coordination bonus; no ranges, boosts, single quotes or match-everything."""
    from whoosh import qparser

    parse = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema, fieldboosts=BOOSTS, group=qparser.OrGroup
    )
    for plugin in (
        qparser.RangePlugin,
        qparser.BoostPlugin,
        qparser.SingleQuotePlugin,
        qparser.EveryPlugin,
    ):
        parse.remove_plugin_class(plugin)
    # + and - only at the start of a word: fund-freeze is one slug, not fund NOT freeze.
    parse.add_plugin(
        qparser.PlusMinusPlugin(plusexpr=r"(?:^|(?<=[\s(]))\+", minusexpr=r"(?:^|(?<=[\s(]))-")
    )
    return parse


def _reshaped(q: query.Query) -> query.Query:
    """Whoosh's reading of a query whose words are alternatives, made to mean what its
    syntax says: NOT leaves cases out, as -word does ('a NOT b' would otherwise be 'a, or
    anything without b'), and a facet (platform:ebay) narrows, as the filter options do:
    values of one facet are alternatives, different facets all apply."""
    if isinstance(q, query.Or):
        kids = [_reshaped(c) for c in q.subqueries]
        nots = [c.query for c in kids if isinstance(c, query.Not)]
        facets: dict[str, list[query.Query]] = {}
        rest = []
        for kid in kids:
            if isinstance(kid, query.Term) and kid.fieldname not in TEXT_FIELDS:
                facets.setdefault(kid.fieldname, []).append(kid)
            elif not isinstance(kid, query.Not):
                rest.append(kid)
        narrowed: query.Query | None = None
        if rest:
            narrowed = rest[0] if len(rest) == 1 else query.Or(rest, boost=q.boost, scale=q.scale)
        if facets and (rest or len(facets) > 1):
            must = [
                values[0] if len(values) == 1 else query.Or(values) for values in facets.values()
            ]
            narrowed = query.And([*must, *([narrowed] if narrowed else [])])
        elif facets:
            narrowed = query.Or(next(iter(facets.values())))
        if narrowed is None:
            return q if not nots else query.Not(query.Or(nots))
        if nots:
            return query.AndNot(narrowed, nots[0] if len(nots) == 1 else query.Or(nots))
        return narrowed
    if isinstance(q, query.CompoundQuery | query.AndNot | query.AndMaybe | query.Require):
        return q.apply(_reshaped)
    return q


def _positive_terms(q: query.Query) -> Iterator[str]:
    """The terms a query looks for, leaving out those under NOT."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_terms(q.a)
        return
    if isinstance(q, query.Term):
        yield str(q.text)
        return
    if isinstance(q, query.Phrase):
        yield from (str(w) for w in q.words)
        return
    if isinstance(q, query.MultiTerm):
        return  # a prefix* stands for many words; a case needs only one of them
    for child in q.children():
        yield from _positive_terms(child)


def _parse_with(parse: Any) -> Callable[[str], query.Query]:
    """The parser's parse, with what it cannot read as a QueryError."""

    def parse_text(text: str) -> query.Query:
        try:
            return parse.parse(text)
        except (NotImplementedError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise QueryError(
                "the query cannot be read: a -word, NOT or OR is in a place that has no "
                f'meaning ({type(exc).__name__}); try plain words and "phrases"'
            ) from None

    return parse_text


def _check_expansions(searcher: Any, built: query.Query) -> None:
    """Refuse prefix* and wild?card words that stand for too many words to look up fast."""
    reader = searcher.reader()
    seen = 0
    for leaf in built.leaves():
        if isinstance(leaf, query.MultiTerm):
            seen += sum(1 for _ in islice(leaf.expanded_terms(reader), MAX_EXPANSIONS + 1))
            if seen > MAX_EXPANSIONS:
                raise QueryError(
                    f"'{leaf.text}*' and the like stand for more than {MAX_EXPANSIONS} words "
                    "of the cases; give more letters before the * or ?"
                )


def build(searcher: Any, text: str) -> tuple[query.Query, list[str]]:
    """The query for text and the distinct terms it looks for (for coordination)."""
    if is_plain(text):
        words = query_words(text)
        units = list(dict.fromkeys(t for w in words for t in w.terms))
        if not words:
            raise QueryError("the query has no searchable words (only common words like 'the')")
        built = plain_query(words)
    else:
        parse = _parse_with(parser(searcher.schema))
        built = _reshaped(parse(text))
        if built is query.NullQuery and _NEGATION.search(text):
            # Only words to leave out (-amazon): every case without them.
            left_out = parse(_NEGATION.sub(" ", text))
            if left_out is not query.NullQuery:
                built = query.AndNot(query.Every(), left_out)
        if built is query.NullQuery:
            raise QueryError("the query has no searchable words (only common words like 'the')")
        units = list(dict.fromkeys(_positive_terms(built)))
        _check_expansions(searcher, built)
    if len(units) > MAX_TERMS:
        raise QueryError(
            f"the query looks for {len(units)} words (a Chinese pair of characters counts as "
            f"one); the limit is {MAX_TERMS}"
        )
    return built, units


def filter_query(filters: Filters) -> query.Query | None:
    """The filter options as a query, or None when none is given."""
    parts: list[query.Query] = []
    for name in ("kind", "platform", "country", "topic", "violation", "status"):
        values = getattr(filters, name)
        if values:
            parts.append(query.Or([query.Term(name, v.lower()) for v in values]))
    if filters.since:
        parts.append(query.TermRange("date_hi", date_bounds(filters.since)[0], None))
    if filters.until:
        parts.append(query.TermRange("date_lo", None, date_bounds(filters.until)[1]))
    if not parts:
        return None
    return query.And(parts) if len(parts) > 1 else parts[0]


class Scope:
    """The cases a search may answer with: those the filters allow, never a case merged
    into another. Both are sets of document numbers, worked out once per query: Whoosh
    would match the filter again for each search, and "every listed case" is all of them."""

    def __init__(self, searcher: Any, filters: Filters) -> None:
        self.searcher = searcher
        restrict = filter_query(filters)
        self.allowed = None if restrict is None else set(searcher.docs_for_query(restrict))
        self.excluded = set(searcher.docs_for_query(query.Term("listed", "no")))

    def search(self, q: query.Query, **options: Any) -> Any:
        """Whoosh's search, within the scope."""
        if self.allowed is not None and not self.allowed:
            q = query.NullQuery  # Whoosh reads an empty filter as no filter
        return self.searcher.search(
            q, filter=self.allowed or None, mask=self.excluded or None, **options
        )

    def contains(self, docnum: int) -> bool:
        """Whether the case of a document is within the scope."""
        return docnum not in self.excluded and (self.allowed is None or docnum in self.allowed)

    def count(self, docs: set[int]) -> int:
        """How many of the documents are within the scope."""
        inside = docs - self.excluded
        return len(inside if self.allowed is None else inside & self.allowed)


class Postings:
    """Which cases have a term in a text field, read from the index's postings: enough to
    count the matches of plain words, and to know where a case's words are, without
    matching the query again."""

    def __init__(self, searcher: Any) -> None:
        self.reader = searcher.reader()
        self._docs: dict[tuple[str, str], frozenset[int]] = {}

    def docs(self, name: str, term: str) -> frozenset[int]:
        key = (name, term)
        if key not in self._docs:
            found = key in self.reader
            self._docs[key] = frozenset(self.reader.postings(name, term).all_ids() if found else ())
        return self._docs[key]

    def having(self, terms: Iterable[str], names: Iterable[str] = TEXT_FIELDS) -> set[int]:
        """The cases with any of the terms in any of the fields."""
        out: set[int] = set()
        for name in names:
            for term in terms:
                out |= self.docs(name, term)
        return out


def resolve(searcher: Any, case_id: str) -> int | None:
    """The document of the case an id (current or earlier) answers with now."""
    docnum = searcher.document_number(id=case_id)
    if docnum is None:
        docnum = searcher.document_number(old_ids=case_id)
    if docnum is not None:
        moved_to = searcher.stored_fields(docnum).get("moved_to")
        if moved_to:
            docnum = searcher.document_number(id=moved_to)
    return None if docnum is None else int(docnum)


# --- ranking --------------------------------------------------------------------------


class Ranked(NamedTuple):
    score: float
    date: bytes
    docnum: int


def _coordinated(found: Any, units: list[str], dates: Any) -> list[Ranked]:
    """Raw scores times the share of the query's terms each case has, squared: a case with
    every word comes before one with half of them unless it scores four times as much."""
    wanted = set(units)
    ranked = []
    for score, docnum in found.top_n:
        # A case matched only through a prefix* has no terms recorded; it has one match.
        terms = found.docterms.get(docnum, ())
        have = {t.decode() if isinstance(t, bytes) else t for _, t in terms}
        share = max(len(have & wanted), 1) / len(wanted)
        ranked.append(Ranked(round(score * share**COORDINATION, 6), dates[docnum], docnum))
    return ranked


def _complete(scope: Scope, postings: Postings, words: list[Word]) -> int | None:
    """How many cases have every one of several plain words."""
    if len(words) < 2:
        return None
    every = set.intersection(*(postings.having(w.terms) for w in words))
    return scope.count(every)


# --- results --------------------------------------------------------------------------


@cache
def _marker() -> Any:
    """A highlight formatter that marks matched words with MARK_START and MARK_END."""
    from whoosh import highlight

    class Marker(highlight.Formatter):  # type: ignore[misc]
        between = " … "

        def format_token(self, text: str, token: Any, replace: bool = False) -> str:
            return MARK_START + str(highlight.get_text(text, token, replace)) + MARK_END

    return Marker()


# Where a snippet is looked for, in order: (text field, stored texts by language).
_SNIPPET_FIELDS = (("body", "bodies"), ("summary", "summaries"), ("title", "titles"))


def _snippet(hit: Any, language: str, fields: Iterable[str]) -> str:
    """Where the words matched (in those of the fields that have them), in the language
    shown, else in another; else the start of the summary."""
    for name, parts in _SNIPPET_FIELDS:
        if name not in fields:
            continue
        texts = hit[parts]
        for text in sorted(texts, key=lambda lang: lang != language):
            marked = str(hit.highlights(name, text=texts[text], top=2))
            if marked:
                return " ".join(marked.split())
    summaries = hit["summaries"]
    summary = str(summaries.get(language) or summaries[hit["language"]])
    return summary if len(summary) <= 200 else summary[:197].rsplit(" ", 1)[0] + " …"


def _hits(
    found: Any,
    ranked: Iterable[Ranked],
    language: str,
    where: Callable[[int], Iterable[str]] | None = None,
) -> list[Hit]:
    """The hits shown, with their stored fields and a snippet; `where` tells, if known,
    which text fields of a document have the words."""
    from whoosh import highlight

    found.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=50)
    found.formatter = _marker()
    everywhere = [name for name, _ in _SNIPPET_FIELDS]
    out = []
    for position, (score, _, docnum) in enumerate(ranked):
        h = searching.Hit(found, docnum, position, score)
        titles = h["titles"]
        shown = language if language in titles else h["language"]
        names = {lang: list(v) for lang, v in h["platform_names"].items()}
        out.append(
            Hit(
                h["id"],
                h["kind"],
                titles[shown],
                shown,
                h["date"],
                h["status"],
                [p for p in h["platform"].split(",") if p],
                names,
                h["path"],
                float(score),
                _snippet(h, shown, where(docnum) if where else everywhere),
            )
        )
    return out


def run(
    searcher: Any,
    text: str,
    filters: Filters,
    sort: str = "relevance",
    limit: int = 10,
    language: str | None = None,
    default_language: str = "en",
) -> Results:
    """Run a query. Titles are in `language`, else in the query's language, else in
    `default_language`, where a case has a title in it, and else in its own."""
    check(text)
    built, units = build(searcher, text)
    shown = language or query_language(text) or default_language
    scope = Scope(searcher, filters)
    dates = searcher.reader().column_reader("date")
    plain = is_plain(text)
    words = query_words(text)
    postings = Postings(searcher)
    coordinate = sort != "date" and len(units) > 1
    # By relevance, Whoosh scores only what can reach the top (block-max skipping); a
    # margin of extra hits lets newest-first break ties at the edge, and a pool of the
    # best raw scores is re-ranked by coordination. By date, every match is ranked by
    # the date column. Stored fields are loaded only for the hits shown.
    size = None if sort == "date" else (max(POOL, limit + 20) if coordinate else limit + 20)
    # Whoosh's block-max skipping loses matches under AND NOT: only plain words use it.
    found = scope.search(built, terms=coordinate, limit=size, optimize=plain)
    if coordinate:
        ranked = _coordinated(found, units, dates)
    else:
        ranked = [Ranked(round(s, 6), dates[d], d) for s, d in found.top_n]
    if sort == "date":
        ranked.sort(key=lambda r: (r.date, r.score), reverse=True)
    else:
        ranked.sort(key=lambda r: (r.score, r.date), reverse=True)
    # Plain words match the cases that have any of them: their postings tell how many,
    # and where each case has them, at a fraction of matching the query once more.
    terms = [t for w in words for t in w.terms]
    having = {name: postings.having(terms, [name]) for name in TEXT_FIELDS}
    total = scope.count(set().union(*having.values())) if plain else len(found)

    def where(docnum: int) -> list[str]:
        return [name for name, _ in _SNIPPET_FIELDS if docnum in having[name]]

    exact = text.strip()
    if sort != "date":
        docnum = resolve(searcher, exact) if " " not in exact else None
        if docnum is not None and scope.contains(docnum):
            if all(r.docnum != docnum for r in ranked):
                total += 1
            ranked = [Ranked(1.0, b"", docnum), *[r for r in ranked if r.docnum != docnum]]
    results = Results(text, total, _hits(found, ranked[:limit], shown, where if plain else None))
    if total and coordinate and plain:
        results.complete = _complete(scope, postings, words)
    results.unmatched = [w.text for w in words if not postings.having(w.terms)]
    if results.unmatched:
        results.suggestion = suggest(searcher, scope, text, results.unmatched)
    if total == 0:
        if len(words) > 1 and not plain:
            partial = plain_query(words)
            wider = scope.search(partial, terms=True, limit=POOL)
            pool = _coordinated(wider, [t for w in words for t in w.terms], dates)
            pool.sort(key=lambda r: (r.score, r.date), reverse=True)
            results.partial = _hits(wider, pool[: min(limit, 5)], shown)
        for name in filters.active():
            count = len(Scope(searcher, filters.without(name)).search(built, limit=1))
            if count:
                results.narrower.append((filters.describe(name), count))
    return results


# --- when words match nothing -----------------------------------------------------------


def correction(searcher: Any, word: str) -> str | None:
    """The closest whole word of the cases or their vocabulary names, if one is close: at
    most one edit for a short word, two for a longer one; ties go to the commoner word."""
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    lower = word.lower()
    if not _LETTERS.match(lower) or len(lower) < 3:
        return None
    reader = searcher.reader()
    most = 1 if len(lower) <= 4 else 2
    candidates = [
        known.decode()
        for known in reader.expand_prefix("words", lower[0])
        if abs(len(known) - len(lower)) <= most
    ]
    close = process.extract(
        lower,
        candidates,
        scorer=DamerauLevenshtein.distance,
        score_cutoff=most,
        limit=None,
    )
    if not close:
        return None
    best = min(distance for _, distance, _ in close)
    return str(
        max(
            (c for c, distance, _ in close if distance == best),
            key=lambda c: (reader.doc_frequency("words", c), c),
        )
    )


def suggest(searcher: Any, scope: Scope, text: str, missing: list[str]) -> str | None:
    """The query with each word that matched nothing replaced by its correction, if
    there is one and the corrected query finds cases."""
    fixed = text
    changed = False
    for word in missing:
        better = correction(searcher, word)
        if better:
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, fixed, count=1)
            changed = True
    if not changed or fixed == text:
        return None
    try:
        built, _ = build(searcher, fixed)
    except QueryError:
        return None
    return fixed if scope.search(built, limit=1).scored_length() else None
