"""The reminder schedule with an injected clock: before the deadline, after it without
an update, never twice, and a moved deadline earns a new reminder."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kansenwerk.afspraken.models import AgreementStatus, ProgressUpdate, ReminderSent
from kansenwerk.afspraken.services.reminders import agreements_send_reminders, reminders_due
from kansenwerk.afspraken.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 6, 15)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the job at a given moment; e-mails are enqueued on commit, so run those too."""

    def _send(now):
        with django_capture_on_commit_callbacks(execute=True):
            return agreements_send_reminders(now=now)

    return _send


@pytest.fixture
def agreement(meetup, settings):
    settings.AFSPRAKEN_REMINDER_DAYS_BEFORE = 7
    return AgreementFactory(meetup=meetup, due_date=DUE, owner_email="jet@voorbeeld.invalid")


def test_schedule_day_by_day(agreement):
    def due_on(day):
        return {k: ids for k, ids in reminders_due(now=at(day)).items() if ids}

    assert due_on(DUE - datetime.timedelta(days=8)) == {}
    assert due_on(DUE - datetime.timedelta(days=7)) == {"before": [agreement.pk]}
    assert due_on(DUE) == {"before": [agreement.pk]}
    assert due_on(DUE + datetime.timedelta(days=1)) == {"overdue": [agreement.pk]}


def test_before_reminder_is_sent_once_with_link(agreement, send):
    counts = send(at(DUE - datetime.timedelta(days=5)))
    assert counts == {"before": 1, "overdue": 0}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jet@voorbeeld.invalid"]
    assert "Herinnering" in message.subject
    assert f"/afspraken/a/{agreement.token}/" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    # the next day, and the day after: nothing new
    assert send(at(DUE - datetime.timedelta(days=4))) == {
        "before": 0,
        "overdue": 0,
    }
    assert len(mail.outbox) == 1


def test_overdue_reminder_only_without_update(agreement, send):
    send(at(DUE - datetime.timedelta(days=3)))
    mail.outbox.clear()
    counts = send(at(DUE + datetime.timedelta(days=2)))
    assert counts["overdue"] == 1
    assert "voorbij" in mail.outbox[0].subject
    send(at(DUE + datetime.timedelta(days=9)))
    assert len(mail.outbox) == 1


def test_recent_update_prevents_overdue_reminder(agreement, send):
    ProgressUpdate.objects.create(
        agreement=agreement, date=DUE - datetime.timedelta(days=2), text="Loopt nog"
    )
    assert send(at(DUE + datetime.timedelta(days=3)))["overdue"] == 0


def test_old_update_does_not_prevent_overdue_reminder(agreement, send):
    ProgressUpdate.objects.create(
        agreement=agreement, date=DUE - datetime.timedelta(days=40), text="Begonnen"
    )
    assert send(at(DUE + datetime.timedelta(days=3)))["overdue"] == 1


@pytest.mark.parametrize("status", [AgreementStatus.GEREED, AgreementStatus.VERVALLEN])
def test_closed_agreements_get_no_reminders(agreement, status, send):
    agreement.status = status
    agreement.save()
    assert send(at(DUE - datetime.timedelta(days=1))) == {
        "before": 0,
        "overdue": 0,
    }
    assert send(at(DUE + datetime.timedelta(days=1)))["overdue"] == 0


def test_no_email_no_reminder(meetup, send):
    AgreementFactory(meetup=meetup, due_date=DUE, owner_email="")
    assert send(at(DUE)) == {"before": 0, "overdue": 0}


def test_moved_deadline_gets_a_new_reminder(agreement, send):
    send(at(DUE - datetime.timedelta(days=2)))
    agreement.due_date = DUE + datetime.timedelta(days=30)
    agreement.save()
    counts = send(at(agreement.due_date - datetime.timedelta(days=1)))
    assert counts["before"] == 1
    assert ReminderSent.objects.filter(agreement=agreement).count() == 2


def test_revoked_link_is_not_mailed(agreement, send):
    agreement.token_revoked_at = timezone.now()
    agreement.save()
    send(at(DUE))
    assert agreement.token not in mail.outbox[0].body


def test_command_runs(agreement, capsys):
    call_command("afspraken-send-reminders")
    assert "Herinneringen verstuurd" in capsys.readouterr().out
