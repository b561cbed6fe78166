"""Signals: recording, grouping by similarity (Dutch analysis), merge and split."""

import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansenwerk.afspraken.models import Signal, SignalGroup
from kansenwerk.afspraken.services.signals import (
    signal_create,
    signal_group_rename,
    signal_group_split,
    signal_groups_merge,
    signal_tokens,
    signals_regroup,
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


def test_across_themes_only_a_close_match_groups(beheerder, region, other_region):
    """Nationally the same ask may sit under different themes: it groups when the texts
    say nearly the same; a looser likeness groups only within one theme."""
    text = "Tolken voor gesprekken met ouders moeten betaald worden"
    a = _signal(beheerder, region, ThemeFactory(), text)
    b = _signal(beheerder, other_region, ThemeFactory(), text)
    assert a.group_id == b.group_id
    first = "Vaste financiering voor een jongerenwerker op school"
    second = "Structureel geld voor jongerenwerk in en rond de school"
    assert similarity(signal_tokens(first), signal_tokens(second)) == pytest.approx(0.5)
    c = _signal(beheerder, region, ThemeFactory(), first)
    d = _signal(beheerder, other_region, ThemeFactory(), second)
    assert c.group_id != d.group_id  # within one theme they do (test_plain_paraphrases_group)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (
            "structureel budget voor een schoolmaatschappelijk werker",
            "structureel geld voor schoolmaatschappelijk werk",
        ),
        (
            "Blijvend budget voor een schoolmaatschappelijk werker op elke school",
            "Geld voor schoolmaatschappelijk werk, niet alleen als project",
        ),
        ("Meer tolken bij gesprekken met ouders", "Een tolkvoorziening voor oudergesprekken"),
        (
            "Vaste financiering voor een jongerenwerker op school",
            "Structureel geld voor jongerenwerk in en rond de school",
        ),
    ],
)
def test_plain_paraphrases_group(beheerder, region, other_region, theme, left, right):
    """Synonyms (werk/werker, tolk/tolkvoorziening, jongerenwerk/jongerenwerker) and
    compound splitting (oudergesprek) make these meet, in two regions."""
    a = _signal(beheerder, region, theme, left)
    b = _signal(beheerder, other_region, theme, right)
    assert a.group_id == b.group_id


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # "Structureel geld" is how most signals begin; it says nothing about what is asked.
        ("Structureel geld voor de voorschool", "Structureel geld voor huiswerkbegeleiding"),
        (
            "Blijvende middelen voor een jongerenwerker in de buurt",
            "Structureel budget voor een schoolmaatschappelijk werker",
        ),
        (
            "Een vaste plek voor huiswerkbegeleiding in de wijk",
            "Structureel budget voor een schoolmaatschappelijk werker",
        ),
    ],
)
def test_different_asks_stay_apart(beheerder, region, theme, left, right):
    a = _signal(beheerder, region, theme, left)
    b = _signal(beheerder, region, theme, right)
    assert a.group_id != b.group_id


def test_group_label_is_its_most_central_member(beheerder, region, other_region, theme):
    texts = [
        "Tolken bij oudergesprekken, ook in de kinderopvang en op de peuterspeelzaal",
        "Meer tolken bij gesprekken met ouders",
        "Tolken bij gesprekken met ouders op school",
        "Een tolkvoorziening voor oudergesprekken",
    ]
    signals = [
        _signal(beheerder, (region, other_region)[n % 2], theme, text)
        for n, text in enumerate(texts)
    ]
    assert len({s.group_id for s in signals}) == 1
    group = SignalGroup.objects.get()
    assert group.label == "Meer tolken bij gesprekken met ouders"  # not the first one
    assert group.theme == theme


def test_group_theme_needs_a_majority(beheerder, region, other_region):
    taal, ouders = ThemeFactory(title="Taal"), ThemeFactory(title="Ouders")
    a = _signal(beheerder, region, taal, "Tolken bij gesprekken met ouders op school")
    b = _signal(beheerder, other_region, ouders, "Meer tolken bij gesprekken met ouders")
    group = SignalGroup.objects.get(pk=a.group_id)
    assert b.group_id == group.pk and group.theme is None  # one each: no theme
    _signal(beheerder, other_region, taal, "Een tolkvoorziening voor oudergesprekken")
    group.refresh_from_db()
    assert group.theme == taal


def test_manual_group_keeps_its_label(beheerder, region, theme):
    a = _signal(beheerder, region, theme, "Tolken bij gesprekken met ouders op school")
    signal_group_rename(user=beheerder, group=a.group, label="Tolken voor ouders")
    _signal(beheerder, region, theme, "Meer tolken bij gesprekken met ouders")
    a.group.refresh_from_db()
    assert a.group.label == "Tolken voor ouders" and a.group.signals.count() == 2


def test_regroup_reanalyses_and_keeps_manual_groups(beheerder, region, theme):
    a = _signal(
        beheerder, region, theme, "structureel budget voor een schoolmaatschappelijk werker"
    )
    b = _signal(beheerder, region, theme, "Structureel geld voor de voorschool")
    manual = _signal(beheerder, region, theme, "Vervoer naar de zwemles voor kinderen uit het dorp")
    signal_group_rename(user=beheerder, group=manual.group, label="Zwemles")
    # As stored by an older analysis: separate groups, different tokens.
    c = Signal.objects.create(
        meetup=b.meetup,
        meetup_theme=b.meetup_theme,
        text="structureel geld voor schoolmaatschappelijk werk",
        tokens=["werk"],
        group=SignalGroup.objects.create(label="oud"),
    )
    result = signals_regroup()
    assert result == {"signals": 4, "groups": 2}
    a.refresh_from_db()
    c.refresh_from_db()
    manual.refresh_from_db()
    assert a.group_id == c.group_id and "=schoolmaatschapp_werk" in c.tokens
    assert manual.group.label == "Zwemles" and manual.group.is_manual
    assert not SignalGroup.objects.filter(label="oud").exists()


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


def test_regroup_command_json(beheerder, region, theme):
    import json

    from django.core.management import call_command

    _signal(beheerder, region, theme, "Meer tolken bij gesprekken met ouders")
    _signal(beheerder, region, theme, "Een tolkvoorziening voor oudergesprekken")
    out = io.StringIO()
    call_command("afspraken-regroup-signals", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"signals": 2, "groups": 1}
