"""Retention and pseudonymisation."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kansenwerk.koppelen.models import Match, Meeting, Participant
from kansenwerk.koppelen.services import (
    participants_due_for_pseudonymisation,
    pseudonymise_participant,
)
from kansenwerk.koppelen.services.privacy import months_before

from .factories import MatchFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _age(participant, days):
    Participant.objects.filter(pk=participant.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_months_before_clamps_to_month_end():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 12) == datetime.date(2025, 1, 15)


def test_due_after_retention_unless_a_pair_is_open(programme):
    programme.retention_months = 6
    programme.save()
    old = ParticipantFactory(programme=programme, display_name="Oud")
    recent = ParticipantFactory(programme=programme, display_name="Nieuw")
    busy = MatchFactory(programme=programme, status="accepted")
    for p in (old, busy.mentor, busy.mentee):
        _age(p, 400)
    _age(recent, 30)
    due = {p.display_name for p in participants_due_for_pseudonymisation()}
    assert due == {"Oud"}


def test_an_ended_pair_restarts_the_retention_clock(programme):
    match = MatchFactory(
        programme=programme,
        status="ended",
        started_on=timezone.localdate() - datetime.timedelta(days=500),
        ended_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    _age(match.mentor, 600)
    _age(match.mentee, 600)
    assert participants_due_for_pseudonymisation() == []
    later = timezone.localdate() + datetime.timedelta(days=400)
    assert len(participants_due_for_pseudonymisation(today=later)) == 2


def test_pseudonymise_removes_personal_data(programme):
    match = MatchFactory(
        programme=programme,
        status=Match.Status.ENDED,
        reasons=["zelfde postcodegebied (3511)"],
        early_end_note="Verhuisd naar tante",
        ended_on=timezone.localdate(),
        started_on=timezone.localdate(),
    )
    Meeting.objects.create(match=match, date=timezone.localdate(), note="Met Yara naar de bieb")
    mentee = match.mentee
    mentee.contact = "06-12345678"
    mentee.interests = ["tekenen"]
    mentee.save()
    pseudonymise_participant(participant=mentee)
    mentee.refresh_from_db()
    match.refresh_from_db()
    assert mentee.display_name == f"Mentee {mentee.pk}"
    assert (mentee.contact, mentee.languages, mentee.interests, mentee.postcode_area) == (
        "",
        [],
        [],
        "",
    )
    assert mentee.pseudonymised_at is not None
    assert match.reasons == [] and match.early_end_note == ""
    assert match.meetings.get().note == ""
    assert match.status == "ended"  # outcomes stay for the overview


def test_command_pseudonymises_due_participants(programme, capsys):
    old = ParticipantFactory(programme=programme, display_name="Lang geleden")
    _age(old, 800)
    call_command("koppelen-pseudonymise", "--dry-run")
    assert "1 deelnemer" in capsys.readouterr().out
    old.refresh_from_db()
    assert old.pseudonymised_at is None
    call_command("koppelen-pseudonymise")
    old.refresh_from_db()
    assert old.pseudonymised_at is not None and old.display_name != "Lang geleden"
    call_command("koppelen-pseudonymise")
    assert "0 deelnemer" in capsys.readouterr().out.splitlines()[-1]


def test_pseudonymised_people_are_not_matched_or_waiting(programme, programme_coordinator):
    from kansenwerk.koppelen import selectors, services

    ParticipantFactory(programme=programme, side="mentor", display_name="Mentor")
    gone = ParticipantFactory(programme=programme, display_name="Weg")
    pseudonymise_participant(participant=gone)
    result = services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert result.pairs == ()
    assert selectors.programme_overview(programme=programme)["mentees_waiting"] == 0
    assert selectors.koppelen_region_summary(programme.region)["mentees_waiting"] == 0
