"""Intake forms: minimal data of minors, a reason for every question, and logged access."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.koppelen import services
from kansenwerk.koppelen.forms import ParticipantForm
from kansenwerk.koppelen.models import Participant, Programme

from .factories import ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Sam",
    "filled_in_by": "ouder",
    "languages": "Nederlands, Turks",
    "availability": ["wo-middag", "za-ochtend"],
    "postcode_area": "3512",
    "interests": "voetbal; tekenen",
    "consent": "on",
}


@pytest.fixture
def child_programme(region, programme_coordinator):
    return ProgrammeFactory(
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        coordinators=[programme_coordinator],
        intake_fields=["languages", "availability", "postcode_area", "interests", "age_band"],
    )


def test_every_intake_question_says_why(child_programme):
    form = ParticipantForm(programme=child_programme, side="mentee")
    for name in ("languages", "availability", "postcode_area", "interests", "age_band"):
        assert form.fields[name].help_text, name
    assert "achternaam" in str(form.fields["display_name"].help_text)


def test_only_configured_questions_are_asked(child_programme):
    form = ParticipantForm(programme=child_programme, side="mentee")
    assert "home_language" not in form.fields
    assert "year_group" not in form.fields
    assert "gender_preference" not in form.fields
    assert "capacity" not in form.fields
    assert "capacity" in ParticipantForm(programme=child_programme, side="mentor").fields


def test_a_child_is_never_filled_in_by_itself(child_programme, programme_coordinator):
    form = ParticipantForm(
        data={**VALID, "filled_in_by": "zelf"}, programme=child_programme, side="mentee"
    )
    assert not form.is_valid()
    assert "filled_in_by" in form.errors
    with pytest.raises(ValidationError) as exc:
        services.participant_create(
            user=programme_coordinator,
            programme=child_programme,
            side="mentee",
            data={"display_name": "S.", "filled_in_by": "zelf", "languages": ["Nederlands"]},
        )
    assert "filled_in_by" in exc.value.message_dict


def test_valid_intake_is_stored_as_lists(child_programme, programme_coordinator):
    form = ParticipantForm(data=VALID, programme=child_programme, side="mentee")
    assert form.is_valid(), form.errors
    participant = services.participant_create(
        user=programme_coordinator,
        programme=child_programme,
        side="mentee",
        data=form.intake_data(),
    )
    assert participant.is_minor
    assert participant.languages == ["Nederlands", "Turks"]
    assert participant.interests == ["voetbal", "tekenen"]
    assert participant.availability == ["wo-middag", "za-ochtend"]
    assert participant.has_vog is False


@pytest.mark.parametrize("postcode", ["351", "0123", "3512AB", "abcd"])
def test_postcode_area_is_four_digits(child_programme, postcode):
    form = ParticipantForm(
        data={**VALID, "postcode_area": postcode}, programme=child_programme, side="mentee"
    )
    assert not form.is_valid()
    assert "vier cijfers" in str(form.errors["postcode_area"])


def test_consent_and_languages_are_required(child_programme):
    data = {k: v for k, v in VALID.items() if k not in ("consent", "languages")}
    form = ParticipantForm(data=data, programme=child_programme, side="mentee")
    assert not form.is_valid()
    assert {"consent", "languages"} <= set(form.errors)


def test_intake_answers_stay_out_of_the_audit_log(child_programme, programme_coordinator):
    participant = services.participant_create(
        user=programme_coordinator,
        programme=child_programme,
        side="mentee",
        data={
            "display_name": "Yara",
            "filled_in_by": "ouder",
            "languages": ["Arabisch"],
            "postcode_area": "3511",
        },
    )
    entry = AuditLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Participant), object_id=str(participant.pk)
    )
    text = str(entry.changes) + entry.object_repr
    assert "Yara" not in text and "Arabisch" not in text and "3511" not in text


def test_viewing_an_intake_is_audit_logged(client, programme, programme_coordinator):
    participant = ParticipantFactory(programme=programme)
    client.force_login(programme_coordinator)
    response = client.get(
        reverse("koppelen:participant_detail", args=[programme.pk, participant.pk])
    )
    assert response.status_code == 200
    views = AuditLogEntry.objects.filter(action="view", object_id=str(participant.pk))
    assert views.count() == 1
    assert views.get().actor == programme_coordinator


def test_only_a_coordinator_sets_the_vog(client, programme, programme_coordinator):
    mentor = ParticipantFactory(programme=programme, side="mentor")
    client.force_login(programme_coordinator)
    url = reverse("koppelen:participant_vog", args=[programme.pk, mentor.pk])
    assert client.post(url, {"has_vog": "on"}).status_code == 302
    mentor.refresh_from_db()
    assert mentor.has_vog
    form = ParticipantForm(programme=programme, side="mentor")
    assert "has_vog" not in form.fields


def test_intake_page_round_trip(client, child_programme, programme_coordinator):
    client.force_login(programme_coordinator)
    url = reverse("koppelen:participant_create", args=[child_programme.pk, "mentee"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Voornaam, initialen of schuilnaam" in page.content.decode()
    response = client.post(url, VALID)
    assert response.status_code == 302
    participant = child_programme.participants.get()
    edit = reverse("koppelen:participant_update", args=[child_programme.pk, participant.pk])
    response = client.post(edit, {**VALID, "display_name": "S.K.", "postcode_area": "3513"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.display_name, participant.postcode_area) == ("S.K.", "3513")
    bad = client.post(url, {**VALID, "postcode_area": "12"})
    assert bad.status_code == 200
    assert "vier cijfers" in bad.content.decode()
