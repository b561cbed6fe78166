"""The shipped sample of postcode centroids: loaded by the command and the demo, never over
real data, and the demo then shows real, different distances."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kansenwerk.core.models import Region, User
from kansenwerk.koppelen import services
from kansenwerk.koppelen.demo import DEMO_REGION, load_koppelen_demo
from kansenwerk.koppelen.models import Match, PostcodeCentroid
from kansenwerk.koppelen.services.postcodes import SAMPLE_CENTROIDS, postcode_centroids_load

pytestmark = pytest.mark.django_db


def test_sample_file_is_a_valid_centroid_csv_for_the_demo_region():
    lines = SAMPLE_CENTROIDS.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("postcode,lat,lon")
    assert postcode_centroids_load(path=SAMPLE_CENTROIDS) == len(lines) - 1
    # Every 4-digit area is in the Gooi (12xx–14xx), within the region's rough bounds.
    for centroid in PostcodeCentroid.objects.all():
        assert re.fullmatch(r"1[234]\d\d", centroid.postcode)
        assert 52.1 < centroid.lat < 52.4 and 4.9 < centroid.lon < 5.4


def test_sample_is_added_without_overwriting_real_centroids():
    PostcodeCentroid.objects.create(postcode="1211", lat=52.2255, lon=5.1755)
    out = StringIO()
    call_command("koppelen_postcodes", "--sample", stdout=out)
    added = PostcodeCentroid.objects.count() - 1
    assert f"{added} postcodegebieden geladen" in out.getvalue()
    assert PostcodeCentroid.objects.get(postcode="1211").lat == 52.2255
    call_command("koppelen_postcodes", "--sample", stdout=out)
    assert PostcodeCentroid.objects.count() == added + 1


def test_command_wants_a_file_or_the_sample():
    with pytest.raises(CommandError, match="CSV-bestand of --sample"):
        call_command("koppelen_postcodes", stdout=StringIO())


def test_demo_loads_the_sample_and_shows_real_distances():
    region = Region.objects.create(name=DEMO_REGION)
    Region.objects.create(name="Achterhoek")
    coordinator = User.objects.create_user(
        username="coordinator-demo", password="x", role="regiocoordinator"
    )
    coordinator.regions.add(region)
    programme = load_koppelen_demo()
    assert programme is not None and programme.region == region
    loaded = PostcodeCentroid.objects.count()
    assert loaded > 30
    assert load_koppelen_demo() == programme  # idempotent
    assert PostcodeCentroid.objects.count() == loaded
    assert programme.coordinators.filter(pk=coordinator.pk).exists()

    services.programme_run_matching(user=coordinator, programme=programme)
    reasons = [r for match in Match.objects.filter(programme=programme) for r in match.reasons]
    distances = {r for r in reasons if r.endswith(" km") or r.startswith("zelfde postcodegebied")}
    assert len(distances) >= 3  # real distances, not one made-up figure for every pair
    assert not any("afstand onbekend" in r or "geschat" in r for r in reasons)
