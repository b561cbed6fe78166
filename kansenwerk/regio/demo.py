"""Demo indicators for regio-inzicht: a small file per demo region, written for the demo.

Every value is invented (and the file says so: `is_demo`); the municipalities are the demo
regions' real names (one region's file names them by their real CBS codes). Loaded through
the same service as an upload; idempotent.
"""

from __future__ import annotations

import datetime

from kansenwerk.core.models import Region
from kansenwerk.regio.models import IndicatorFile
from kansenwerk.regio.services import indicator_file_import

SOURCE = "Voorbeeldcijfers kansenwerk (verzonnen, geen echte gegevens)"
REFERENCE_DATE = datetime.date(2025, 1, 1)
HEADER = (
    "gemeente;Kinderen in een huishouden met laag inkomen (%);Voorschoolse plekken per 100 peuters"
)

# Invented figures, one row per demo municipality.
ROWS = {
    "Gooi en Vechtstreek": [
        ("Hilversum", "9,4", "41"),
        ("Huizen", "6,1", "38"),
        ("Gooise Meren", "5,3", "44"),
        ("Wijdemeren", "4,2", "29"),
        ("Blaricum", "3,0", "35"),
    ],
    # By CBS municipality code (Doetinchem, Winterswijk, Oost Gelre, Aalten, Berkelland),
    # the way a table downloaded from CBS names them.
    "Achterhoek": [
        ("GM0222", "10,2", "33"),
        ("GM0294", "8,7", "31"),
        ("GM1586", "5,9", "27"),
        ("GM0197", "6,4", "30"),
        ("GM1859", "6,8", "26"),
    ],
    "Zuid-Limburg": [
        ("Heerlen", "15,8", "47"),
        ("Maastricht", "12,9", "45"),
        ("Kerkrade", "14,1", "40"),
        ("Sittard-Geleen", "11,3", "39"),
    ],
}


def load_regio_demo() -> int:
    loaded = 0
    for region in Region.objects.filter(name__in=list(ROWS)):
        if IndicatorFile.objects.filter(region=region, is_demo=True).exists():
            continue
        lines = [HEADER] + [";".join(row) for row in ROWS[region.name]]
        indicator_file_import(
            user=None,
            region=region,
            content="\n".join(lines),
            source=SOURCE,
            reference_date=REFERENCE_DATE,
            filename="voorbeeldcijfers.csv",
            is_demo=True,
        )
        loaded += 1
    return loaded
