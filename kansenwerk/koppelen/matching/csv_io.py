"""Read mentor/mentee cohorts from CSV and run the matcher (the `kansenwerk match` command
calls this)."""

from __future__ import annotations

import csv
from pathlib import Path

from kansenwerk.core.i18n import _

from .distance import normalise_postcode
from .engine import match_cohort
from .people import Person
from .rules import load_rules

REQUIRED_COLUMNS = ("id", "languages", "availability", "interests", "postcode")
TRUE_WORDS = {"1", "ja", "j", "true", "yes", "waar", "x"}


class CohortFileError(ValueError):
    """A cohort CSV that cannot be read; the Dutch message names the file, the line and
    what was expected."""


def _split(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(";") if part.strip())


def read_people(*, path: str | Path, is_mentor: bool) -> list[Person]:
    """Parse a cohort CSV (comma or semicolon separated); optional columns: home_language, gender,
    gender_preference, vog, minor, year_group, needs. Raises CohortFileError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CohortFileError(_("%(file)s: bestand niet gevonden") % {"file": path}) from exc
    except UnicodeDecodeError as exc:
        raise CohortFileError(_("%(file)s: sla het bestand op als UTF-8") % {"file": path}) from exc
    return read_people_text(text=text, name=str(path), is_mentor=is_mentor)


def read_people_text(*, text: str, name: str, is_mentor: bool) -> list[Person]:
    """Parse cohort CSV text (as uploaded on the site); `name` is used in error messages."""
    path = name
    first_line = text.splitlines()[0] if text.strip() else ""
    # Dutch spreadsheets often export with ';' as separator; the list separator is then ','.
    delimiter = (
        "," if first_line.count(",") >= first_line.count(";") or "," not in first_line else ";"
    )
    if first_line.count(";") > first_line.count(","):
        delimiter = ";"
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = [name.strip() for name in reader.fieldnames or []]
    required = (*REQUIRED_COLUMNS, "capacity") if is_mentor else REQUIRED_COLUMNS
    missing = [name for name in required if name not in columns]
    if missing:
        raise CohortFileError(
            _("%(file)s, regel 1: kolom(men) ontbreken: %(missing)s (verwacht: %(expected)s)")
            % {"file": path, "missing": ", ".join(missing), "expected": ", ".join(required)}
        )
    people: list[Person] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {(key or "").strip(): (value or "").strip() for key, value in raw.items() if key}
        if not any(row.values()):
            continue
        where = {"file": path, "line": line}
        ident = row["id"]
        if not ident:
            raise CohortFileError(_("%(file)s, regel %(line)d: id ontbreekt") % where)
        if ident in seen:
            raise CohortFileError(
                _("%(file)s, regel %(line)d: id %(id)s komt dubbel voor") % {**where, "id": ident}
            )
        seen.add(ident)
        capacity = 1
        if is_mentor:
            try:
                capacity = int(row["capacity"])
            except ValueError:
                capacity = -1
            if capacity < 0:
                raise CohortFileError(
                    _(
                        "%(file)s, regel %(line)d: capacity moet een heel getal van 0 of "
                        "meer zijn, niet '%(value)s'"
                    )
                    % {**where, "value": row["capacity"]}
                )
        try:
            postcode = normalise_postcode(row["postcode"])
        except ValueError:
            raise CohortFileError(
                _(
                    "%(file)s, regel %(line)d: postcode '%(value)s' is geen Nederlandse "
                    "postcode (4 cijfers, bijvoorbeeld 1055)"
                )
                % {**where, "value": row["postcode"]}
            ) from None
        year_group = None
        if row.get("year_group"):
            try:
                year_group = int(row["year_group"])
            except ValueError:
                raise CohortFileError(
                    _("%(file)s, regel %(line)d: year_group moet een getal zijn, niet '%(value)s'")
                    % {**where, "value": row["year_group"]}
                ) from None
        known = {
            *REQUIRED_COLUMNS,
            "capacity",
            "home_language",
            "gender",
            "gender_preference",
            "vog",
            "minor",
            "year_group",
            "needs",
        }
        people.append(
            Person(
                id=ident,
                capacity=capacity,
                languages=_split(row["languages"]),
                availability=_split(row["availability"]),
                interests=_split(row["interests"]),
                postcode=postcode,
                home_language=row.get("home_language") or None,
                gender=row.get("gender") or None,
                gender_preference=row.get("gender_preference") or None,
                has_vog=row.get("vog", "").casefold() in TRUE_WORDS,
                is_minor=row.get("minor", "").casefold() in TRUE_WORDS,
                year_group=year_group,
                needs=_split(row.get("needs")),
                attributes={key: value for key, value in row.items() if key not in known and value},
            )
        )
    return people


def match_csv(
    mentors_path: str | Path,
    mentees_path: str | Path,
    *,
    rules_path: str | Path | None = None,
    method: str = "optimal",
) -> dict:
    """Match two cohort CSV files; returns {"pairs", "unmatched", "total_score", "method"}."""
    rules = load_rules(path=rules_path)
    mentors = read_people(path=mentors_path, is_mentor=True)
    mentees = read_people(path=mentees_path, is_mentor=False)
    return match_cohort(mentors=mentors, mentees=mentees, rules=rules, method=method).as_dict()
