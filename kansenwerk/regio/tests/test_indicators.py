"""The region's own figures: CSV checks (nothing stored on any error), rights, the pages
showing every figure with its source and date, and the command (both databases)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from kansenwerk.core.tests.factories import MunicipalityFactory, UserFactory
from kansenwerk.regio import services
from kansenwerk.regio.models import IndicatorFile, IndicatorValue

pytestmark = pytest.mark.django_db

DATE = datetime.date(2025, 1, 1)
GOOD = "gemeente;Kinderen in armoede (%);Laaggeletterdheid (%)\nZandmeer;12,5;9\nheidedorp;7.25;\n"


@pytest.fixture
def towns(region, other_region):
    return {
        "zandmeer": MunicipalityFactory(name="Zandmeer", region=region, cbs_code="GM0402"),
        "heidedorp": MunicipalityFactory(name="Heidedorp", region=region, cbs_code="GM1942"),
        "rivierstad": MunicipalityFactory(
            name="Rivierstad", region=other_region, cbs_code="GM0917"
        ),
        "sint": MunicipalityFactory(name="'s-Graveneiland", region=region),
        "accent": MunicipalityFactory(name="Súdwest-Wâlden", region=region),
    }


def _import(region, content, **kw):
    return services.indicator_file_import(
        user=kw.pop("user", None),
        region=region,
        content=content,
        source=kw.pop("source", "CBS, tabel 123"),
        reference_date=kw.pop("reference_date", DATE),
    )


def test_good_file_is_stored_with_its_provenance(region, towns):
    file = _import(region, GOOD.encode())
    assert file.indicators == ["Kinderen in armoede (%)", "Laaggeletterdheid (%)"]
    values = {(v.municipality.name, v.indicator): v.value for v in IndicatorValue.objects.all()}
    assert values == {
        ("Zandmeer", "Kinderen in armoede (%)"): Decimal("12.5"),
        ("Zandmeer", "Laaggeletterdheid (%)"): Decimal("9"),
        ("Heidedorp", "Kinderen in armoede (%)"): Decimal("7.25"),
    }
    assert (file.source, file.reference_date) == ("CBS, tabel 123", DATE)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "gemeente,armoede\nZandmeer,1\nNergenshuizen,2\n",
            "Regel 3: gemeente „Nergenshuizen” is onbekend in Regio Noord.",
        ),
        (
            "gemeente,armoede\nRivierstad,2\n",
            "Regel 2: Rivierstad („Rivierstad”) hoort bij Regio Zuid, niet bij Regio Noord.",
        ),
        (
            "gemeente,armoede\nGM0917,2\n",
            "Regel 2: Rivierstad („GM0917”) hoort bij Regio Zuid, niet bij Regio Noord.",
        ),
        ("gemeente,armoede\nGM9999,1\n", "Regel 2: CBS-code „GM9999” is onbekend"),
        ("gemeente,armoede\n9999,1\n", "Regel 2: CBS-code „9999” is onbekend"),
        ("gemeente,armoede\nZandmeer,1\n402,2\n", "Regel 3: Zandmeer staat ook op regel 2."),
        ("gemeente,armoede\nZandmeer,1\nzandmeer,2\n", "Regel 3: Zandmeer staat ook op regel 2."),
        (
            "gemeente;armoede\nZandmeer;veel\n",
            "Regel 2, kolom „armoede”: „veel” is geen getal.",
        ),
        ("gemeente;armoede\nZandmeer;1.000,5\n", "„1.000,5” is geen getal."),
        ("gemeente,armoede,armoede\nZandmeer,1,2\n", "de kolom „armoede” staat er twee keer in"),
        ("gemeente,armoede\nZandmeer,1,2\n", "Regel 2: 3 kolommen in plaats van 2."),
        ("gemeente\nZandmeer\n", "één kolom per indicator"),
        ("", "Het bestand is leeg."),
    ],
)
def test_bad_files_store_nothing_and_say_why_per_row(region, towns, content, message):
    with pytest.raises(ValidationError) as caught:
        _import(region, content.encode())
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert not IndicatorFile.objects.exists() and not IndicatorValue.objects.exists()


def test_cbs_codes_in_every_form_and_loosely_spelled_names(region, towns):
    content = (
        "gemeente;armoede\n"
        "GM0402;1\n"  # Zandmeer, as CBS writes it
        "1942;2\n"  # Heidedorp, without GM
        "s Graveneiland;3\n"  # no apostrophe, a space for the hyphen
        "SUDWEST WALDEN;4\n"  # no accents, capitals
    )
    _import(region, content.encode())
    values = dict(IndicatorValue.objects.values_list("municipality__name", "value"))
    assert values == {
        "Zandmeer": 1,
        "Heidedorp": 2,
        "'s-Graveneiland": 3,
        "Súdwest-Wâlden": 4,
    }
    # Leading zeros dropped by a spreadsheet: "402" is GM0402.
    IndicatorFile.objects.all().delete()
    _import(region, b"gemeente,armoede\n402,7\ngm1942,8\n")
    assert dict(IndicatorValue.objects.values_list("municipality__name", "value")) == {
        "Zandmeer": 7,
        "Heidedorp": 8,
    }


def test_every_error_is_listed_at_once(region, towns):
    content = "gemeente,a,b\nZandmeer,x,1\nNergens,1,1\nZandmeer,1,1\n"
    with pytest.raises(ValidationError) as caught:
        _import(region, content.encode())
    assert [m.split(":")[0].split(",")[0] for m in caught.value.messages] == [
        "Regel 2",
        "Regel 3",
        "Regel 4",
    ]


def test_source_date_and_encoding_are_checked(region, towns):
    with pytest.raises(ValidationError) as caught:
        _import(region, GOOD.encode(), source=" ", reference_date=datetime.date(2999, 1, 1))
    assert set(caught.value.message_dict) == {"source", "reference_date"}
    with pytest.raises(ValidationError, match="groter dan 1 MB"):
        _import(region, b"gemeente,a\n" + b"Zandmeer,1\n" * 100_000)
    with pytest.raises(ValidationError, match="UTF-8"):
        _import(region, "gemeente,a\nZandmeer,1\n".encode("utf-16"))


def test_only_coordinators_of_the_region_and_beheerders(region, other_region, towns):
    outsider = UserFactory(role="regiocoordinator", username="zuid", regions=[other_region])
    organiser = UserFactory(role="organisator", username="org", regions=[region])
    for user in (outsider, organiser):
        with pytest.raises(Exception, match="rechten"):
            _import(region, GOOD.encode(), user=user)
    assert not IndicatorFile.objects.exists()


def test_upload_page_and_figures_on_region_and_national_pages(
    client, region, towns, coordinator, deelnemer, django_assert_max_num_queries
):
    url = reverse("regio:indicators_upload", args=[region.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(deelnemer)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("cijfers.csv", b"gemeente,a\nNergens,1\n", "text/csv")
    response = client.post(url, {"file": bad, "source": "CBS", "reference_date": "2025-01-01"})
    assert response.status_code == 400
    assert "Regel 2: gemeente „Nergens” is onbekend" in response.content.decode()
    response = client.post(url, {"source": "CBS", "reference_date": "gisteren"})
    assert response.status_code == 400 and not IndicatorFile.objects.exists()
    good = SimpleUploadedFile("cijfers.csv", GOOD.encode(), "text/csv")
    response = client.post(url, {"file": good, "source": "CBS", "reference_date": "2025-01-01"})
    assert response.status_code == 302
    with django_assert_max_num_queries(30):
        page = client.get(reverse("regio:region", args=[region.slug])).content.decode()
    assert "Cijfers per gemeente (bron: CBS; peildatum 1 januari 2025)" in page
    assert "12,5" in page or "12.5" in page
    assert 'id="indicator-' in page  # a chart, with its table
    national = client.get(reverse("regio:national")).content.decode()
    assert "Kinderen in armoede (%) (bron: CBS; peildatum 1 januari 2025)" in national


def test_command_uses_the_same_checks(region, towns, tmp_path, capsys):
    path = tmp_path / "cijfers.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command(
        "insight-indicators-import",
        region.slug,
        str(path),
        "--source",
        "CBS",
        "--date",
        "2025-01-01",
    )
    assert "3 cijfers opgeslagen voor Regio Noord." in capsys.readouterr().out
    path.write_text("gemeente,a\nNergens,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="onbekend in Regio Noord"):
        call_command(
            "insight-indicators-import",
            region.slug,
            str(path),
            "--source",
            "CBS",
            "--date",
            "2025-01-01",
        )
    with pytest.raises(CommandError, match="geen datum"):
        call_command(
            "insight-indicators-import",
            region.slug,
            str(path),
            "--source",
            "CBS",
            "--date",
            "morgen",
        )
