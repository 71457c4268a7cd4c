"""Kinds and ids: what a case's folder and file name mean. Light to import."""

from __future__ import annotations

import re
from enum import StrEnum

ID_PATTERN = re.compile(r"[a-z0-9](?:-?[a-z0-9])*\Z")
ID_LENGTH = (3, 80)


class Kind(StrEnum):
    BANS = "bans"
    LAWSUITS = "lawsuits"
    POLICIES = "policies"

    @property
    def singular(self) -> str:
        return {"bans": "ban", "lawsuits": "lawsuit", "policies": "policy"}[self.value]


def valid_id(text: str) -> bool:
    return ID_LENGTH[0] <= len(text) <= ID_LENGTH[1] and bool(ID_PATTERN.match(text))
