"""The summaries kept by deltas equal the summaries rebuilt from scratch, after random
changes through the ORM and the services (both databases)."""

import datetime
import random

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus, Signal, SignalGroup
from kansenwerk.afspraken.services import agreements as agreement_service
from kansenwerk.afspraken.services import signals as signal_service
from kansenwerk.afspraken.services.agreements import TRANSITIONS
from kansenwerk.afspraken.tests.factories import (
    AgreementFactory,
    SignalFactory,
    SignalGroupFactory,
)
from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)
from kansenwerk.regio import tallies
from kansenwerk.regio.models import Tally, TallyKind

pytestmark = pytest.mark.django_db

STATUSES = AgreementStatus.values
LEVELS = ["gemeente", "landelijk"]
PROFESSIONS = ["ouder", "jeugdwerker", "leraar"]


def _when(rng: random.Random) -> datetime.datetime:
    day = datetime.date(2029, 1, 1) + datetime.timedelta(days=rng.randrange(700))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))


class World:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.regions = [RegionFactory(name=f"Regio {i}") for i in range(3)]
        self.themes = [ThemeFactory(title=f"Thema {i}") for i in range(2)]
        self.directions = [SolutionDirectionFactory(theme=self.themes[0]) for _ in range(3)]
        for _ in range(4):
            self.new_meetup()

    def pick(self, model):
        objs = list(model.objects.order_by("pk"))
        return self.rng.choice(objs) if objs else None

    def new_meetup(self) -> Meetup:
        meetup = MeetupFactory(region=self.rng.choice(self.regions), starts_at=_when(self.rng))
        MeetupThemeFactory(meetup=meetup, theme=self.rng.choice(self.themes))
        MeetupThemeFactory(meetup=meetup, title=f"Eigen {meetup.pk}")
        return meetup

    def theme_of(self, meetup):
        return self.rng.choice([*meetup.themes.all(), None])

    # -- changes that the tallies follow by deltas --
    def add_agreement(self):
        meetup = self.pick(Meetup)
        AgreementFactory(
            meetup=meetup,
            meetup_theme=self.theme_of(meetup),
            solution_direction=self.rng.choice([*self.directions, None]),
            status=self.rng.choice(STATUSES),
            due_date=_when(self.rng).date(),
            completed_at=self.maybe_when(),
        )

    def maybe_when(self):
        # Set on any status: only "gereed" with a date counts as completed.
        return _when(self.rng) if self.rng.random() < 0.6 else None

    def edit_agreement(self):
        agreement = self.pick(Agreement)
        if agreement is None:
            return
        agreement.status = self.rng.choice(STATUSES)
        agreement.due_date = _when(self.rng).date()
        agreement.meetup_theme = self.theme_of(agreement.meetup)
        agreement.completed_at = self.maybe_when()
        agreement.save()

    def agreement_through_service(self):
        agreement = self.pick(Agreement)
        if agreement is not None:
            agreement_service.agreement_update(
                user=None, agreement=agreement, due_date=_when(self.rng).date()
            )
            allowed = sorted(TRANSITIONS.get(agreement.status, ()))
            if allowed:
                agreement_service.agreement_progress_add(
                    agreement=agreement, new_status=self.rng.choice(allowed), by_owner=True
                )

    def delete_agreement(self):
        agreement = self.pick(Agreement)
        if agreement is not None:
            agreement.delete()

    def add_signal(self):
        meetup = self.pick(Meetup)
        SignalFactory(
            meetup=meetup,
            meetup_theme=self.theme_of(meetup),
            solution_direction=self.rng.choice([*self.directions, None]),
            level=self.rng.choice(LEVELS),
        )

    def edit_or_delete_signal(self):
        signal = self.pick(Signal)
        if signal is None:
            return
        if self.rng.random() < 0.3:
            signal.delete()
        else:
            signal.level = self.rng.choice(LEVELS)
            if self.rng.random() < 0.5:
                signal.group = self.pick(SignalGroup) or SignalGroupFactory()
            signal.save()

    def registration(self):
        registration = self.pick(Registration)
        if registration is None or self.rng.random() < 0.5:
            RegistrationFactory(
                meetup=self.pick(Meetup),
                status=self.rng.choice(list(Registration.Status)),
                profession=self.rng.choice(PROFESSIONS),
            )
        elif self.rng.random() < 0.2:
            registration.delete()
        else:
            registration.status = self.rng.choice(list(Registration.Status))
            registration.profession = self.rng.choice(PROFESSIONS)
            registration.save()

    def cancel_or_reschedule_meetup(self):
        # Same month: only the meetup's own tallies (held) change, by delta.
        meetup = self.pick(Meetup)
        meetup.status = self.rng.choice(list(Meetup.Status))
        meetup.starts_at = meetup.starts_at.replace(minute=self.rng.randrange(60))
        meetup.save()

    # -- changes that rebuild the affected regions after the commit --
    def move_meetup(self):
        meetup = self.pick(Meetup)
        meetup.region = self.rng.choice(self.regions)
        meetup.starts_at = _when(self.rng)
        meetup.save()

    def rename_or_delete_theme(self):
        theme = self.pick(MeetupTheme)
        if self.rng.random() < 0.5:
            theme.delete()
        else:
            theme.theme = None
            theme.title = f"Nieuwe titel {theme.pk}"
            theme.save()

    def regroup_signals(self):
        signal_service.signals_regroup()

    def delete_group(self):
        group = self.pick(SignalGroup)
        if group is not None:
            group.delete()

    def delete_meetup(self):
        if Meetup.objects.count() > 2:
            self.pick(Meetup).delete()

    DELTAS = (
        add_agreement,
        add_agreement,
        edit_agreement,
        agreement_through_service,
        delete_agreement,
        add_signal,
        edit_or_delete_signal,
        registration,
        cancel_or_reschedule_meetup,
    )
    STRUCTURAL = (
        move_meetup,
        rename_or_delete_theme,
        delete_meetup,
        new_meetup,
        regroup_signals,
        delete_group,
    )


def assert_equal_to_rebuild():
    kept = tallies.stored()
    assert kept == +tallies.compute()
    tallies.rebuild()
    assert tallies.stored() == kept


@pytest.mark.parametrize("seed", range(4))
def test_deltas_equal_rebuild(seed):
    rng = random.Random(seed)
    world = World(rng)
    for _ in range(60):
        rng.choice(World.DELTAS)(world)
    kinds = set(Tally.objects.exclude(n=0).values_list("kind", flat=True))
    assert {TallyKind.MEETUP_MONTH, TallyKind.MEETUP_START} <= kinds
    done = Agreement.objects.filter(status=AgreementStatus.GEREED, completed_at__isnull=False)
    assert (TallyKind.AGREEMENT_COMPLETED in kinds) == done.exists()
    assert_equal_to_rebuild()


@pytest.mark.parametrize("seed", range(3))
def test_deltas_and_moves_equal_rebuild(seed, django_capture_on_commit_callbacks):
    rng = random.Random(100 + seed)
    world = World(rng)
    for _ in range(40):
        with django_capture_on_commit_callbacks(execute=True):
            action = rng.choice(World.DELTAS + World.STRUCTURAL)
            action(world)
    assert_equal_to_rebuild()


def test_rebuild_command_and_check(region, capsys):
    meetup = MeetupFactory(region=region)
    AgreementFactory(meetup=meetup, status=AgreementStatus.GEPLAND)
    call_command("insight-rebuild", "--check")
    assert "kloppen" in capsys.readouterr().out
    # A bulk change bypasses the receivers: the check reports it, the rebuild repairs it.
    Agreement.objects.update(status=AgreementStatus.GEREED)
    with pytest.raises(CommandError, match="wijken af"):
        call_command("insight-rebuild", "--check")
    call_command("insight-rebuild", "--region", region.slug)
    call_command("insight-rebuild", "--check")
    row = Tally.objects.get(kind=TallyKind.AGREEMENT_MONTH, region=region)
    assert (row.sub, row.n) == (AgreementStatus.GEREED, 1)
    # Completions too: a bulk-set completion date is found and counted by the rebuild.
    Agreement.objects.update(completed_at=timezone.make_aware(datetime.datetime(2030, 5, 2)))
    with pytest.raises(CommandError, match="wijken af"):
        call_command("insight-rebuild", "--check")
    call_command("insight-rebuild")
    row = Tally.objects.get(kind=TallyKind.AGREEMENT_COMPLETED, region=region)
    assert (row.key, row.n) == ("2030-05", 1)
    with pytest.raises(CommandError, match="Onbekende regio: nergens"):
        call_command("insight-rebuild", "--region", "nergens")


def test_migrate_fills_kinds_added_later(region):
    """An installation with tallies from before meetups and completions were counted gets
    those kinds at the next `migrate` (the post_migrate hook), once."""
    from kansenwerk.regio.apps import _fill_tallies

    meetup = MeetupFactory(region=region)
    AgreementFactory(
        meetup=meetup,
        status=AgreementStatus.GEREED,
        completed_at=timezone.make_aware(datetime.datetime(2030, 5, 2)),
    )
    Tally.objects.filter(
        kind__in=[TallyKind.MEETUP_MONTH, TallyKind.MEETUP_START, TallyKind.AGREEMENT_COMPLETED]
    ).delete()
    assert tallies.stored() != +tallies.compute()
    _fill_tallies(using="default")
    assert tallies.stored() == +tallies.compute()
    assert Tally.objects.filter(kind=TallyKind.AGREEMENT_COMPLETED, key="2030-05").exists()
