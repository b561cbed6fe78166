"""Follow-up: meetings, check-ins after 4 and 12 weeks, ends, and the overviews."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kansenwerk.koppelen import selectors, services
from kansenwerk.koppelen.models import Match

from .factories import MatchFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def started(programme, days_ago, today=TODAY):
    return MatchFactory(
        programme=programme,
        status=Match.Status.ACCEPTED,
        started_on=today - datetime.timedelta(days=days_ago),
    )


def test_checkins_fall_due_after_4_and_12_weeks(programme):
    fresh = started(programme, days_ago=10)
    four = started(programme, days_ago=22)  # due in 6 days: shows a week ahead
    late = started(programme, days_ago=40)
    twelve = started(programme, days_ago=12 * 7 + 1)
    due = selectors.checkins_due(programme=programme, today=TODAY)
    found = {(item.match.pk, item.week): item for item in due}
    assert (fresh.pk, 4) not in found
    assert found[(four.pk, 4)].due_on == four.started_on + datetime.timedelta(weeks=4)
    assert not found[(four.pk, 4)].overdue
    assert found[(late.pk, 4)].overdue
    assert (late.pk, 12) not in found
    assert {(twelve.pk, 4), (twelve.pk, 12)} <= set(found)


def test_a_recorded_checkin_is_no_longer_due(programme, programme_coordinator):
    match = started(programme, days_ago=30, today=timezone.localdate())
    assert [d.week for d in selectors.checkins_due(programme=programme)] == [4]
    services.checkin_record(
        user=programme_coordinator,
        match=match,
        week=4,
        answers={"contact": "wekelijks", "going": "goed", "continue": True, "note": ""},
    )
    assert selectors.checkins_due(programme=programme) == []
    with pytest.raises(ValidationError):
        services.checkin_record(user=programme_coordinator, match=match, week=4, answers={})


def test_meetings_need_a_started_pair_and_a_sensible_date(programme, programme_coordinator):
    proposed = MatchFactory(programme=programme)
    with pytest.raises(ValidationError):
        services.meeting_log(user=programme_coordinator, match=proposed, date=TODAY)
    match = started(programme, days_ago=5, today=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        services.meeting_log(
            user=programme_coordinator,
            match=match,
            date=match.started_on - datetime.timedelta(days=1),
        )
    assert "date" in exc.value.message_dict
    meeting = services.meeting_log(
        user=programme_coordinator, match=match, date=timezone.localdate(), note="Samen gelezen"
    )
    assert meeting.note == "Samen gelezen"


def test_ending_early_needs_a_reason_from_the_list(programme, programme_coordinator):
    match = started(programme, days_ago=5, today=timezone.localdate())
    with pytest.raises(ValidationError):
        services.match_end(user=programme_coordinator, match=match, reason="zomaar")
    with pytest.raises(ValidationError):
        services.match_end(user=programme_coordinator, match=match, reason="anders")
    services.match_end(user=programme_coordinator, match=match, reason="verhuisd")
    assert match.status == "ended" and match.ended_on == timezone.localdate()


def test_programme_overview_counts(programme, programme_coordinator):
    a = started(programme, days_ago=40, today=timezone.localdate())
    b = started(programme, days_ago=40, today=timezone.localdate())
    started(programme, days_ago=3, today=timezone.localdate())
    MatchFactory(programme=programme)
    services.match_end(user=programme_coordinator, match=a, reason="geen_tijd")
    services.match_end(user=programme_coordinator, match=b, reason="")
    services.checkin_record(
        user=programme_coordinator,
        match=programme.matches.filter(status="accepted").first(),
        week=4,
        answers={"going": "goed"},
    )
    overview = selectors.programme_overview(programme=programme)
    assert overview["mentors"] == 4 and overview["mentees"] == 4
    assert overview["active"] == 1
    assert overview["proposed"] == 1
    assert overview["ended"] == 2
    assert overview["ended_early"] == 1
    assert [(str(label), n) for label, n in overview["early_reasons"]] == [("Te weinig tijd", 1)]
    assert overview["mentees_waiting"] == 2
    assert overview["checkins_week_4"] == 1


def test_region_summary_counts_only_that_region(region, other_region, programme):
    started(programme, days_ago=3)
    elsewhere = ProgrammeFactory(region=other_region)
    started(elsewhere, days_ago=3)
    summary = selectors.koppelen_region_summary(region)
    assert summary["programmes"] == 1
    assert summary["active"] == 1
    assert summary["mentees"] == 1
    assert set(summary) >= {"ended_early", "early_reasons", "mentees_waiting", "checkins_done"}
