"""`sellerkb from-issue`: the body of a "Report a case" issue form as a case file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from .casefile import character_name, suspect_character
from .kinds import Kind, valid_id
from .write import case_text

# Issue-form labels (.github/ISSUE_TEMPLATE/report-a-case.yml) and the fields they fill;
# a test keeps the two in step.
LABELS = {
    "Kind": "kind",
    "Title": "title",
    "Summary": "summary",
    "Date": "date",
    "Status": "status",
    "Platforms": "platforms",
    "Marketplaces": "marketplaces",
    "Seller countries": "seller_countries",
    "Topics": "topics",
    "Violations alleged (bans)": "violations",
    "Forum (lawsuits)": "forum",
    "Venue (lawsuits)": "venue",
    "Case number (lawsuits)": "case_number",
    "Plaintiffs (lawsuits)": "plaintiffs",
    "Defendants (lawsuits)": "defendants",
    "Issuer (policies)": "issuer",
    "Sources": "sources",
    "What happened": "what_happened",
    "Sources and privacy": "consent",
}
# The same fields in the Chinese form (report-a-case-zh.yml); a case reported with it is
# written in Chinese.
LABELS_ZH = {
    "类型": "kind",
    "标题": "title",
    "摘要": "summary",
    "日期": "date",
    "状态": "status",
    "平台": "platforms",
    "站点": "marketplaces",
    "卖家所在国家": "seller_countries",
    "主题": "topics",
    "被指控的违规（封禁）": "violations",
    "审理机构类型（诉讼）": "forum",
    "审理机构（诉讼）": "venue",
    "案号（诉讼）": "case_number",
    "原告（诉讼）": "plaintiffs",
    "被告（诉讼）": "defendants",
    "发布方（政策）": "issuer",
    "来源": "sources",
    "事件经过": "what_happened",
    "来源与隐私": "consent",
}
LISTS = {"platforms", "topics", "violations", "plaintiffs", "defendants"}
CODES = {"marketplaces", "seller_countries"}
KINDS = {kind.singular: kind for kind in Kind}
ORDER = (
    "title",
    "summary",
    "date",
    "status",
    "issuer",
    "language",
    "platforms",
    "marketplaces",
    "seller_countries",
    "topics",
    "violations",
    "forum",
    "venue",
    "case_number",
    "plaintiffs",
    "defendants",
    "sources",
)
SOURCE_KEYS = ("url", "title", "publisher", "date", "language")
MAX_BYTES = 256 * 1024


class IssueError(Exception):
    """The issue body is not a case report the form could have made."""

    pass


class Answers(NamedTuple):
    """What an issue form says: the answers by field, and the form's language."""

    fields: dict[str, str]
    language: str


def answers_of(text: str) -> Answers:
    """The form's answers and language, from the Markdown GitHub makes of an issue form."""
    chinese = any(line[4:].strip() in LABELS_ZH for line in text.splitlines() if line[:4] == "### ")
    return Answers(sections(text, LABELS_ZH if chinese else LABELS), "zh" if chinese else "en")


def sections(text: str, labels: dict[str, str] = LABELS) -> dict[str, str]:
    """The form's answers by field, from the Markdown GitHub makes of an issue form."""
    answers: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in [*text.replace("\r\n", "\n").split("\n"), "### "]:
        if line.startswith("### "):
            if current is not None:
                value = "\n".join(lines).strip()
                if value and value != "_No response_":
                    answers[current] = value
            current = labels.get(line[4:].strip())
            lines = []
        elif current is not None:
            lines.append(line)
    return answers


def slug(title: str, date: str) -> str:
    """A case id made from a title and a date: lower-case ASCII words and the year."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    base = ""
    for word in words:
        if len(base) + len(word) + 1 > 60:
            break
        base = f"{base}-{word}" if base else word
    year = date[:4] if re.match(r"\d{4}", date) else ""
    return f"{base or 'case'}-{year}".strip("-") if year and not base.endswith(year) else base


def _split(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]


def _sources(value: str) -> list[dict[str, str]]:
    out = []
    for line in value.splitlines():
        parts = [part.strip() for part in line.strip().lstrip("-* ").split("|")]
        if not any(parts):
            continue
        source = {key: part for key, part in zip(SOURCE_KEYS, parts, strict=False) if part}
        if "url" in source and not source["url"].lower().startswith(("http://", "https://")):
            source.setdefault("title", source.pop("url"))
        source.setdefault("title", source.get("url", ""))
        out.append(
            {
                key: source[key]
                for key in ("title", *SOURCE_KEYS[:1], *SOURCE_KEYS[2:])
                if key in source
            }
        )
    return out


class ReportedCase(NamedTuple):
    """The case file an issue form makes: its kind, a proposed id and its text."""

    kind: Kind
    case_id: str
    content: str


def case_from_issue(text: str) -> ReportedCase:
    """The case file for the issue's answers."""
    answers, language = answers_of(text)
    labels = {field: label for label, field in (LABELS_ZH if language == "zh" else LABELS).items()}
    for field, value in answers.items():
        char = suspect_character(value)
        if char is not None:
            raise IssueError(
                f"the answer to '{labels[field]}' ({field}) holds the invisible character "
                f"{character_name(char)}, which no case may hold; remove it from the issue "
                "and run from-issue again"
            )
    word = re.search(r"[a-z]+", answers.get("kind", "").lower())
    kind = KINDS.get(word.group()) if word else None
    if kind is None:
        raise IssueError(
            "the issue has no 'Kind' answer (ban, lawsuit or policy); is it a "
            "'Report a case' issue?"
        )
    meta: dict[str, Any] = {"status": kind.default_status}
    if language != "en":
        meta["language"] = language
    for field, value in answers.items():
        if field in ("kind", "what_happened", "consent"):
            continue
        if field in LISTS:
            meta[field] = _split(value)
        elif field in CODES:
            meta[field] = [code.upper() for code in _split(value)]
        elif field == "sources":
            meta[field] = _sources(value)
        else:
            meta[field] = value.strip()
    heading = "## 事件经过" if language == "zh" else "## What happened"
    body = f"{heading}\n\n" + answers.get("what_happened", "").strip() + "\n"
    ordered = {key: meta[key] for key in ORDER if key in meta}
    case_id = slug(str(meta.get("title", "")), str(meta.get("date", "")))
    return ReportedCase(kind, case_id, case_text(ordered, body))


def unique_id(root: Path, case_id: str) -> str:
    """The id, or the first free one with -2, -3, ... when a case has it already."""
    from .new import existing_case

    if not valid_id(case_id):
        case_id = "reported-case"
    candidate, n = case_id, 2
    while existing_case(root, candidate) is not None:
        candidate, n = f"{case_id}-{n}", n + 1
    return candidate
