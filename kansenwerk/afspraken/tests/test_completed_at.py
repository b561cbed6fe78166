"""An agreement's completion date: set when it becomes "gereed" (through the page, the
owner's link and the service), cleared when reopened, filled for agreements done before
the field existed; regio-inzicht counts completions per quarter by it (both databases)."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus, ProgressUpdate
from kansenwerk.afspraken.services.agreements import agreement_progress_add
from kansenwerk.afspraken.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

TREND_ROW = re.compile(
    r'<th scope="row" class="utrecht-table__header-cell">(\d{4} K\d)</th>'
    r'<td class="utrecht-table__cell">(\d+)</td><td class="utrecht-table__cell">(\d+)</td>'
    r'<td class="utrecht-table__cell">(\d+)</td>'
)


def _trend(client, region) -> dict[str, tuple[int, int, int]]:
    """The region page's table of agreements made / completed / overdue per quarter."""
    body = client.get(reverse("regio:region", args=[region.slug])).content.decode()
    table = body[body.index('id="afspraken-per-kwartaal"') :]
    table = table[: table.index("</table>")]
    return {q: (int(a), int(b), int(c)) for q, a, b, c in TREND_ROW.findall(table)}


def _quarter(day: datetime.date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


def test_page_sets_and_clears_the_completion_and_the_region_page_counts_it(
    client, meetup, organisator, region
):
    agreement = AgreementFactory(meetup=meetup, due_date=timezone.localdate())
    client.force_login(organisator)
    url = reverse("afspraken:detail", args=[agreement.pk])
    before = timezone.now()
    assert client.post(url, {"new_status": "gereed", "text": "Afgerond"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.GEREED
    assert before <= agreement.completed_at <= timezone.now()
    this_quarter = _quarter(timezone.localdate())
    trend = _trend(client, region)
    assert trend[this_quarter][1] == 1
    assert sum(completed for _made, completed, _late in trend.values()) == 1

    # Reopened: no longer completed, and the region page stops counting it.
    assert client.post(url, {"new_status": "bezig", "text": "Toch niet"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.completed_at is None
    assert sum(completed for _made, completed, _late in _trend(client, region).values()) == 0


def test_owner_link_completes_too(client, meetup):
    agreement = AgreementFactory(meetup=meetup)
    url = reverse("afspraken:owner", args=[agreement.token])
    assert client.post(url, {"new_status": "gereed", "text": "Klaar"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.completed_at is not None


def test_a_step_written_down_later_keeps_its_day(meetup):
    agreement = AgreementFactory(meetup=meetup)
    day = timezone.localdate() - datetime.timedelta(days=40)
    agreement_progress_add(agreement=agreement, new_status="gereed", date=day, by_owner=True)
    agreement.refresh_from_db()
    assert timezone.localdate(agreement.completed_at) == day
    # "vervallen" is no completion.
    other = AgreementFactory(meetup=meetup)
    agreement_progress_add(agreement=other, new_status="vervallen", by_owner=True)
    other.refresh_from_db()
    assert other.completed_at is None


def test_migration_fills_agreements_done_before(meetup):
    fill = importlib.import_module(
        "kansenwerk.afspraken.migrations.0005_agreement_completed_at"
    ).fill_completed_at
    day = datetime.date(2029, 3, 14)
    with_step = AgreementFactory(meetup=meetup, status=AgreementStatus.GEREED)
    ProgressUpdate.objects.create(agreement=with_step, date=day, new_status="gereed")
    without_step = AgreementFactory(meetup=meetup, status=AgreementStatus.GEREED)
    still_open = AgreementFactory(meetup=meetup, status=AgreementStatus.BEZIG)
    fill(apps, None)
    with_step.refresh_from_db()
    without_step.refresh_from_db()
    still_open.refresh_from_db()
    assert timezone.localdate(with_step.completed_at) == day
    assert without_step.completed_at == without_step.updated_at
    assert still_open.completed_at is None
    assert Agreement.objects.filter(completed_at__isnull=False).count() == 2
