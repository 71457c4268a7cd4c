"""The JSON Schema (Draft 2020-12) of case front matter, generated from the model."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from .model import FIELDS_BY_KIND, Kind

SCHEMA_ID = "urn:sellerkb:schema:case:v1"


def case_schema(kind: Kind | None = None) -> dict[str, Any]:
    """The JSON Schema of case front matter: of every kind (oneOf), or of one kind."""
    kinds = [kind] if kind else list(Kind)
    keys, schema = models_json_schema(
        [(FIELDS_BY_KIND[k], "validation") for k in kinds],
        ref_template="#/$defs/{model}",
    )
    refs = [keys[(FIELDS_BY_KIND[k], "validation")] for k in kinds]
    top: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID if kind is None else SCHEMA_ID.replace(":case:", f":{kind.value}:"),
        "title": "sellerkb case front matter" + (f" ({kind.value})" if kind else ""),
        "description": "The YAML front matter of a case file in cases/<kind>/<id>.md. The kind "
        "comes from the folder and the id from the file name. Vocabulary slugs "
        "are checked against cases/vocabulary.yml by `sellerkb validate`.",
    }
    if kind is None:
        top["oneOf"] = refs
        top["$defs"] = schema["$defs"]
    else:
        defs = schema["$defs"]
        main = defs.pop(refs[0]["$ref"].rsplit("/", 1)[1])
        top.update({k: v for k, v in main.items() if k != "title"})
        if defs:
            top["$defs"] = defs
    return top
