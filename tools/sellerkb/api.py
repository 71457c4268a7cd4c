"""The versioned static API under `api/v1/`: JSON documents, their JSON Schemas and an
OpenAPI 3.1 description, all made from the model, plus `cases.ndjson` for search engines.

Every document carries `schema_version` and `generated_at`; lists carry `total` and their
items in `result`. Within v1, a minor version only adds fields (see CHANGELOG-API.md), so
the schemas allow fields they do not name. Nothing here reads a file: the documents are
`(path, text)` pairs for the site to write.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model
from pydantic.json_schema import models_json_schema

from .export import UrlOf, case_url, ordered, record, translation_records
from .facets import BY_NAME, FACETS
from .kinds import LANGUAGES, Kind
from .model import FIELDS_BY_KIND, Case, Corpus, Vocabulary

SCHEMA_VERSION = "1.0.0"
ROOT = "api/v1/"
NDJSON = "application/x-ndjson"
SEMVER = r"^\d+\.\d+\.\d+$"
# The facets that have their own lists: facet name -> (folder, path parameter).
FACET_FOLDERS = {"platform": ("platforms", "slug"), "topic": ("topics", "slug")}
FACET_FOLDERS["country"] = ("countries", "code")


class ApiFile(NamedTuple):
    """One file of the API: its path under the site root and its text."""

    path: str
    text: str


# --- the response models (the JSON Schemas and the OpenAPI file come from these) -------


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Envelope(_Open):
    schema_version: Annotated[str, Field(pattern=SEMVER)] = Field(
        description="The version of this API's documents (semver); v1 documents only gain "
        "fields within 1.x."
    )
    generated_at: datetime.datetime = Field(description="When the site was built (UTC).")


class ListEnvelope(Envelope):
    total: int = Field(ge=0, description="How many items `result` holds.")


class TranslationInfo(_Open):
    """A case in another language: only the translated text; facts live in the case."""

    title: str
    summary: str
    path: str = Field(description="The translation's file, `cases/<kind>/<id>.<lang>.md`.")
    stale: list[Literal["title", "summary", "body"]] = Field(
        description="Parts of the original that changed since it was translated."
    )
    body: str | None = Field(None, description="The translated Markdown (only in cases/<id>.json).")


def _record_model(kind: Kind) -> type[BaseModel]:
    fields: Any = {
        "__base__": FIELDS_BY_KIND[kind],
        "__doc__": f"A case of kind {kind.value}: its front matter and where it lives.",
        "id": (str, Field(description="The case's permanent id (its file name).")),
        "kind": (Literal[kind.value], Field(description="The case's kind (its folder).")),
        "url": (str, Field(description="The case's page.")),
        "uri": (str, Field(description="This case's API document, cases/<id>.json.")),
        "path": (str, Field(description="The case file in the repository.")),
        "translations": (
            dict[str, TranslationInfo],
            Field(description="Translations by language code (`zh`, `en`)."),
        ),
        "body": (str | None, Field(None, description="Markdown (only in cases/<id>.json).")),
    }
    return create_model(f"{kind.singular.capitalize()}Record", **fields)


BanRecord = _record_model(Kind.BANS)
LawsuitRecord = _record_model(Kind.LAWSUITS)
PolicyRecord = _record_model(Kind.POLICIES)
CaseRecord = Annotated[
    BanRecord | LawsuitRecord | PolicyRecord,  # type: ignore[valid-type]
    Field(discriminator="kind"),
]


class CaseList(ListEnvelope):
    """Cases, newest first, without their bodies. Withdrawn cases are included and carry
    `withdrawn`; merged cases are left out (see redirects.json)."""

    result: list[CaseRecord]


class CaseDocument(Envelope):
    """One case with its body and its translations' bodies."""

    result: CaseRecord


class Redirect(_Open):
    """An old id and the case it lives in now."""

    id: str = Field(description="The old id.")
    redirect_to: str = Field(description="The id of the case that answers for it now.")
    reason: Literal["merged", "renamed"] = Field(
        description="`merged`: the old id is a case merged into another; `renamed`: an alias."
    )
    uri: str = Field(description="The API document of the case it lives in now.")


class RedirectDocument(Envelope):
    """What cases/<old id>.json answers: a pointer to the case's id now."""

    result: Redirect


class CaseOrRedirect(RootModel[CaseDocument | RedirectDocument]):
    """cases/<id>.json: a case, or for an old id a pointer (`result.redirect_to`)."""


class RedirectList(ListEnvelope):
    """Every old id that answers with a pointer."""

    result: list[Redirect]


class FacetValue(_Open):
    value: str = Field(description="The slug or code, as cases write it.")
    name: str = Field(description="Its English name.")
    total: int = Field(ge=0, description="Cases with this value.")
    uri: str = Field(description="The list of those cases.")


class FacetIndex(ListEnvelope):
    """The values of one facet (platforms, topics, countries), with links to their cases."""

    facet: str
    result: list[FacetValue]


class FacetCases(ListEnvelope):
    """The cases of one facet value, newest first, without their bodies."""

    facet: str
    value: str
    name: str
    result: list[CaseRecord]


class Link(_Open):
    name: str
    uri: str
    description: str
    total: int | None = Field(None, ge=0)


class IndexDocument(ListEnvelope):
    """What the API has, with links."""

    result: list[Link]


class VocabularyDocument(Envelope):
    """The vocabulary: platforms, authorities, topics and violations, with names in Chinese."""

    result: Vocabulary


def _search_document() -> type[BaseModel]:
    texts = (dict[str, str], Field(description="By language code: the original and translations."))
    fields: Any = {
        "__base__": _Open,
        "__doc__": "One line of cases.ndjson: a case for a search engine, with both languages "
        "and the facet fields.",
        "id": (str, Field(description="The permanent id: use it as the primary key.")),
        "url": (str, ...),
        "language": (str, Field(description="The language the case is written in.")),
        "date": (str, ...),
        "reviewed": (str | None, None),
        "withdrawn": (bool, Field(description="Withdrawn cases are kept, marked.")),
        "aliases": (list[str], Field(description="Earlier ids, so that a search finds them.")),
        "title": texts,
        "summary": texts,
        "body": texts,
    }
    for facet in FACETS:
        fields[facet.name] = (list[str], Field(description=f"{facet.title} facet values."))
    return create_model("SearchDocument", **fields)


SearchDocument = _search_document()


# --- the endpoints ------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    path: str  # under api/v1/, with {parameter}
    model: type[BaseModel]
    summary: str
    media: str = "application/json"

    @property
    def schema_name(self) -> str:
        return self.model.__name__

    def matches(self, path: str) -> bool:
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(self.path))
        return re.fullmatch(pattern, path) is not None


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("index.json", IndexDocument, "What the API has, with links"),
    Endpoint("cases.json", CaseList, "Every case, newest first, without bodies"),
    Endpoint(
        "cases/{id}.json",
        CaseOrRedirect,
        "One case with its body; an old id answers with a pointer to its case now",
    ),
    Endpoint("redirects.json", RedirectList, "Every old id and the case it lives in now"),
    *(
        endpoint
        for facet, (folder, parameter) in FACET_FOLDERS.items()
        for endpoint in (
            Endpoint(f"{folder}.json", FacetIndex, f"Every {facet}, with its number of cases"),
            Endpoint(f"{folder}/{{{parameter}}}.json", FacetCases, f"The cases of one {facet}"),
        )
    ),
    Endpoint("vocabulary.json", VocabularyDocument, "The vocabulary, in English and Chinese"),
    Endpoint("cases.ndjson", SearchDocument, "Every case, one JSON object a line", NDJSON),
)


def endpoint_of(path: str) -> Endpoint:
    """The endpoint a path under api/v1/ belongs to (KeyError for none)."""
    for endpoint in ENDPOINTS:
        if endpoint.matches(path):
            return endpoint
    raise KeyError(path)


def _open_schema(value: Any) -> Any:
    """A schema that allows the fields a later minor version adds."""
    if isinstance(value, dict):
        return {
            k: _open_schema(v)
            for k, v in value.items()
            if not (k == "additionalProperties" and v is False)
        }
    if isinstance(value, list):
        return [_open_schema(v) for v in value]
    return value


def response_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema (Draft 2020-12) of each endpoint's documents, by schema name."""
    out: dict[str, dict[str, Any]] = {}
    for endpoint in ENDPOINTS:
        if endpoint.schema_name in out:
            continue
        schema = endpoint.model.model_json_schema(ref_template="#/$defs/{model}")
        out[endpoint.schema_name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:sellerkb:api:v1:{endpoint.schema_name}",
            **_open_schema(schema),
        }
    return out


def openapi(server: str = "/" + ROOT.rstrip("/")) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every path of the API."""
    keys, defs = models_json_schema(
        [(endpoint.model, "validation") for endpoint in ENDPOINTS],
        ref_template="#/components/schemas/{model}",
    )
    paths: dict[str, Any] = {}
    for endpoint in ENDPOINTS:
        operation: dict[str, Any] = {
            "summary": endpoint.summary,
            "operationId": re.sub(r"\W+", "_", endpoint.path).strip("_"),
            "responses": {
                "200": {
                    "description": (endpoint.model.__doc__ or endpoint.summary).strip(),
                    "content": {endpoint.media: {"schema": keys[(endpoint.model, "validation")]}},
                },
                "404": {"description": "No such id, slug or code."},
            },
        }
        parameters = re.findall(r"\{(\w+)\}", endpoint.path)
        if parameters:
            operation["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in parameters
            ]
        paths["/" + endpoint.path] = {"get": operation}
    paths["/openapi.json"] = {
        "get": {
            "summary": "This description",
            "operationId": "openapi_json",
            "responses": {
                "200": {
                    "description": "The OpenAPI 3.1 description of the API.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    paths["/schemas/{name}.json"] = {
        "get": {
            "summary": "The JSON Schema of one kind of document",
            "operationId": "schemas_name_json",
            "parameters": [
                {
                    "name": "name",
                    "in": "path",
                    "required": True,
                    "schema": {"enum": sorted({e.schema_name for e in ENDPOINTS})},
                }
            ],
            "responses": {
                "200": {
                    "description": "A JSON Schema (Draft 2020-12).",
                    "content": {"application/schema+json": {"schema": {"type": "object"}}},
                },
                "404": {"description": "No such schema."},
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "sellerkb static API",
            "version": SCHEMA_VERSION,
            "description": "Marketplace seller bans, lawsuits and policy changes as static "
            "JSON files. Read-only, no keys; every document carries schema_version and "
            "generated_at, and lists carry total. Within v1, minor versions only add fields.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server}],
        "paths": paths,
        "components": {"schemas": _open_schema(defs.get("$defs", {}))},
    }


# --- the documents ------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where the API's links point. With `site_url` every link is absolute; without it a
    page's `url` is relative to the site root and a document's `uri` to api/v1/."""

    generated_at: datetime.datetime
    site_url: str = ""
    url_of: UrlOf = case_url

    def page(self, case_id: str) -> str:
        url = self.url_of(case_id)
        return self.site_url.rstrip("/") + "/" + url if self.site_url else url

    def uri(self, path: str) -> str:
        return self.site_url.rstrip("/") + "/" + ROOT + path if self.site_url else path

    def envelope(self, **fields: Any) -> dict[str, Any]:
        stamp = self.generated_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {"schema_version": SCHEMA_VERSION, "generated_at": stamp, **fields}


def api_cases(corpus: Corpus) -> list[Case]:
    """The cases the API lists, newest first: all but merged ones (withdrawn are marked)."""
    return [case for case in ordered(corpus) if not case.is_merged]


def case_record(case: Case, site: Site, *, body: bool) -> dict[str, Any]:
    """A case as the API gives it: every field, its links and its translations."""
    out = record(case, site.page(case.id), body=False)
    out["uri"] = site.uri(f"cases/{case.id}.json")
    out["translations"] = translation_records(case, body=body)
    if body:
        out["body"] = case.body
    return out


def facet_values(corpus: Corpus, facet: str) -> dict[str, list[Case]]:
    """Value -> its cases (newest first), for a facet the API lists; vocabulary slugs no
    case uses yet get an empty list, so that their URL exists from the start."""
    found: dict[str, list[Case]] = defaultdict(list)
    if facet in ("platform", "topic"):
        for term in getattr(corpus.vocabulary, facet + "s"):
            found[term.slug] = []
    for case in api_cases(corpus):
        for value in BY_NAME[facet].values(case):
            found[value].append(case)
    return dict(sorted(found.items()))


def value_name(vocabulary: Vocabulary, facet: str, value: str) -> str:
    """The English name of a facet value."""
    from . import iso

    if BY_NAME[facet].labels == "country":
        return iso.country_name(value)
    return vocabulary.name_of(value)


def _dump(data: Any) -> str:
    # Compact: the C encoder is ten times faster than an indented dump, and jq indents.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _dump_list(envelope: dict[str, Any], items: list[str]) -> str:
    """_dump of an envelope that ends in `result=[]`, with these items (each dumped
    already, without the newline) as its result: a case's record is in the list of every
    value it has, and is encoded once."""
    empty = _dump(envelope)
    if not empty.endswith('"result":[]}\n'):
        raise ValueError("the envelope must end in an empty result")
    return empty[: -len("]}\n")] + ",".join(items) + "]}\n"


def api_files(corpus: Corpus, site: Site) -> Iterator[ApiFile]:
    """Every file of api/v1/, documents and schemas alike."""
    cases = api_cases(corpus)
    redirects = corpus.redirects
    links: list[dict[str, Any]] = []

    def link(name: str, path: str, description: str, total: int | None = None) -> None:
        links.append(
            {"name": name, "uri": site.uri(path), "description": description}
            | ({"total": total} if total is not None else {})
        )

    listed = [_dump(case_record(case, site, body=False))[:-1] for case in cases]
    short = {case.id: item for case, item in zip(cases, listed, strict=True)}  # made once
    envelope = site.envelope(total=len(listed), result=[])
    yield ApiFile(ROOT + "cases.json", _dump_list(envelope, listed))
    link("cases", "cases.json", "every case, newest first, without bodies", len(listed))
    for case in cases:
        document = site.envelope(result=case_record(case, site, body=True))
        yield ApiFile(f"{ROOT}cases/{case.id}.json", _dump(document))
    pointers = [
        {
            "id": old,
            "redirect_to": new,
            "reason": "merged" if old in corpus.cases else "renamed",
            "uri": site.uri(f"cases/{new}.json"),
        }
        for old, new in redirects.items()
    ]
    for pointer in pointers:
        yield ApiFile(f"{ROOT}cases/{pointer['id']}.json", _dump(site.envelope(result=pointer)))
    yield ApiFile(
        ROOT + "redirects.json", _dump(site.envelope(total=len(pointers), result=pointers))
    )
    link("redirects", "redirects.json", "old ids and the case each lives in now", len(pointers))
    for facet, (folder, _) in FACET_FOLDERS.items():
        values = []
        for value, members in facet_values(corpus, facet).items():
            name = value_name(corpus.vocabulary, facet, value)
            path = f"{folder}/{value.lower()}.json"
            result = [short[case.id] for case in members]
            document = site.envelope(
                total=len(result), facet=facet, value=value, name=name, result=[]
            )
            yield ApiFile(ROOT + path, _dump_list(document, result))
            values.append(
                {"value": value, "name": name, "total": len(result), "uri": site.uri(path)}
            )
        yield ApiFile(
            f"{ROOT}{folder}.json",
            _dump(site.envelope(total=len(values), facet=facet, result=values)),
        )
        link(folder, f"{folder}.json", f"every {facet}, with links to its cases", len(values))
    vocabulary = corpus.vocabulary.model_dump(mode="json", exclude_none=True)
    yield ApiFile(ROOT + "vocabulary.json", _dump(site.envelope(result=vocabulary)))
    link("vocabulary", "vocabulary.json", "platforms, authorities, topics and violations")
    yield ApiFile(ROOT + "cases.ndjson", cases_ndjson(corpus, site))
    link("cases.ndjson", "cases.ndjson", "every case on one line, for search engines", len(cases))
    link("openapi", "openapi.json", "the OpenAPI 3.1 description of these files")
    server = site.uri("").rstrip("/") if site.site_url else "/" + ROOT.rstrip("/")
    yield ApiFile(ROOT + "openapi.json", json.dumps(openapi(server), indent=1) + "\n")
    for name, schema in response_schemas().items():
        yield ApiFile(f"{ROOT}schemas/{name}.json", json.dumps(schema, indent=1) + "\n")
        link(f"schema {name}", f"schemas/{name}.json", "a JSON Schema of these documents")
    yield ApiFile(ROOT + "index.json", _dump(site.envelope(total=len(links), result=links)))


def search_document(case: Case, site: Site) -> dict[str, Any]:
    """A case for a search engine: both languages side by side, and the facet fields."""
    texts: dict[str, dict[str, str]] = {"title": {}, "summary": {}, "body": {}}
    texts["title"][case.meta.language] = case.title
    texts["summary"][case.meta.language] = case.meta.summary
    texts["body"][case.meta.language] = case.body
    for language in LANGUAGES:
        translation = case.translations.get(language)
        if translation is not None:
            texts["title"][language] = translation.title
            texts["summary"][language] = translation.summary
            texts["body"][language] = translation.body
    out: dict[str, Any] = {
        "id": case.id,
        "url": site.page(case.id),
        "language": case.meta.language,
        "date": case.meta.date,
        "reviewed": case.meta.reviewed,
        "withdrawn": case.is_withdrawn,
        "aliases": list(case.meta.aliases),
        **texts,
    }
    for facet in FACETS:
        out[facet.name] = list(facet.values(case))
    return out


def cases_ndjson(corpus: Corpus, site: Site) -> str:
    """Every case the API lists, one JSON object a line (no envelope: a line is a case)."""
    return "".join(
        json.dumps(search_document(case, site), ensure_ascii=False) + "\n"
        for case in api_cases(corpus)
    )
