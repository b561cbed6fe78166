"""Every state change of a registration, through the services (both databases)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Meetup, Profession, Registration
from kansenwerk.meetups.services import registration as svc
from kansenwerk.meetups.services.reminders import reminders_enqueue_due

from .factories import MeetupFactory, MeetupThemeFactory

S = Registration.Status


def register(meetup, n, themes=(), **kwargs):
    return svc.registration_create(
        meetup=meetup,
        name=f"Persoon {n}",
        email=f"persoon{n}@voorbeeld.invalid",
        profession=kwargs.pop("profession", Profession.JEUGDWERKER),
        theme_choices=list(themes),
        consent=kwargs.pop("consent", True),
        **kwargs,
    )


@pytest.mark.django_db
def test_confirmed_until_full_then_waitlisted_in_order(meetup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        regs = [register(meetup, i) for i in range(5)]
    assert [r.status for r in regs] == [S.CONFIRMED] * 3 + [S.WAITLISTED] * 2
    assert [selectors.waitlist_position(registration=r) for r in regs] == [None, None, None, 1, 2]
    assert regs[0].consent_at is not None and len(regs[0].token) >= 40
    subjects = [m.subject for m in mail.outbox]
    assert subjects[0].startswith("U bent aangemeld voor")
    assert subjects[3].startswith("U staat op de wachtlijst")
    assert "plaats 1" in mail.outbox[3].body
    html = mail.outbox[0].alternatives[0][0]
    assert '<html lang="nl">' in html
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


@pytest.mark.django_db
def test_validation_errors_are_dutch_and_per_field(meetup, themes):
    with pytest.raises(ValidationError) as exc:
        svc.registration_create(
            meetup=meetup, name="", email="geen-adres", profession="piloot", consent=False
        )
    errors = exc.value.message_dict
    assert errors["name"] == ["Vul uw naam in."]
    assert "geldig e-mailadres" in errors["email"][0]
    assert errors["profession"] == ["Kies uw beroep of rol uit de lijst."]
    assert "toestemming" in errors["consent"][0]
    assert "thema" in errors["theme_choices"][0]
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_same_theme_twice_and_foreign_theme_rejected(meetup, themes):
    other = MeetupThemeFactory()
    with pytest.raises(ValidationError) as exc:
        register(meetup, 1, [themes[0], themes[0]])
    assert "ander thema" in exc.value.message_dict["theme_choices"][0]
    with pytest.raises(ValidationError):
        register(meetup, 2, [other])


@pytest.mark.django_db
def test_duplicate_email_rejected_but_allowed_after_cancel(meetup):
    first = register(meetup, 1)
    with pytest.raises(ValidationError) as exc:
        register(meetup, 1)
    assert "al aangemeld" in exc.value.message_dict["email"][0]
    svc.registration_cancel(registration=first)
    again = register(meetup, 1)
    assert again.status == S.CONFIRMED


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Meetup.Status.DRAFT, Meetup.Status.CANCELLED])
def test_no_registration_for_unpublished(region, status):
    meetup = MeetupFactory(region=region, status=status)
    with pytest.raises(ValidationError) as exc:
        register(meetup, 1)
    assert "__all__" in exc.value.message_dict


@pytest.mark.django_db
def test_no_registration_after_start(region):
    meetup = MeetupFactory(region=region, starts_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        register(meetup, 1)


@pytest.mark.django_db
def test_theme_capacity_places_in_second_choice_then_waitlists(region):
    meetup = MeetupFactory(region=region, capacity=10)
    small = MeetupThemeFactory(meetup=meetup, capacity=1)
    other = MeetupThemeFactory(meetup=meetup, capacity=1)
    roomy = MeetupThemeFactory(meetup=meetup, title="Ruim thema")
    a = register(meetup, 1, [small, other])
    b = register(meetup, 2, [small, other])
    # Both chosen themes are full, the meetup is not: "thema vol", with the theme that has room.
    with pytest.raises(ValidationError) as exc:
        register(meetup, 3, [small, other])
    error = exc.value.error_dict["theme_choices"][0]
    assert error.code == svc.THEME_FULL
    assert "zijn vol; de meetup zelf heeft nog plaats" in error.message
    assert "‘Ruim thema’" in error.message and "vol" in error.message
    assert not Registration.objects.filter(email="persoon3@voorbeeld.invalid").exists()
    c = register(meetup, 3, [small, other], waitlist_if_theme_full=True)
    assert (a.status, a.theme) == (S.CONFIRMED, small)
    assert (b.status, b.theme) == (S.CONFIRMED, other)
    assert (c.status, c.theme) == (S.WAITLISTED, None)
    reason = selectors.waitlist_reason(registration=c)
    assert reason == {"reason": "theme_full", "themes_with_room": [roomy]}


@pytest.mark.django_db
def test_cancel_promotes_first_waiting_with_deadline(meetup, django_capture_on_commit_callbacks):
    regs = [register(meetup, i) for i in range(5)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_cancel(registration=regs[1])
    for r in regs:
        r.refresh_from_db()
    assert regs[1].status == S.CANCELLED and regs[1].cancelled_at
    assert regs[3].status == S.INVITED
    assert regs[3].invited_until is not None
    assert regs[3].invited_until <= meetup.starts_at
    assert regs[4].status == S.WAITLISTED
    assert selectors.waitlist_position(registration=regs[4]) == 1
    kinds = sorted(m.subject.split(" ")[0] for m in mail.outbox)
    assert any("plaats vrij" in m.subject for m in mail.outbox)
    assert len(kinds) == 2
    invitation = next(m for m in mail.outbox if "plaats vrij" in m.subject)
    assert regs[3].token in invitation.body


@pytest.mark.django_db
def test_cancel_twice_is_harmless_and_waitlisted_cancel_frees_nothing(meetup):
    regs = [register(meetup, i) for i in range(5)]
    svc.registration_cancel(registration=regs[4])
    svc.registration_cancel(registration=regs[4])
    regs[3].refresh_from_db()
    assert regs[3].status == S.WAITLISTED


@pytest.mark.django_db
def test_accept_invitation(meetup):
    regs = [register(meetup, i) for i in range(4)]
    svc.registration_cancel(registration=regs[0])
    regs[3].refresh_from_db()
    accepted = svc.registration_accept_invitation(registration=regs[3])
    assert accepted.status == S.CONFIRMED and accepted.invited_until is None
    with pytest.raises(ValidationError):
        svc.registration_accept_invitation(registration=accepted)


@pytest.mark.django_db
def test_invitation_expires_and_next_is_invited(meetup):
    regs = [register(meetup, i) for i in range(5)]
    svc.registration_cancel(registration=regs[0])
    regs[3].refresh_from_db()
    later = regs[3].invited_until + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        Registration.objects.filter(pk=regs[3].pk).update(
            invited_until=timezone.now() - datetime.timedelta(minutes=1)
        )
        regs[3].refresh_from_db()
        svc.registration_accept_invitation(registration=regs[3])
    assert svc.waitlist_process(now=later) == 1
    regs[3].refresh_from_db()
    regs[4].refresh_from_db()
    assert regs[3].status == S.EXPIRED
    assert regs[4].status == S.INVITED
    assert Registration.objects.filter(meetup=meetup, status__in=Registration.HOLDING).count() == 3


@pytest.mark.django_db
def test_capacity_increase_invites_waiting(meetup, organisator):
    from kansenwerk.meetups.services.meetup import meetup_update

    regs = [register(meetup, i) for i in range(5)]
    meetup_update(user=organisator, meetup=meetup, capacity=4)
    svc.waitlist_process(meetup=meetup)
    regs[3].refresh_from_db()
    assert regs[3].status == S.INVITED


@pytest.mark.django_db
def test_check_in_undo_and_walk_in(meetup, themes):
    reg = register(meetup, 1, [themes[1]])
    present = svc.registration_check_in(registration=reg, present=True)
    assert present.status == S.ATTENDED and present.checked_in_at
    with pytest.raises(ValidationError):
        svc.registration_cancel(registration=present)
    undone = svc.registration_check_in(registration=reg, present=False)
    assert undone.status == S.CONFIRMED and undone.checked_in_at is None
    walk_in = svc.registration_walk_in(
        meetup=meetup, name="Binnenloper", profession=Profession.OUDER, theme=themes[0]
    )
    assert walk_in.status == S.ATTENDED and walk_in.channel == "walk_in"
    cancelled = register(meetup, 2, [themes[0]])
    svc.registration_cancel(registration=cancelled)
    with pytest.raises(ValidationError):
        svc.registration_check_in(registration=cancelled, present=True)


@pytest.mark.django_db
def test_delete_personal_data_frees_place(meetup):
    regs = [register(meetup, i) for i in range(4)]
    svc.registration_delete_personal_data(registration=regs[0])
    assert not Registration.objects.filter(pk=regs[0].pk).exists()
    regs[3].refresh_from_db()
    assert regs[3].status == S.INVITED


@pytest.mark.django_db
def test_pseudonymise_after_retention_only(region):
    past = MeetupFactory(region=region, starts_at=timezone.now() + datetime.timedelta(days=1))
    reg = register(past, 1, organisation="Basisschool Het Anker", needs="rolstoel")
    svc.registration_check_in(registration=reg, present=True)
    token = reg.token
    Meetup.objects.filter(pk=past.pk).update(starts_at=timezone.now() - datetime.timedelta(days=30))
    assert svc.registrations_pseudonymise() == 0  # 12 months not yet over
    later = timezone.now() + datetime.timedelta(days=370)
    assert svc.registrations_pseudonymise(now=later) == 1
    reg.refresh_from_db()
    assert (reg.name, reg.email, reg.organisation, reg.needs) == ("", "", "", "")
    assert reg.profession == Profession.JEUGDWERKER and reg.status == S.ATTENDED
    assert reg.token != token and reg.pseudonymised_at
    assert svc.registrations_pseudonymise(now=later) == 0
    # The audit log never held the personal data.
    for entry in reg.audit_history():
        assert "Persoon 1" not in str(entry.changes)
        assert "persoon1@" not in str(entry.changes)


@pytest.mark.django_db
def test_reminders_once_two_days_before(region, django_capture_on_commit_callbacks):
    soon = MeetupFactory(region=region, starts_at=timezone.now() + datetime.timedelta(days=1))
    far = MeetupFactory(region=region)
    a = register(soon, 1)
    register(far, 2)
    waiting_soon = MeetupFactory(region=region, capacity=0, starts_at=soon.starts_at)
    register(waiting_soon, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_enqueue_due() == 1
    assert reminders_enqueue_due() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [a.email]
    assert message.subject.startswith("Herinnering")
    assert "/briefing/" in message.body
    assert message.attachments[0][2] == "text/calendar"


@pytest.mark.django_db
def test_organisation_linked_to_netwerk_by_name(meetup):
    from kansenwerk.netwerk.models import Organization

    org = Organization.objects.create(
        name="Kindcentrum De Boog", region=meetup.region, kind=Organization.Kind.SCHOOL_PO
    )
    reg = register(meetup, 1, organisation="kindcentrum de boog")
    assert reg.organisation_ref == org and reg.organisation_kind == "school_po"
    free = register(meetup, 2, organisation="Een eigen clubje")
    assert free.organisation_ref is None and free.organisation == "Een eigen clubje"


@pytest.mark.django_db
def test_cancelling_a_meetup_tells_everyone(
    meetup, organisator, django_capture_on_commit_callbacks
):
    from kansenwerk.meetups.services.meetup import meetup_cancel

    regs = [register(meetup, i) for i in range(4)]  # three places, one waiting
    svc.registration_cancel(registration=regs[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meetup_cancel(user=organisator, meetup=meetup)
    assert meetup.status == Meetup.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in regs[1:])
    assert mail.outbox[0].subject.startswith("Afgelast:")
    with django_capture_on_commit_callbacks(execute=True):
        meetup_cancel(user=organisator, meetup=meetup)
    assert len(mail.outbox) == 3
