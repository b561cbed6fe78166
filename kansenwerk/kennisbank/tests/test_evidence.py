"""The evidence profile: who may set a level, bad input, history, filters, compare and API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.core.tests.factories import MunicipalityFactory
from kansenwerk.kennisbank.evidence import selectors, services
from kansenwerk.kennisbank.evidence.models import EvidenceProfile, EvidenceStatement, Level
from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    PracticeExampleFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db

LADDER = "Erkenningstraject Interventies"


def _set(user, intervention, **data):
    return services.profile_update(user=user, intervention=intervention, data=data)


@pytest.fixture
def rated(beheerder):
    """Three interventions: strong evidence (po, low cost), well founded (vo), none."""
    strong = InterventionFactory(title="Bijles in kleine groepjes")
    founded = InterventionFactory(title="Mentoraat bij de overstap")
    plain = InterventionFactory(title="Zomerschool aan zee")
    _set(
        beheerder,
        strong,
        level=Level.EFFECTIVE_STRONG,
        scheme=LADDER,
        assessed_on=datetime.date(2024, 3, 1),
        school_types=["po"],
        age_min=8,
        age_max=12,
        cost_band="laag",
        effective_elements=["Kleine groepen", "Gekwalificeerde begeleiders"],
    )
    _set(beheerder, founded, level=Level.WELL_FOUNDED, scheme=LADDER, school_types=["vo"])
    return strong, founded, plain


def test_only_a_beheerder_sets_a_level_and_it_is_audited(beheerder, coordinator, rated):
    strong, _founded, plain = rated
    with pytest.raises(PermissionDenied):
        _set(coordinator, plain, level=Level.WELL_DESCRIBED, scheme=LADDER)
    profile = strong.evidence_profile
    assert profile.reviewed_by == beheerder
    entries = AuditLogEntry.objects.filter(object_id=str(profile.pk))
    assert entries.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"level": "heel_goed", "scheme": LADDER}, "level", "erkenningsladder"),
        (
            {"level": "goed_beschreven", "scheme": LADDER, "assessed_on": "FUTURE"},
            "assessed_on",
            "toekomst",
        ),
        ({"level": "niet_erkend", "scheme": LADDER}, "reason", "reden"),
        ({"level": "goed_onderbouwd"}, "scheme", "erkenningstraject"),
        ({"school_types": ["havo"]}, "school_types", "vve, po, vo, mbo"),
        ({"age_min": 12, "age_max": 4}, "age_max", "leeftijd"),
        ({"intl_evidence_strength": 9}, "intl_evidence_strength", "0 tot 5"),
    ],
)
def test_bad_profile_input_is_refused_in_dutch(beheerder, data, field, message):
    intervention = InterventionFactory()
    if data.get("assessed_on") == "FUTURE":
        data["assessed_on"] = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        _set(beheerder, intervention, **data)
    assert message in " ".join(exc.value.message_dict[field])
    assert not EvidenceProfile.objects.filter(level__in=["heel_goed"]).exists()


def test_removing_a_level_keeps_its_history(beheerder, rated):
    strong = rated[0]
    services.profile_clear_level(user=beheerder, intervention=strong)
    profile = EvidenceProfile.objects.get(intervention=strong)
    assert profile.level == Level.NOT_ASSESSED
    changes = [e.changes for e in profile.audit_history().order_by("pk")]
    assert any(c.get("level") and Level.EFFECTIVE_STRONG in str(c["level"]) for c in changes), (
        changes
    )


def test_a_statement_without_source_is_refused(beheerder):
    with pytest.raises(ValidationError) as exc:
        services.statement_create(user=beheerder, data={"text": "Dit werkt aantoonbaar goed."})
    assert "bron" in " ".join(exc.value.message_dict["source_document"])


def test_filters_and_sorting(rated):
    strong, founded, plain = rated
    qs = selectors.filter_interventions
    from kansenwerk.kennisbank.models import Intervention

    base = Intervention.objects.all()
    assert list(qs(base, {"level": "erkend"}).order_by("title")) == [strong, founded]
    assert list(qs(base, {"level": Level.NOT_ASSESSED})) == [plain]
    assert list(qs(base, {"school": "po"})) == [strong]
    assert list(qs(base, {"age": 10})) == [strong, founded] or list(
        qs(base, {"age": 10}).order_by("title")
    ) == [strong, founded]
    assert list(qs(base, {"age": 15}).order_by("title")) == [founded]
    assert list(qs(base, {"cost": "laag"})) == [strong]
    assert list(qs(base, {"sort": "niveau"})) == [strong, founded, plain]
    with pytest.raises(ValidationError, match="Onbekend bewijsniveau"):
        selectors.clean_filters({"niveau": "<script>"})
    with pytest.raises(ValidationError, match="leeftijd"):
        selectors.clean_filters({"leeftijd": "-1"})


def test_list_page_filters_and_bad_filter(client, rated):
    url = reverse("kennisbank:list", args=["interventies"])
    response = client.get(url, {"niveau": "erkend", "sorteer": "niveau"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Bijles in kleine groepjes") < body.index("Mentoraat bij de overstap")
    assert "Zomerschool aan zee" not in body
    assert "Effectief volgens sterke aanwijzingen" in body
    bad = client.get(url, {"niveau": "top"})
    assert bad.status_code == 400 and "Onbekend bewijsniveau" in bad.content.decode()


def test_intervention_page_explains_the_level(client, beheerder, rated):
    strong = rated[0]
    doc = SourceDocumentFactory(title="Verslag over bijles")
    EvidenceStatement.objects.create(
        text="Bijles in kleine groepen bleek in deze proef effectief.",
        source_document=doc,
        source_page=4,
        intervention=strong,
    )
    body = client.get(strong.get_absolute_url()).content.decode()
    assert "Effectief volgens sterke aanwijzingen" in body
    assert "Wat dit niet betekent" in body and LADDER in body
    assert "Verslag over bijles, pagina 4" in body and "nog niet bevestigd" in body
    assert "Gekwalificeerde begeleiders" in body
    assert "Bewijs beoordelen" not in body
    client.force_login(beheerder)
    assert "Bewijs beoordelen" in client.get(strong.get_absolute_url()).content.decode()


def test_profile_form_for_beheerder_only(client, beheerder, coordinator, rated):
    plain = rated[2]
    url = reverse("kennisbank:evidence_edit", args=[plain.slug])
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    client.force_login(beheerder)
    bad = client.post(url, {"level": "goed_beschreven", "scheme": "", "cost_unit": "leerling"})
    assert bad.status_code == 400 and "erkenningstraject" in bad.content.decode()
    ok = client.post(
        url,
        {
            "level": "goed_beschreven",
            "scheme": LADDER,
            "cost_unit": "leerling",
            "effective_elements": "Vaste begeleider\nElke week",
            "school_types": ["po", "vo"],
        },
    )
    assert ok.status_code == 302
    plain.refresh_from_db()
    assert plain.evidence_profile.effective_elements == ["Vaste begeleider", "Elke week"]
    assert plain.evidence_profile.school_types == ["po", "vo"]


def test_review_page_confirms_statements(client, beheerder):
    doc = SourceDocumentFactory()
    statement = EvidenceStatement.objects.create(
        text="Uit onderzoek blijkt een klein maar positief effect.", source_document=doc
    )
    client.force_login(beheerder)
    page = client.get(reverse("kennisbank:evidence_review")).content.decode()
    assert "klein maar positief effect" in page
    decide = reverse("kennisbank:evidence_decide", args=[statement.pk])
    assert client.post(decide, {"status": "bevestigd"}).status_code == 302
    statement.refresh_from_db()
    assert statement.status == EvidenceStatement.Status.CONFIRMED
    client.post(decide, {"status": "weg"})
    statement.refresh_from_db()
    assert statement.status == EvidenceStatement.Status.CONFIRMED


def test_compare_page_with_constant_queries(client, beheerder, rated):
    strong, founded, plain = rated
    for i in rated:
        PracticeExampleFactory(intervention=i)
    url = reverse("kennisbank:evidence_compare")
    with CaptureQueriesContext(connection) as two:
        response = client.get(url, {"i": [strong.slug, founded.slug]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Effectief volgens sterke aanwijzingen" in body and "Goed onderbouwd" in body
    with CaptureQueriesContext(connection) as three:
        client.get(url, {"i": [strong.slug, founded.slug, plain.slug]})
    assert len(three) == len(two)
    assert len(two) <= 15, [q["sql"] for q in two.captured_queries]
    # Too few, too many, unknown: a Dutch message and a 400.
    for params in ({"i": [strong.slug]}, {"i": [strong.slug, "bestaat-niet"]}):
        bad = client.get(url, params)
        assert bad.status_code == 400
    assert "twee tot vier" in client.get(url, {"i": [strong.slug]}).content.decode()
    unknown_place = client.get(url, {"i": [strong.slug, founded.slug], "gemeente": "nergens"})
    assert unknown_place.status_code == 400 and "gemeente" in unknown_place.content.decode()


def test_compare_shows_who_offers_it_in_a_municipality(client, rated, region):
    from kansenwerk.netwerk.models import Organization, Service

    strong, founded, _plain = rated
    here, there = MunicipalityFactory(name="Zandmeer"), MunicipalityFactory(name="Veldhoek")
    org = Organization.objects.create(name="Stichting Leerkracht", region=region)
    org.municipalities.add(here)
    service = Service.objects.create(organization=org, name="Bijles op woensdag")
    service.interventions.add(strong)
    url = reverse("kennisbank:evidence_compare")
    body = client.get(url, {"i": [strong.slug, founded.slug], "gemeente": here.slug})
    assert "Bijles op woensdag" in body.content.decode()
    body = client.get(url, {"i": [strong.slug, founded.slug], "gemeente": there.slug})
    assert "Bijles op woensdag" not in body.content.decode()


def test_api_evidence_object_and_filter(client, beheerder, rated):
    strong = rated[0]
    doc = SourceDocumentFactory(title="Verslag over bijles")
    EvidenceStatement.objects.create(
        text="Bijles in kleine groepen bleek effectief.",
        source_document=doc,
        source_page=2,
        intervention=strong,
    )
    data = client.get("/api/interventions", {"evidence_level": "effectief_sterke_aanwijzingen"})
    assert data.status_code == 200
    items = data.json()["contents"]
    assert [i["slug"] for i in items] == [strong.slug]
    evidence = items[0]["evidence"]
    assert evidence["level"] == "effectief_sterke_aanwijzingen"
    assert evidence["level_label"] == "Effectief volgens sterke aanwijzingen"
    assert evidence["scheme"] == LADDER and evidence["assessed_on"] == "2024-03-01"
    assert evidence["target_group"]["school_types"] == ["po"]
    assert evidence["cost_band"] == "laag"
    assert evidence["statements"] == [
        {
            "text": "Bijles in kleine groepen bleek effectief.",
            "kind": "claim",
            "status": "voorgesteld",
            "source": "Verslag over bijles",
            "page": 2,
            "line": None,
        }
    ]
    everything = client.get("/api/interventions").json()["contents"]
    assert {i["evidence"]["level"] for i in everything} >= {"niet_beoordeeld"}
    bad = client.get("/api/interventions", {"evidence_level": "super"})
    assert bad.status_code == 400 and "Onbekend bewijsniveau" in bad.json()["detail"]


def test_command_uses_the_same_service(beheerder, coordinator):
    import json
    from io import StringIO

    from django.core.management import CommandError, call_command

    intervention = InterventionFactory(title="Voorleesmaatje aan huis")
    with pytest.raises(CommandError, match="beheerder"):
        call_command(
            "evidence",
            intervention.slug,
            "--as",
            coordinator.username,
            "--level",
            "goed_beschreven",
            "--scheme",
            LADDER,
        )
    with pytest.raises(CommandError, match="erkenningsladder"):
        call_command(
            "evidence",
            intervention.slug,
            "--as",
            beheerder.username,
            "--level",
            "top",
            "--scheme",
            LADDER,
        )
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match="toekomst"):
        call_command(
            "evidence",
            intervention.slug,
            "--as",
            beheerder.username,
            "--level",
            "goed_beschreven",
            "--scheme",
            LADDER,
            "--date",
            future,
        )
    call_command(
        "evidence",
        intervention.slug,
        "--as",
        beheerder.username,
        "--level",
        "goed_beschreven",
        "--scheme",
        LADDER,
        "--date",
        "2024-01-31",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("evidence", intervention.slug, "--show", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["level"] == "goed_beschreven" and shown["assessed_on"] == "2024-01-31"
    profile = EvidenceProfile.objects.get(intervention=intervention)
    assert profile.audit_history().filter(source="command").exists()


def test_api_queries_do_not_grow_with_interventions(client, beheerder, rated):
    doc = SourceDocumentFactory()
    for intervention in rated:
        EvidenceStatement.objects.create(
            text="Een zin over effect met een bron.", source_document=doc, intervention=intervention
        )
    with CaptureQueriesContext(connection) as three:
        client.get("/api/interventions")
    for n in range(4):
        _set(
            beheerder,
            InterventionFactory(title=f"Extra aanpak {n}"),
            level="goed_beschreven",
            scheme=LADDER,
        )
    with CaptureQueriesContext(connection) as seven:
        items = client.get("/api/interventions").json()["contents"]
    assert len(items) == 7
    assert len(seven) == len(three)
