"""The region's own figures: a CSV of indicators per municipality, checked as a whole.

The first column names the municipality: its CBS code ("GM0402", "0402" or "402") or its
name, spelled loosely (case, accents, "'s-" and hyphens do not matter). The page
(`views.indicators_upload`) and the command (`insight-indicators-import`) both call
`indicator_file_import`. A file with any problem stores nothing and returns every problem
per row, in Dutch. Who may upload: the regiocoördinatoren of the region and beheerders (the
same roles that keep the region's sociale kaart, `Capability.NETWERK`).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.models import (
    Municipality,
    Region,
    municipality_name_key,
    normalize_cbs_code,
)
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.regio.models import IndicatorFile, IndicatorValue

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
MAX_INDICATORS = 40
MAX_ERRORS = 50
NAME_LENGTH = IndicatorValue._meta.get_field("indicator").max_length or 120
SOURCE_LENGTH = IndicatorFile._meta.get_field("source").max_length or 300
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def _number(text: str) -> Decimal | None:
    """Dutch or English decimals ("12,5", "12.5"); no thousands separators."""
    text = text.strip()
    if not NUMBER.match(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if abs(value) < Decimal("1e13") else None


def _decode(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    if len(content) > MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 1 MB."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Het bestand is geen tekst in UTF-8. Sla het op als CSV UTF-8.")
        ) from None


def parse_indicators(
    text: str, *, region: Region
) -> tuple[list[str], list[tuple[Municipality, dict[str, Decimal]]]]:
    """Indicator names and the values per municipality, or a ValidationError listing every
    problem (per row)."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ValidationError(_("Het bestand is leeg."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip() for cell in rows[0]]
    indicators = header[1:]
    errors: list[str] = []
    if not indicators:
        raise ValidationError(
            _("De eerste regel noemt de gemeente en daarna één kolom per indicator.")
        )
    if len(indicators) > MAX_INDICATORS:
        raise ValidationError(_("Hoogstens %(n)s indicatoren per bestand.") % {"n": MAX_INDICATORS})
    if len(rows) - 1 > MAX_ROWS:
        raise ValidationError(_("Hoogstens %(n)s regels per bestand.") % {"n": MAX_ROWS})
    seen_names: set[str] = set()
    for name in indicators:
        if not name:
            errors.append(_("Regel 1: een kolom heeft geen naam."))
        elif len(name) > NAME_LENGTH:
            errors.append(
                _("Regel 1: de kolomnaam „%(name)s…” is langer dan %(n)s tekens.")
                % {"name": name[:30], "n": NAME_LENGTH}
            )
        elif name.casefold() in seen_names:
            errors.append(_("Regel 1: de kolom „%(name)s” staat er twee keer in.") % {"name": name})
        seen_names.add(name.casefold())
    # Every municipality (a few hundred), so a row of another region gets a precise message.
    by_code: dict[str, Municipality] = {}
    by_name: dict[str, Municipality] = {}
    for known_one in Municipality.objects.select_related("region"):
        if known_one.cbs_code:
            by_code[known_one.cbs_code] = known_one
        by_name.setdefault(municipality_name_key(known_one.name), known_one)
        by_name.setdefault(municipality_name_key(known_one.slug), known_one)
    first_line: dict[int, int] = {}
    parsed: list[tuple[Municipality, dict[str, Decimal]]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            errors.append(
                _("Regel %(line)s: %(found)s kolommen in plaats van %(expected)s.")
                % {"line": number, "found": len(row), "expected": len(header)}
            )
            continue
        name = row[0].strip()
        code = normalize_cbs_code(name)
        if code is not None:
            municipality = by_code.get(code)
            unknown = _(
                "Regel %(line)s: CBS-code „%(name)s” is onbekend; controleer de code of "
                "gebruik de naam van de gemeente."
            )
        else:
            municipality = by_name.get(municipality_name_key(name)) if name else None
            unknown = _("Regel %(line)s: gemeente „%(name)s” is onbekend in %(region)s.")
        if municipality is None or municipality.region_id != region.pk:
            message = (
                unknown
                if municipality is None
                else _(
                    "Regel %(line)s: %(municipality)s („%(name)s”) hoort bij %(other)s, "
                    "niet bij %(region)s."
                )
            )
            errors.append(
                message
                % {
                    "line": number,
                    "name": name[:60],
                    "municipality": getattr(municipality, "name", ""),
                    "other": getattr(getattr(municipality, "region", None), "name", ""),
                    "region": region.name,
                }
            )
            continue
        if municipality.pk in first_line:
            errors.append(
                _("Regel %(line)s: %(name)s staat ook op regel %(first)s.")
                % {"line": number, "name": municipality.name, "first": first_line[municipality.pk]}
            )
            continue
        first_line[municipality.pk] = number
        values: dict[str, Decimal] = {}
        for name_, cell in zip(indicators, row[1:], strict=True):
            if not cell.strip():
                continue  # no figure for this municipality
            value = _number(cell)
            if value is None:
                errors.append(
                    _("Regel %(line)s, kolom „%(column)s”: „%(value)s” is geen getal.")
                    % {"line": number, "column": name_, "value": cell.strip()[:30]}
                )
            else:
                values[name_] = value
        parsed.append((municipality, values))
    if not parsed and not errors:
        errors.append(_("Het bestand bevat geen gemeenten."))
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(_("… en nog %(n)s fouten.") % {"n": len(errors) - MAX_ERRORS})
        raise ValidationError(shown)
    return indicators, parsed


def indicator_file_import(
    *,
    user: AnyUser | None,
    region: Region,
    content: bytes | str,
    source: str,
    reference_date: datetime.date | None,
    filename: str = "",
    is_demo: bool = False,
) -> IndicatorFile:
    """Check and store one file; `user=None` only for the command and the demo."""
    if user is not None:
        ensure_can_write(
            user, capability=Capability.NETWERK, region_id=region.pk, action=Action.CREATE
        )
    field_errors: dict[str, list[str]] = {}
    source = (source or "").strip()
    if not source:
        field_errors["source"] = [_("Noem de bron van de cijfers, bijvoorbeeld CBS.")]
    elif len(source) > SOURCE_LENGTH:
        field_errors["source"] = [_("De bron is langer dan %(n)s tekens.") % {"n": SOURCE_LENGTH}]
    if reference_date is None:
        field_errors["reference_date"] = [_("Vul de peildatum van de cijfers in.")]
    elif reference_date > timezone.localdate():
        field_errors["reference_date"] = [_("De peildatum ligt in de toekomst.")]
    if field_errors or reference_date is None:
        raise ValidationError(field_errors)
    indicators, parsed = parse_indicators(_decode(content), region=region)
    with transaction.atomic():
        file = IndicatorFile.objects.create(
            region=region,
            source=source,
            reference_date=reference_date,
            filename=filename[:200],
            indicators=indicators,
            is_demo=is_demo,
            uploaded_by=signed_in(user),
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(file=file, municipality=m, indicator=name, value=value)
            for m, values in parsed
            for name, value in values.items()
        )
    return file
