"""Engine behaviour a coordinator notices: explanations, unmatched reasons, locked and
forbidden pairs."""

from __future__ import annotations

import pytest

from kansenwerk.koppelen.matching.engine import MatchInputError, match_cohort
from kansenwerk.koppelen.matching.explain import format_km, slot_label

from .conftest import person


def test_pair_explanation_in_dutch():
    mentor = person(
        "r1",
        languages=("Nederlands", "Arabisch"),
        home_language="Arabisch",
        interests=("voetbal", "koken"),
        postcode="1055",
    )
    mentee = person(
        "e1",
        languages=("Arabisch",),
        home_language="arabisch",
        interests=("Voetbal",),
        postcode="1059",
    )
    result = match_cohort(mentors=[mentor], mentees=[mentee])
    (pair,) = result.pairs
    assert pair.reasons[:2] == ("zelfde thuistaal (arabisch)", "beiden woensdagmiddag beschikbaar")
    assert "ca. 2,2 km (geschat uit de postcodes)" in pair.reasons
    assert "gedeelde interesses: Voetbal" in pair.reasons
    assert result.unmatched == ()


def test_dutch_formatting_helpers():
    assert format_km(1.24) == "1,2 km"
    assert format_km(12.4) == "12 km"
    assert format_km(1234) == "1.234 km"
    assert slot_label("wo-middag") == "woensdagmiddag"
    assert slot_label("zondagochtend") == "zondagochtend"


def test_unmatched_reasons_tell_whom_to_recruit():
    mentors = [person("r1", capacity=1, languages=("Nederlands",), slots=("ma-avond",))]
    mentees = [
        person("e1", languages=("Tigrinya",)),
        person("e2", languages=("Nederlands",), slots=("vr-middag",)),
        person("e3", languages=("Nederlands",), slots=("ma-avond",), postcode="1056"),
        person("e4", languages=("Nederlands",), slots=("ma-avond",), postcode="9999"),
    ]
    result = match_cohort(mentors=mentors, mentees=mentees)
    reasons = {u.id: u.reason for u in result.unmatched}
    assert [p.mentee for p in result.pairs] == ["e3"]  # closest of the two who fit
    assert reasons["e1"] == "geen mentor spreekt Tigrinya"
    assert reasons["e2"].startswith(
        "geen mentor die Nederlands spreekt, is beschikbaar op de gevraagde dagdelen"
    )
    assert "vrijdagmiddag" in reasons["e2"]
    assert reasons["e4"] == "de enige passende mentor zit vol"


def test_idle_mentor_is_listed_with_reason():
    mentors = [person("r1"), person("r2", languages=("Pools",))]
    result = match_cohort(mentors=mentors, mentees=[person("e1")])
    idle = [u for u in result.unmatched if u.side == "mentor"]
    assert [(u.id, u.reason) for u in idle] == [
        ("r2", "geen mentee spreekt een taal van deze mentor (Pools)")
    ]


def test_vog_required_for_minors():
    mentors = [
        person("r1", has_vog=False, postcode="1055"),
        person("r2", has_vog=True, postcode="3511"),
    ]
    result = match_cohort(mentors=mentors, mentees=[person("e1", is_minor=True, postcode="1055")])
    assert [(p.mentor, p.mentee) for p in result.pairs] == [("r2", "e1")]
    assert "mentor heeft een VOG" in result.pairs[0].reasons


def test_locked_pair_is_kept_and_uses_capacity_and_rest_is_rerun():
    mentors = [person("r1", capacity=1, postcode="1055"), person("r2", capacity=1, postcode="1099")]
    mentees = [person("e1", postcode="1055"), person("e2", postcode="1055")]
    free = match_cohort(mentors=mentors, mentees=mentees)
    assert len(free.pairs) == 2
    locked = match_cohort(mentors=mentors, mentees=mentees, locked=[("r1", "e2")])
    pairs = {(p.mentor, p.mentee): p for p in locked.pairs}
    assert set(pairs) == {("r1", "e2"), ("r2", "e1")}
    assert (
        pairs[("r1", "e2")].locked
        and pairs[("r1", "e2")].reasons[0] == "vastgezet door de coördinator"
    )


def test_forbidden_pair_is_never_proposed():
    mentors = [person("r1", capacity=1)]
    result = match_cohort(mentors=mentors, mentees=[person("e1")], forbidden=[("r1", "e1")])
    assert result.pairs == ()
    assert (
        result.unmatched[0].reason
        == "alle passende koppelingen zijn door de coördinator uitgesloten"
    )


def test_bad_locks_are_refused_in_dutch():
    mentors = [person("r1", capacity=1)]
    mentees = [person("e1"), person("e2")]
    with pytest.raises(MatchInputError, match="meer vastgezette mentees dan plaatsen"):
        match_cohort(mentors=mentors, mentees=mentees, locked=[("r1", "e1"), ("r1", "e2")])
    with pytest.raises(MatchInputError, match="onbekende mentor of mentee"):
        match_cohort(mentors=mentors, mentees=mentees, locked=[("r9", "e1")])


def test_optimal_beats_first_come_first_served():
    # e1 comes first and would take r1, leaving e2 (who only fits r1) without a mentor.
    mentors = [person("r1", slots=("wo-middag", "vr-avond")), person("r2", slots=("vr-avond",))]
    mentees = [person("e1", slots=("wo-middag", "vr-avond")), person("e2", slots=("wo-middag",))]
    greedy = match_cohort(mentors=mentors, mentees=mentees, method="greedy")
    optimal = match_cohort(mentors=mentors, mentees=mentees)
    assert len(greedy.pairs) == 1
    assert {(p.mentor, p.mentee) for p in optimal.pairs} == {("r1", "e2"), ("r2", "e1")}
