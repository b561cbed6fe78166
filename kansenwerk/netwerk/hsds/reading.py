"""Reading an HSDS 3.0 import: what `netwerk-export` writes (the folder, `hsds.json`, the
datapackage folder or its `datapackage.json`) or another system's file, into one nested
document. The format is detected; CSV cells lose the spreadsheet escaping of the export."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .cells import unescape
from .report import ImportRefused
from .schemas import TABLES, schema, table_columns

SUPPORTED_VERSIONS = ("3.0",)


@dataclass
class Document:
    data: dict[str, Any]
    labels: dict[int, str]  # id(object) -> where it came from, for error messages
    source: str
    format: str = "json"


def _check_version(version: Any, *, source: Path) -> None:
    """Files that say which HSDS version they follow must say 3.0 (a 3.0.x is fine)."""
    if version is None:
        return
    text = str(version)
    if not any(text == v or text.startswith(v + ".") for v in SUPPORTED_VERSIONS):
        raise ImportRefused(
            [
                _(
                    "%(file)s: HSDS-versie %(version)s wordt niet ondersteund; kansenwerk leest "
                    "HSDS 3.0."
                )
                % {"file": source, "version": text}
            ]
        )


def read_path(path: Path | str) -> Document:
    """Read whatever `netwerk-export` writes, detecting the format:

    * a folder with `hsds.json` (JSON) or with `datapackage.json`/`organizations.csv` (CSV);
    * `datapackage.json` or one of the datapackage's CSV files (CSV);
    * any other file: JSON (a datapackage descriptor under another name is recognised).
    """
    path = Path(path)
    if not path.exists():
        raise ImportRefused([_("%(file)s: bestand of map bestaat niet.") % {"file": path}])
    if path.is_dir():
        has_json = (path / "hsds.json").is_file()
        has_csv = (path / "datapackage.json").is_file() or (path / "organizations.csv").is_file()
        if has_json and has_csv:
            raise ImportRefused(
                [
                    _(
                        "%(dir)s: deze map bevat zowel hsds.json als een CSV-datapackage; "
                        "geef het bestand op dat u wilt importeren."
                    )
                    % {"dir": path}
                ]
            )
        if has_json:
            return read_json(path / "hsds.json")
        if has_csv:
            return read_datapackage(path)
        raise ImportRefused(
            [
                _(
                    "%(dir)s: geen HSDS-export gevonden; verwacht hsds.json of een "
                    "datapackage (datapackage.json met CSV-bestanden)."
                )
                % {"dir": path}
            ]
        )
    if path.name == "datapackage.json" or path.name in TABLES.values():
        return read_datapackage(path.parent)
    if path.suffix.lower() == ".json" and _is_datapackage_descriptor(path):
        return read_datapackage(path.parent)
    return read_json(path)


def _is_datapackage_descriptor(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return '"resources"' in head and '"organizations"' not in head


def _finite_float(text: str) -> float | str:
    number = float(text)
    return number if math.isfinite(number) else text


def read_json(path: Path) -> Document:
    try:
        data = json.loads(
            Path(path).read_text(encoding="utf-8"),
            # NaN, Infinity and 1e400 are no numbers to store: keep the text, so the
            # schema check reports a wrong type instead of the database refusing later.
            parse_constant=str,
            parse_float=_finite_float,
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused(
            [_("%(file)s: kan het bestand niet lezen (%(error)s).") % {"file": path, "error": exc}]
        ) from exc
    except RecursionError as exc:
        raise ImportRefused(
            [_("%(file)s: de JSON is te diep genest om te lezen.") % {"file": path}]
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            [
                _("%(file)s regel %(line)s: dit is geen geldige JSON (%(error)s).")
                % {"file": path, "line": exc.lineno, "error": exc.msg}
            ]
        ) from exc
    if isinstance(data, list):
        data = {"organizations": data}
    if isinstance(data, dict):
        _check_version(data.get("hsds_version"), source=path)
    if not isinstance(data, dict) or not isinstance(data.get("organizations"), list):
        raise ImportRefused(
            [
                _(
                    "%(file)s: verwacht een JSON-object met een lijst 'organizations' "
                    "(HSDS 3.0-organisaties)."
                )
                % {"file": path}
            ]
        )
    labels: dict[int, str] = {}
    name = Path(path).name
    for n, org in enumerate(data["organizations"], start=1):
        if isinstance(org, dict):
            labels[id(org)] = _("%(file)s, organisatie %(n)s") % {"file": name, "n": n}
            for m, service in enumerate(org.get("services") or [], start=1):
                if isinstance(service, dict):
                    labels[id(service)] = _("%(file)s, organisatie %(n)s, aanbod %(m)s") % {
                        "file": name,
                        "n": n,
                        "m": m,
                    }
    for n, service in enumerate(data.get("services") or [], start=1):
        if isinstance(service, dict):
            labels[id(service)] = _("%(file)s, services %(n)s") % {"file": name, "n": n}
    return Document(data=data, labels=labels, source=str(path))


def _typed(value: str, column_type: str) -> Any:
    if value == "":
        return None
    if column_type == "string":
        return unescape(value)
    if column_type in ("number", "integer"):
        try:
            number = float(value)
        except ValueError:
            return value  # the schema check reports it
        if not math.isfinite(number):
            return value  # inf/nan: not a number to store; the schema check reports it
        return int(number) if number.is_integer() else number
    return value


def read_datapackage(path: Path) -> Document:
    """Read the CSV tables and nest them as in the JSON form (ids act as foreign keys)."""
    directory = Path(path)
    if directory.is_file():
        directory = directory.parent
    if not (directory / "organizations.csv").is_file():
        raise ImportRefused(
            [
                _(
                    "%(dir)s: organizations.csv ontbreekt; verwacht een HSDS-datapackage "
                    "(CSV-bestanden met datapackage.json)."
                )
                % {"dir": directory}
            ]
        )
    descriptor_path = directory / "datapackage.json"
    if descriptor_path.is_file():
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportRefused(
                [
                    _("%(file)s: kan het bestand niet lezen (%(error)s).")
                    % {"file": descriptor_path, "error": exc}
                ]
            ) from exc
        if isinstance(descriptor, dict):
            _check_version(descriptor.get("hsds_version"), source=descriptor_path)
    labels: dict[int, str] = {}
    tables: dict[str, list[dict]] = {}
    for table, filename in TABLES.items():
        file = directory / filename
        if not file.is_file():
            tables[table] = []
            continue
        types = {c["name"]: c["type"] for c in table_columns(table)}
        # An empty cell is "not given", except for required text: there it is "".
        required = set(schema(table).get("required", []))
        rows = []
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                for line, raw in enumerate(csv.DictReader(handle), start=2):
                    row = {
                        k: _typed(v or "", types.get(k, "string"))
                        for k, v in raw.items()
                        if k is not None
                    }
                    row = {
                        k: ("" if v is None and k in required and types.get(k) == "string" else v)
                        for k, v in row.items()
                    }
                    row = {k: v for k, v in row.items() if v is not None}
                    labels[id(row)] = _("%(file)s regel %(line)s") % {
                        "file": filename,
                        "line": line,
                    }
                    rows.append(row)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise ImportRefused(
                [
                    _("%(file)s: kan het bestand niet lezen (%(error)s).")
                    % {"file": filename, "error": exc}
                ]
            ) from exc
        tables[table] = rows

    def children(table: str, key: str) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in tables[table]:
            if row.get(key):
                grouped.setdefault(row[key], []).append(row)
        return grouped

    terms = {t.get("id"): t for t in tables["taxonomy_term"]}
    attributes: dict[str, list[dict]] = {}
    for row in tables["attribute"]:
        if row.get("taxonomy_term_id") in terms:
            row["taxonomy_term"] = terms[row["taxonomy_term_id"]]
        attributes.setdefault(row.get("link_id", ""), []).append(row)
    phones_by_org = children("phone", "organization_id")
    phones_by_contact = children("phone", "contact_id")
    addresses = children("address", "location_id")
    languages = children("language", "service_id")
    at_locations = children("service_at_location", "service_id")
    for location in tables["location"]:
        location["addresses"] = addresses.get(location.get("id") or "", [])
        location["attributes"] = attributes.get(location.get("id") or "", [])
    for contact in tables["contact"]:
        contact["phones"] = phones_by_contact.get(contact.get("id") or "", [])
    metadata = children("metadata", "resource_id")
    for service in tables["service"]:
        service["metadata"] = metadata.get(service.get("id") or "", [])
        service["languages"] = languages.get(service.get("id") or "", [])
        service["service_at_locations"] = at_locations.get(service.get("id") or "", [])
        service["attributes"] = attributes.get(service.get("id") or "", [])
    locations = children("location", "organization_id")
    contacts = children("contact", "organization_id")
    services = children("service", "organization_id")
    org_ids = {o.get("id") for o in tables["organization"]}
    for org in tables["organization"]:
        org_id = org.get("id") or ""
        org["metadata"] = metadata.get(org_id, [])
        org["phones"] = phones_by_org.get(org_id, [])
        org["locations"] = locations.get(org_id, [])
        org["contacts"] = contacts.get(org_id, [])
        org["attributes"] = attributes.get(org_id, [])
        org["services"] = services.get(org_id, [])
    data = {
        "taxonomies": tables["taxonomy"],
        "taxonomy_terms": tables["taxonomy_term"],
        "organizations": tables["organization"],
        # Services whose organisation is not in this file: the checks report them.
        "services": [s for s in tables["service"] if s.get("organization_id") not in org_ids],
    }
    return Document(data=data, labels=labels, source=str(directory), format="csv")
