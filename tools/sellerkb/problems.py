"""Problems (errors and warnings) and the registry of their stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """An error fails validation; a warning fails it only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A rule owns its stable code, severity, title, explanation and default hint.

    Problems are made from rules (`RULE.at(...)`), never from bare code strings, so mypy
    catches a misspelled rule and every problem gets a hint.
    """

    code: str
    severity: Severity
    title: str
    explanation: str
    hint: str

    def at(
        self,
        path: str,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        *,
        field: str = "",
    ) -> Problem:
        """A problem of this rule at path:line:column; `field` names what it is about."""
        return Problem(
            path, line, column, self.code, message, self.hint if hint is None else hint, field
        )


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, where it is, and how to fix it. Made by `Rule.at`."""

    path: str  # relative to the root, with "/"
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    field: str = ""  # the field it is about ("title", "sources[0].url", "body"), if any

    def __post_init__(self) -> None:
        if self.code not in RULES:
            raise ValueError(f"no rule {self.code!r} in the registry")

    @property
    def rule(self) -> Rule:
        """The rule this problem breaks."""
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return RULES[self.code].severity

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data, for JSON output."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


E, W = Severity.ERROR, Severity.WARNING

FILE_TOO_LARGE = Rule(
    "SKB101",
    E,
    "file too large",
    "A case file may be at most 1 MiB. Larger files are not read at all.",
    "split the case or shorten it; case files are small Markdown texts",
)
NOT_UTF8 = Rule(
    "SKB102",
    E,
    "not UTF-8 text",
    "Case files are UTF-8 text. Binary files and other encodings are rejected; "
    "re-save the file as UTF-8.",
    "re-save the file as UTF-8 text",
)
BYTE_ORDER_MARK = Rule(
    "SKB103",
    E,
    "byte-order mark",
    "The file starts with a UTF-8 byte-order mark (BOM), which hides the opening `---`. "
    "Save the file as UTF-8 without BOM.",
    "save the file as UTF-8 without BOM",
)
CONTROL_CHARACTER = Rule(
    "SKB104",
    E,
    "control character",
    "NUL and other control characters (C0 apart from tab and line breaks, DEL, C1), and "
    "U+FFFE and U+FFFF, which XML cannot carry, are not allowed anywhere in a case file: "
    "not as characters, not spelled as escapes in double-quoted YAML (`\\e`, `\\x1b`, "
    "`\\u0007`, `\\0`), and not as character references in the body (`&#27;`). They "
    "would reach the terminal, the feed and the pages.",
    "delete it; it is invisible in most editors",
)
BIDI_CHARACTER = Rule(
    "SKB105",
    E,
    "bidirectional control character",
    "Unicode bidirectional embedding, override and isolate characters (U+202A-U+202E, "
    "U+2066-U+2069) can make text display differently from what it says "
    '("Trojan Source"). Remove them, and their escapes (`\\u202E`) and character '
    "references (`&#x202E;`).",
    "delete it; it is invisible in most editors",
)
SYMLINK = Rule(
    "SKB106",
    E,
    "symbolic link",
    "Symbolic links under `cases/` are not followed. Put the real file there instead.",
    "replace the link with the real file or folder",
)
STRAY_FILE = Rule(
    "SKB107",
    E,
    "stray file",
    "Only `<id>.md` files inside `bans/`, `lawsuits/` and `policies/`, and "
    "`vocabulary.yml`, may live under `cases/`. Anything else would be silently "
    "ignored, so it is an error.",
    "put case files in cases/bans, cases/lawsuits or cases/policies; remove anything else",
)
STRAY_FOLDER = Rule(
    "SKB108",
    E,
    "stray folder",
    "The only folders under `cases/` are `bans/`, `lawsuits/` and `policies/`, "
    "with no folders inside them.",
    "cases live in cases/bans, cases/lawsuits or cases/policies",
)
INVALID_ID = Rule(
    "SKB109",
    E,
    "invalid id",
    "A case's id is its file name without `.md`: 3 to 80 characters of `a-z`, `0-9` "
    "and single `-` between them.",
    "ids are 3 to 80 characters of a-z, 0-9 and single '-'",
)
CASE_COLLISION = Rule(
    "SKB110",
    E,
    "names differ only by case",
    "Two files or folders whose names differ only in upper and lower case collide on "
    "macOS and Windows. Rename one.",
    "rename or remove one of them; they collide on macOS and Windows",
)
UNREADABLE = Rule(
    "SKB111",
    E,
    "unreadable file",
    "The file could not be read (permissions, or it vanished during the run).",
    "check the file's permissions",
)
TRACKED_INDEX = Rule(
    "SKB112",
    E,
    "search index in the repository",
    "Files under `.sellerkb/` are tracked by git. The search index lives in your cache "
    "folder, never in the repository: opening a Whoosh index runs code stored in it, so a "
    "committed one could run a stranger's code on the machine of whoever searches. A pull "
    "request that adds one is refused.",
    "remove it from git with 'git rm -r --cached .sellerkb' and do not add it again",
)
NO_FRONT_MATTER = Rule(
    "SKB201",
    E,
    "no front matter",
    "A case file starts with a line `---`, then YAML front matter, then another `---`.",
    "put '---' on line 1, the YAML fields, then '---' before the body",
)
FRONT_MATTER_NOT_CLOSED = Rule(
    "SKB202",
    E,
    "front matter not closed",
    "The front matter opened with `---` on line 1 has no closing `---` line.",
    "add a line '---' after the last field",
)
YAML_SYNTAX = Rule(
    "SKB203",
    E,
    "YAML syntax error",
    "The front matter is not valid YAML. The message says where the parser stopped.",
    "check quotes, colons and indentation on this line and the one before; "
    "quote text that contains ': ' or '#'",
)
DUPLICATE_KEY = Rule(
    "SKB204",
    E,
    "duplicate key",
    "A key appears twice in the same mapping. YAML parsers silently keep the last one; "
    "sellerkb refuses, so nothing is lost.",
    "keep one of the two; YAML would silently drop the first",
)
ANCHOR_OR_ALIAS = Rule(
    "SKB205",
    E,
    "anchor or alias",
    "YAML anchors (`&name`) and aliases (`*name`) are not allowed: they make files hard "
    'to review and enable "billion laughs" attacks.',
    "write the value out in full",
)
YAML_TAG = Rule(
    "SKB206",
    E,
    "YAML tag",
    "Explicit YAML tags (`!!str`, `!something`) are not allowed. Quote a value to make it text.",
    "remove the tag; quote the value if it must be text",
)
TOO_LARGE_OR_DEEP = Rule(
    "SKB207",
    E,
    "front matter too large or too deep",
    "Front matter is limited to 64 KiB, checked before parsing, and YAML (front matter "
    "and the vocabulary) to 8 levels of nesting, however they are built (indentation, "
    "runs of `-`, `?` keys, brackets), checked while it is read, before any value is used.",
    "case fields nest at most three levels (sources -> item -> field)",
)
TAB_INDENT = Rule(
    "SKB208",
    E,
    "tab in indentation",
    "YAML does not allow tabs for indentation. Indent with spaces.",
    "indent YAML with spaces only",
)
NOT_A_MAPPING = Rule(
    "SKB209",
    E,
    "front matter is not a mapping",
    "The front matter must be a mapping of field names to values (`title: ...`).",
    "write one field per line: 'title: ...', 'date: 2022-08', ...",
)
COMPLEX_KEY = Rule(
    "SKB210",
    E,
    "complex key",
    "Keys must be plain words such as `title`, not lists, maps or empty values.",
    "write keys like 'title:'",
)
MISSING_FIELD = Rule(
    "SKB301",
    E,
    "missing required field",
    "A field that every case of this kind must have is missing.",
    "add the field",
)
UNKNOWN_FIELD = Rule(
    "SKB302",
    E,
    "unknown field",
    "The field is not part of the case format. Check the spelling; the message suggests "
    "the closest field.",
    "check the spelling against the case format",
)
WRONG_TYPE = Rule(
    "SKB303",
    E,
    "wrong type",
    "The value has the wrong shape: text where a list is expected, a list where a "
    "number is expected, and so on.",
    "write the value in the shape the case format gives",
)
BOOLEAN_WORD = Rule(
    "SKB304",
    E,
    "YAML 1.1 boolean word",
    "`yes`, `no`, `on`, `off`, `y` and `n` are booleans to some YAML parsers and text "
    "to others. sellerkb reads them as text, so a true/false field needs `true` or "
    "`false`.",
    "write true or false",
)
INVALID_DATE = Rule(
    "SKB305",
    E,
    "invalid date",
    "Dates are written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, and must exist on the calendar.",
    "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2022-08-16 or 2022-08",
)
DATES_OUT_OF_ORDER = Rule(
    "SKB306",
    E,
    "dates out of order",
    "`end_date` and `effective_date` may not be before `date`.",
    "check both dates; the later one may be a typo",
)
VALUE_NOT_ALLOWED = Rule(
    "SKB307",
    E,
    "value not allowed",
    "The field takes one of a fixed set of words (a status, forum, ruling or money kind).",
    "use one of the allowed words",
)
UNKNOWN_SLUG = Rule(
    "SKB308",
    E,
    "unknown vocabulary slug",
    "Platforms, authorities, topics and violations are slugs from `cases/"
    "vocabulary.yml`. Use an existing slug or add one to the vocabulary.",
    "use a slug listed in cases/vocabulary.yml, or add one there in the same pull request",
)
INVALID_COUNTRY = Rule(
    "SKB309",
    E,
    "invalid country code",
    "Countries are ISO 3166-1 alpha-2 codes in capitals (`US`, `CN`, `NO`); "
    "`marketplaces` also takes `EU` and `GLOBAL`.",
    "use ISO 3166-1 alpha-2 capitals such as US, CN, DE, GB",
)
INVALID_CURRENCY = Rule(
    "SKB310",
    E,
    "invalid currency code",
    "Currencies are ISO 4217 codes in capitals (`USD`, `CNY`, `EUR`).",
    "use ISO 4217 capitals such as USD, CNY, EUR, GBP",
)
INVALID_LANGUAGE = Rule(
    "SKB311",
    E,
    "invalid language code",
    "A source's `language` is an ISO 639-1 code in lower case (`en`, `zh`, `de`).",
    "use ISO 639-1 lower case such as en, zh, de, ja",
)
INVALID_URL = Rule(
    "SKB312",
    E,
    "invalid URL",
    "Source URLs must be absolute `http` or `https` URLs with a host and no spaces.",
    "use the full address starting with https:// or http://",
)
TEXT_LENGTH = Rule(
    "SKB313",
    E,
    "text too long, too short or not one line",
    "`title` is 8 to 160 characters on one line; `summary` is plain text of at most "
    "600 characters; names and other short texts are one line.",
    "shorten the text, or move detail into the body",
)
REPEATED_ENTRY = Rule(
    "SKB314",
    E,
    "repeated list entry",
    "A list repeats an entry. Each entry may appear once.",
    "remove the repeated entry",
)
OUT_OF_RANGE = Rule(
    "SKB315",
    E,
    "number out of range",
    "Affected counts are whole numbers of at least 0; money amounts are numbers greater than 0 "
    "and at most 10^13 (ten trillion), more than any amount reported in any currency.",
    "write the number as reported, without separators or units",
)
RULING_MISMATCH = Rule(
    "SKB316",
    E,
    "ruling does not match status",
    "A lawsuit has a `ruling` exactly when its `status` is `decided`.",
    "give a ruling (for-plaintiff, for-defendant, split) only when status is decided",
)
EMPTY_LIST = Rule(
    "SKB317",
    E,
    "empty list",
    "This list must have at least one entry.",
    "give at least one entry",
)
SOURCE_WITHOUT_URL = Rule(
    "SKB318",
    W,
    "source without URL",
    "A source without a `url` cannot be checked by readers. Allowed (for example for "
    "an article known only from a copy), but reported.",
    "add the address where readers can check it, if there is one",
)
EMPTY_VALUE = Rule(
    "SKB319",
    E,
    "empty value",
    "The field is present but has no value. Give it a value or remove the line.",
    "give it a value or remove the line",
)
STALE_REVIEW = Rule(
    "SKB320",
    W,
    "open case not reviewed for a year",
    "An open case (a ban that is `active` or `unknown`, a lawsuit that is `pending` or "
    "`unknown`, a policy that is `proposed` or `announced`) whose `reviewed` date is more "
    "than 365 days old may be out of date. Check it against its sources and the newest "
    "reporting, then set `reviewed` to that day.",
    "check the case against its sources and newer reporting, then update `reviewed`",
)
LIFECYCLE_CONFLICT = Rule(
    "SKB321",
    E,
    "both withdrawn and merged",
    "A case is either `withdrawn` (its page stays, with a notice) or `merged_into` another "
    "case (its page redirects there), never both: a reader could not be sent to both.",
    "keep merged_into if it duplicated another case, withdrawn if it was wrong",
)
BODY_TOO_SHORT = Rule(
    "SKB401",
    E,
    "body too short",
    "The body below the front matter needs at least 40 characters of text.",
    "describe what happened, with a timeline and the outcome",
)
RAW_HTML = Rule(
    "SKB402",
    E,
    "raw HTML",
    "Case bodies are Markdown only: no HTML tags, HTML comments or processing "
    "instructions. Use Markdown, or put code in a fenced code block.",
    "use Markdown instead of HTML; put code in a fenced code block (```); "
    "write &lt; for a literal '<'",
)
LINK_NOT_ALLOWED = Rule(
    "SKB403",
    E,
    "link not allowed",
    "Links go to `http`, `https` or `mailto` addresses, or to another case by its id "
    "(`[text](other-case-id)`). `javascript:`, `data:`, relative paths and other "
    "schemes are refused.",
    "write [text](https://...) for a web page or [text](case-id) for another case; "
    "javascript:, data: and other schemes are refused",
)
IMAGE = Rule(
    "SKB404",
    E,
    "image",
    "Images are not part of case format v1. Link to the image's source instead.",
    "link to the picture's source page instead",
)
PERSONAL_DATA = Rule(
    "SKB405",
    W,
    "personal data",
    "An email address or phone number appears in the case. Cases must not carry "
    "personal data; remove it unless it is an organisation's public contact.",
    "remove email addresses and phone numbers of people",
)
PLACEHOLDER = Rule(
    "SKB406",
    E,
    "template placeholder",
    "`TODO` is left from the template of `sellerkb new`. Replace it with what the sources "
    "say, or remove the line.",
    "replace it with what the sources say",
)
MARKDOWN_TOO_COSTLY = Rule(
    "SKB407",
    E,
    "Markdown too costly to render",
    "A paragraph holds so many `[` or backticks, or the body so many `<`, that rendering "
    "it would take too long: the renderer's time grows with their number times the length "
    "of the text around them. Split the paragraph with blank lines, or write `&#91;` for "
    "a literal `[` and `&lt;` for a literal `<`.",
    "split the paragraph with blank lines, or write &#91; for a literal '['",
)
DUPLICATE_ID = Rule(
    "SKB501",
    E,
    "duplicate id",
    "Ids are unique across all kinds: two files share this file name.",
    "ids are unique across bans, lawsuits and policies; rename this file",
)
UNKNOWN_RELATED = Rule(
    "SKB502",
    E,
    "unknown related case",
    "Every id in `related` must be an existing case.",
    "use the file name (without .md) of an existing case",
)
RELATED_TO_SELF = Rule(
    "SKB503",
    E,
    "case related to itself",
    "A case cannot list itself in `related`.",
    "remove its own id from related",
)
LINK_TO_UNKNOWN_CASE = Rule(
    "SKB504",
    E,
    "link to unknown case",
    "A Markdown link to a case id must name an existing case.",
    "link to an existing case id, or to a full https:// address",
)
UNUSED_SLUG = Rule(
    "SKB505",
    W,
    "unused vocabulary slug",
    "A slug in `cases/vocabulary.yml` that no case uses. Allowed, but worth a look.",
    "fine for a new slug; remove it if it is obsolete",
)
POSSIBLE_DUPLICATE = Rule(
    "SKB506",
    W,
    "possible duplicate",
    "The case looks like one that exists: the same case number, a nearly identical "
    "title, or the same platform, month and topics together with evidence that both tell "
    "of the same thing: similar titles or summaries, a shared source URL, or a shared "
    "plaintiff that few cases name. Merge them, or tell them apart in the titles.",
    "merge the two cases, or make their titles tell them apart",
)
ALIAS_COLLISION = Rule(
    "SKB507",
    E,
    "alias collides",
    "An alias in `aliases` is an earlier id of the case, and its old URL redirects to it. "
    "It may not be the id of any case (its own included, and merged or withdrawn cases, "
    "whose ids keep resolving), nor an alias of another case.",
    "remove the alias, or rename the case whose id it is",
)
REDIRECT_CHAIN = Rule(
    "SKB508",
    E,
    "redirect chain",
    "An old id redirects in one step. A case merged into a case that is itself merged, or "
    "earlier ids on a merged case, would redirect twice: point at the final case instead.",
    "merge into the case the other was merged into, and move aliases to it",
)
REDIRECT_LOOP = Rule(
    "SKB509",
    E,
    "redirect loop",
    "Cases merged into each other (or a case merged into itself) would redirect forever.",
    "keep one of the cases live: remove its merged_into",
)
MERGED_INTO_WITHDRAWN = Rule(
    "SKB510",
    E,
    "merged into a withdrawn case",
    "A withdrawn case is not where readers should be sent. Merge into a live case, or "
    "withdraw this one too.",
    "merge into a live case, or withdraw this case instead",
)
MERGED_INTO_UNKNOWN = Rule(
    "SKB511",
    E,
    "merged into an unknown case",
    "`merged_into` names the id of an existing case (its file name without `.md`).",
    "use the id of the case this one duplicated; if that case was renamed, its new id",
)
INVALID_VOCABULARY = Rule(
    "SKB601",
    E,
    "invalid vocabulary",
    "`cases/vocabulary.yml` holds the lists `platforms`, `authorities`, `topics` and "
    "`violations`, each a list of `{slug, name, description}` (platforms also `url`), "
    "with unique slugs.",
    "each list entry has slug, name and description",
)
NO_CASES_FOLDER = Rule(
    "SKB602",
    E,
    "no cases folder",
    "The root has no `cases/` folder or no `cases/vocabulary.yml`.",
    "run sellerkb in the repository, or pass --root",
)

ORPHAN_TRANSLATION = Rule(
    "SKB701",
    E,
    "translation without an original",
    "A translation `cases/<kind>/<id>.<lang>.md` needs its original `cases/<kind>/<id>.md` "
    "in the same folder.",
    "check the file name against the original's, or add the original first",
)
TRANSLATION_FIELD = Rule(
    "SKB702",
    E,
    "field not allowed in a translation",
    "A translation's front matter holds exactly `title`, `summary` and `translated_from`. "
    "Facts (dates, slugs, amounts, parties, sources, related) live only in the original, "
    "so that they cannot disagree.",
    "remove the field; facts live in the original case file",
)
TRANSLATION_LANGUAGE = Rule(
    "SKB703",
    E,
    "translation in an unsupported or the original's language",
    "Translations are `<id>.zh.md` or `<id>.en.md`, in a language the site has and that "
    "differs from the original's `language`.",
    "name the file <id>.zh.md (or <id>.en.md for a case written in Chinese)",
)
STALE_TRANSLATION = Rule(
    "SKB704",
    W,
    "translation behind its original",
    "The original's title, summary or body changed after the translation was made "
    "(`translated_from` no longer matches). The site marks the translation as stale "
    "until it is brought up to date.",
    "update the translation, then run 'sellerkb translate ID --lang LANG --refresh' "
    "to record the new fingerprint",
)
NUMBER_NOT_TRANSLATED = Rule(
    "SKB705",
    W,
    "number missing from the translation",
    "A number, year or case number in the original's title or summary does not appear in "
    "the translation's title or summary. Numbers stay exact in a translation.",
    "write the same number in the translation (digits, as in the original)",
)
BAD_FINGERPRINT = Rule(
    "SKB706",
    E,
    "invalid translation fingerprint",
    "`translated_from` is the fingerprint the tools write (`sellerkb translate`): three "
    "groups of 10 hexadecimal digits for the title, summary and body of the original.",
    "run 'sellerkb translate ID --lang LANG --refresh' after checking the translation",
)


_ALL = sorted((v for v in list(globals().values()) if isinstance(v, Rule)), key=lambda r: r.code)

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}
