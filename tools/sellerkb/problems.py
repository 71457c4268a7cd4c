"""Problems (errors and warnings) and the registry of their stable codes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    explanation: str


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the root, with "/"
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    def as_dict(self) -> dict[str, object]:
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

_RULES = [
    # SKB1xx: files, names and encoding
    Rule(
        "SKB101",
        E,
        "file too large",
        "A case file may be at most 1 MiB. Larger files are not read at all.",
    ),
    Rule(
        "SKB102",
        E,
        "not UTF-8 text",
        "Case files are UTF-8 text. Binary files and other encodings are rejected; "
        "re-save the file as UTF-8.",
    ),
    Rule(
        "SKB103",
        E,
        "byte-order mark",
        "The file starts with a UTF-8 byte-order mark (BOM), which hides the opening `---`. "
        "Save the file as UTF-8 without BOM.",
    ),
    Rule(
        "SKB104",
        E,
        "control character",
        "NUL and other control characters (apart from tab and line breaks) are not allowed "
        "anywhere in a case file.",
    ),
    Rule(
        "SKB105",
        E,
        "bidirectional control character",
        "Unicode bidirectional embedding, override and isolate characters (U+202A-U+202E, "
        "U+2066-U+2069) can make text display differently from what it says "
        '("Trojan Source"). Remove them.',
    ),
    Rule(
        "SKB106",
        E,
        "symbolic link",
        "Symbolic links under `cases/` are not followed. Put the real file there instead.",
    ),
    Rule(
        "SKB107",
        E,
        "stray file",
        "Only `<id>.md` files inside `bans/`, `lawsuits/` and `policies/`, and "
        "`vocabulary.yml`, may live under `cases/`. Anything else would be silently "
        "ignored, so it is an error.",
    ),
    Rule(
        "SKB108",
        E,
        "stray folder",
        "The only folders under `cases/` are `bans/`, `lawsuits/` and `policies/`, "
        "with no folders inside them.",
    ),
    Rule(
        "SKB109",
        E,
        "invalid id",
        "A case's id is its file name without `.md`: 3 to 80 characters of `a-z`, `0-9` "
        "and single `-` between them.",
    ),
    Rule(
        "SKB110",
        E,
        "names differ only by case",
        "Two files or folders whose names differ only in upper and lower case collide on "
        "macOS and Windows. Rename one.",
    ),
    Rule(
        "SKB111",
        E,
        "unreadable file",
        "The file could not be read (permissions, or it vanished during the run).",
    ),
    # SKB2xx: front matter and YAML
    Rule(
        "SKB201",
        E,
        "no front matter",
        "A case file starts with a line `---`, then YAML front matter, then another `---`.",
    ),
    Rule(
        "SKB202",
        E,
        "front matter not closed",
        "The front matter opened with `---` on line 1 has no closing `---` line.",
    ),
    Rule(
        "SKB203",
        E,
        "YAML syntax error",
        "The front matter is not valid YAML. The message says where the parser stopped.",
    ),
    Rule(
        "SKB204",
        E,
        "duplicate key",
        "A key appears twice in the same mapping. YAML parsers silently keep the last one; "
        "sellerkb refuses, so nothing is lost.",
    ),
    Rule(
        "SKB205",
        E,
        "anchor or alias",
        "YAML anchors (`&name`) and aliases (`*name`) are not allowed: they make files hard "
        'to review and enable "billion laughs" attacks.',
    ),
    Rule(
        "SKB206",
        E,
        "YAML tag",
        "Explicit YAML tags (`!!str`, `!something`) are not allowed. Quote a value to make "
        "it text.",
    ),
    Rule(
        "SKB207",
        E,
        "front matter too large or too deep",
        "Front matter is limited in size and nesting depth, checked before parsing.",
    ),
    Rule(
        "SKB208",
        E,
        "tab in indentation",
        "YAML does not allow tabs for indentation. Indent with spaces.",
    ),
    Rule(
        "SKB209",
        E,
        "front matter is not a mapping",
        "The front matter must be a mapping of field names to values (`title: ...`).",
    ),
    Rule(
        "SKB210",
        E,
        "complex key",
        "Keys must be plain words such as `title`, not lists, maps or empty values.",
    ),
    # SKB3xx: fields
    Rule(
        "SKB301",
        E,
        "missing required field",
        "A field that every case of this kind must have is missing.",
    ),
    Rule(
        "SKB302",
        E,
        "unknown field",
        "The field is not part of the case format. Check the spelling; the message suggests "
        "the closest field.",
    ),
    Rule(
        "SKB303",
        E,
        "wrong type",
        "The value has the wrong shape: text where a list is expected, a list where a "
        "number is expected, and so on.",
    ),
    Rule(
        "SKB304",
        E,
        "YAML 1.1 boolean word",
        "`yes`, `no`, `on`, `off`, `y` and `n` are booleans to some YAML parsers and text "
        "to others. sellerkb reads them as text, so a true/false field needs `true` or "
        "`false`.",
    ),
    Rule(
        "SKB305",
        E,
        "invalid date",
        "Dates are written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, and must exist on the calendar.",
    ),
    Rule(
        "SKB306",
        E,
        "dates out of order",
        "`end_date` and `effective_date` may not be before `date`.",
    ),
    Rule(
        "SKB307",
        E,
        "value not allowed",
        "The field takes one of a fixed set of words (a status, forum, ruling or money kind).",
    ),
    Rule(
        "SKB308",
        E,
        "unknown vocabulary slug",
        "Platforms, authorities, topics and violations are slugs from `cases/"
        "vocabulary.yml`. Use an existing slug or add one to the vocabulary.",
    ),
    Rule(
        "SKB309",
        E,
        "invalid country code",
        "Countries are ISO 3166-1 alpha-2 codes in capitals (`US`, `CN`, `NO`); "
        "`marketplaces` also takes `EU` and `GLOBAL`.",
    ),
    Rule(
        "SKB310",
        E,
        "invalid currency code",
        "Currencies are ISO 4217 codes in capitals (`USD`, `CNY`, `EUR`).",
    ),
    Rule(
        "SKB311",
        E,
        "invalid language code",
        "A source's `language` is an ISO 639-1 code in lower case (`en`, `zh`, `de`).",
    ),
    Rule(
        "SKB312",
        E,
        "invalid URL",
        "Source URLs must be absolute `http` or `https` URLs with a host and no spaces.",
    ),
    Rule(
        "SKB313",
        E,
        "text too long, too short or not one line",
        "`title` is 8 to 160 characters on one line; `summary` is plain text of at most "
        "600 characters; names and other short texts are one line.",
    ),
    Rule(
        "SKB314", E, "repeated list entry", "A list repeats an entry. Each entry may appear once."
    ),
    Rule(
        "SKB315",
        E,
        "number out of range",
        "Affected counts are whole numbers of at least 0; money amounts are numbers "
        "greater than 0.",
    ),
    Rule(
        "SKB316",
        E,
        "ruling does not match status",
        "A lawsuit has a `ruling` exactly when its `status` is `decided`.",
    ),
    Rule("SKB317", E, "empty list", "This list must have at least one entry."),
    Rule(
        "SKB318",
        W,
        "source without URL",
        "A source without a `url` cannot be checked by readers. Allowed (for example for "
        "an article known only from a copy), but reported.",
    ),
    Rule(
        "SKB319",
        E,
        "empty value",
        "The field is present but has no value. Give it a value or remove the line.",
    ),
    # SKB4xx: body
    Rule(
        "SKB401",
        E,
        "body too short",
        "The body below the front matter needs at least 40 characters of text.",
    ),
    Rule(
        "SKB402",
        E,
        "raw HTML",
        "Case bodies are Markdown only: no HTML tags, HTML comments or processing "
        "instructions. Use Markdown, or put code in a fenced code block.",
    ),
    Rule(
        "SKB403",
        E,
        "link not allowed",
        "Links go to `http`, `https` or `mailto` addresses, or to another case by its id "
        "(`[text](other-case-id)`). `javascript:`, `data:`, relative paths and other "
        "schemes are refused.",
    ),
    Rule(
        "SKB404",
        E,
        "image",
        "Images are not part of case format v1. Link to the image's source instead.",
    ),
    Rule(
        "SKB405",
        W,
        "personal data",
        "An email address or phone number appears in the case. Cases must not carry "
        "personal data; remove it unless it is an organisation's public contact.",
    ),
    Rule(
        "SKB406",
        E,
        "template placeholder",
        "`TODO` is left from the template of `sellerkb new`. Replace it with what the sources "
        "say, or remove the line.",
    ),
    # SKB5xx: across cases
    Rule(
        "SKB501",
        E,
        "duplicate id",
        "Ids are unique across all kinds: two files share this file name.",
    ),
    Rule("SKB502", E, "unknown related case", "Every id in `related` must be an existing case."),
    Rule("SKB503", E, "case related to itself", "A case cannot list itself in `related`."),
    Rule(
        "SKB504",
        E,
        "link to unknown case",
        "A Markdown link to a case id must name an existing case.",
    ),
    Rule(
        "SKB505",
        W,
        "unused vocabulary slug",
        "A slug in `cases/vocabulary.yml` that no case uses. Allowed, but worth a look.",
    ),
    Rule(
        "SKB506",
        W,
        "possible duplicate",
        "The case looks like one that exists: the same case number, a nearly identical "
        "title, or the same platform, month and topics. Merge them, or tell them apart in "
        "the titles.",
    ),
    # SKB6xx: the vocabulary and the repository
    Rule(
        "SKB601",
        E,
        "invalid vocabulary",
        "`cases/vocabulary.yml` holds the lists `platforms`, `authorities`, `topics` and "
        "`violations`, each a list of `{slug, name, description}` (platforms also `url`), "
        "with unique slugs.",
    ),
    Rule(
        "SKB602",
        E,
        "no cases folder",
        "The root has no `cases/` folder or no `cases/vocabulary.yml`.",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
