import io

import openpyxl
import pytest

from kansenwerk.core.spreadsheet import csv_text, safe_cell, write_xlsx

RISKY = ['=HYPERLINK("http://x","klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("value", RISKY)
def test_risky_text_is_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Anna de Vries", "", "OBS 't Kompas", 3, -3, 2.5, None])
def test_harmless_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_csv_text_neutralises_header_and_rows():
    text = csv_text(["=kop"], [["=1+1"], ["gewoon"]])
    assert text.splitlines() == ["\ufeff'=kop", "'=1+1", "gewoon"]


def test_xlsx_cells_are_text_never_formulas():
    data = write_xlsx(["Naam"], [["=1+1"], [42]], title="Aanmeldingen")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [(c.value, c.data_type) for row in sheet.iter_rows() for c in row]
    assert values == [("Naam", "s"), ("=1+1", "s"), ("42", "s")]
    assert sheet.title == "Aanmeldingen"
