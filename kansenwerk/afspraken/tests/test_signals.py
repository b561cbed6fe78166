"""Signals: recording, grouping by similarity (Dutch analysis), merge and split."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansenwerk.afspraken.models import Signal, SignalGroup
from kansenwerk.afspraken.services.signals import (
    signal_create,
    signal_group_split,
    signal_groups_merge,
    signal_tokens,
    similarity,
)
from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return ThemeFactory()


def _signal(user, region, theme, text):
    meetup = MeetupFactory(region=region)
    mt = MeetupThemeFactory(meetup=meetup, theme=theme)
    return signal_create(user=user, meetup=meetup, meetup_theme=mt, text=text)[0]


def test_paraphrases_are_similar_and_unrelated_are_not():
    a = signal_tokens("Structureel geld voor schoolmaatschappelijk werk op elke basisschool")
    b = signal_tokens(
        "Basisscholen hebben vaste financiering voor schoolmaatschappelijk werkers nodig"
    )
    c = signal_tokens("Meer plekken in de voorschool voor peuters uit de wijk")
    assert similarity(a, b) >= 0.5
    assert similarity(a, c) == 0.0


def test_similar_signals_share_a_group_across_regions(beheerder, region, other_region, theme):
    first = _signal(
        beheerder, region, theme, "De gemeente betaalt tolken voor oudergesprekken op school"
    )
    second = _signal(
        beheerder, other_region, theme, "Tolken voor gesprekken met ouders moeten betaald worden"
    )
    third = _signal(beheerder, region, theme, "Een vaste plek voor huiswerkbegeleiding in de wijk")
    assert first.group_id == second.group_id
    assert third.group_id != first.group_id
    assert SignalGroup.objects.count() == 2


def test_same_words_in_another_theme_do_not_group(beheerder, region):
    text = "Tolken voor gesprekken met ouders moeten betaald worden"
    a = _signal(beheerder, region, ThemeFactory(), text)
    b = _signal(beheerder, region, ThemeFactory(), text)
    assert a.group_id != b.group_id


def test_signal_client_uuid_is_idempotent(organisator, meetup):
    key = uuid.uuid4()
    one, created = signal_create(
        user=organisator, meetup=meetup, text="Meer tijd voor overleg", client_uuid=key
    )
    two, again = signal_create(
        user=organisator, meetup=meetup, text="Meer tijd voor overleg", client_uuid=key
    )
    assert created and not again and one.pk == two.pk
    assert Signal.objects.count() == 1


def test_signal_level_is_checked(organisator, meetup):
    with pytest.raises(ValidationError):
        signal_create(user=organisator, meetup=meetup, text="x", level="provincie")


def test_deelnemer_cannot_record_signal(deelnemer, meetup):
    with pytest.raises(PermissionDenied):
        signal_create(user=deelnemer, meetup=meetup, text="Meer tijd")


def test_beheerder_merges_and_splits(beheerder, region, theme):
    a = _signal(beheerder, region, theme, "Vervoer naar de zwemles voor kinderen uit het dorp")
    b = _signal(beheerder, region, theme, "Extra handen in de klas bij grote groepen")
    assert a.group_id != b.group_id
    target = signal_groups_merge(user=beheerder, target=a.group, others=[b.group])
    assert set(target.signals.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert target.is_manual and target.merged_by == beheerder
    assert SignalGroup.objects.count() == 1
    new_group = signal_group_split(user=beheerder, group=target, signal_ids=[b.pk])
    b.refresh_from_db()
    assert b.group == new_group and new_group.is_manual
    with pytest.raises(ValidationError):
        signal_group_split(user=beheerder, group=new_group, signal_ids=[b.pk])


@pytest.mark.parametrize("role", ["regiocoordinator", "organisator", "deelnemer"])
def test_only_beheerder_merges(region, theme, beheerder, role):
    from kansenwerk.core.tests.factories import UserFactory

    user = UserFactory(role=role, regions=[region])
    a = _signal(beheerder, region, theme, "Vervoer naar de zwemles voor kinderen uit het dorp")
    b = _signal(beheerder, region, theme, "Extra handen in de klas bij grote groepen")
    with pytest.raises(PermissionDenied):
        signal_groups_merge(user=user, target=a.group, others=[b.group])
    with pytest.raises(PermissionDenied):
        signal_group_split(user=user, group=a.group, signal_ids=[a.pk])
