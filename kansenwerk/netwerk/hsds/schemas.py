"""The HSDS 3.0 JSON Schemas (copied unchanged into ./schema, CC BY-SA 4.0, see
./schema/LICENSE) with their cross-file `$ref`s resolved through `referencing`."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

# The HSDS tables we read and write, with the CSV file names HSDS gives them.
TABLES = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "location": "locations.csv",
    "address": "addresses.csv",
    "phone": "phones.csv",
    "contact": "contacts.csv",
    "language": "languages.csv",
    "service_at_location": "service_at_locations.csv",
    "attribute": "attributes.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "metadata": "metadata.csv",
}


@cache
def registry(schema_dir: Path = SCHEMA_DIR) -> Registry:
    resources = []
    for path in sorted(schema_dir.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def schema(name: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    return json.loads((schema_dir / f"{name}.json").read_text(encoding="utf-8"))


def validator(name: str, schema_dir: Path = SCHEMA_DIR) -> Draft202012Validator:
    """A validator for one HSDS object (e.g. "organization"), resolving `$ref`s to the
    other files; formats (uuid, email, date-time) are checked too."""
    return Draft202012Validator(
        {"$ref": f"{name}.json"},
        registry=registry(schema_dir),
        format_checker=FormatChecker(),
    )


def table_columns(table: str) -> list[dict]:
    """The CSV columns of a table: the object's scalar properties, in schema order."""
    columns = []
    for name, prop in schema(table)["properties"].items():
        kind = prop.get("type")
        if kind not in ("string", "number", "integer", "boolean"):
            continue
        column = {"name": name, "type": kind}
        if prop.get("format"):
            column["format"] = prop["format"]
        columns.append(column)
    return columns
