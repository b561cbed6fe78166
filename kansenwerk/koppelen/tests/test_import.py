"""Cohort import from the same CSV columns as `kansenwerk match`."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kansenwerk.koppelen import services

pytestmark = pytest.mark.django_db

MENTORS = (
    "id,capacity,languages,availability,interests,postcode\n"
    "M-01,2,Nederlands;Pools,wo-middag;za-ochtend,schaken;koken,3511\n"
    "M-02,1,Nederlands,di-avond,,3584 CS\n"
)


def test_import_creates_then_updates(programme, programme_coordinator):
    result = services.cohort_import(
        user=programme_coordinator,
        programme=programme,
        side="mentor",
        text=MENTORS,
        filename="m.csv",
    )
    assert (result.created, result.updated) == (2, 0)
    first = programme.participants.get(display_name="M-01")
    assert first.capacity == 2
    assert first.languages == ["Nederlands", "Pools"]
    assert first.postcode_area == "3511"
    again = services.cohort_import(
        user=programme_coordinator,
        programme=programme,
        side="mentor",
        text=MENTORS.replace("M-01,2", "M-01,3"),
        filename="m.csv",
    )
    assert (again.created, again.updated) == (0, 2)
    first.refresh_from_db()
    assert first.capacity == 3


def test_import_errors_name_file_and_line(programme, programme_coordinator):
    bad = "id,languages,availability,interests,postcode\nK-1,Nederlands,wo-middag,,99999\n"
    with pytest.raises(ValidationError) as exc:
        services.cohort_import(
            user=programme_coordinator,
            programme=programme,
            side="mentee",
            text=bad,
            filename="kids.csv",
        )
    assert "kids.csv, regel 2" in exc.value.messages[0]
    assert programme.participants.count() == 0


def test_import_page(client, programme, programme_coordinator):
    client.force_login(programme_coordinator)
    url = reverse("koppelen:cohort_import", args=[programme.pk])
    upload = SimpleUploadedFile("mentoren.csv", MENTORS.encode(), content_type="text/csv")
    response = client.post(url, {"side": "mentor", "file": upload})
    assert response.status_code == 302
    assert programme.participants.filter(side="mentor").count() == 2
    upload = SimpleUploadedFile("leeg.csv", b"id;languages\n", content_type="text/csv")
    response = client.post(url, {"side": "mentee", "file": upload})
    assert response.status_code == 200
    assert "kolom(men) ontbreken" in response.content.decode()
