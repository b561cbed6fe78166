"""Dutch explanations: why a pair fits, and why somebody stayed unmatched (so the
coordinator knows whom to recruit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from kansenwerk.core.i18n import _

from .people import Person
from .rules import Rules

DAY_NAMES = {
    "ma": "maandag",
    "di": "dinsdag",
    "wo": "woensdag",
    "do": "donderdag",
    "vr": "vrijdag",
    "za": "zaterdag",
    "zo": "zondag",
}
PART_NAMES = {"ochtend", "middag", "avond", "namiddag"}


RULE_LABELS = {
    "languages": "gedeelde taal",
    "availability": "gedeeld dagdeel",
    "distance": "maximale afstand",
    "vog": "VOG",
    "gender": "voorkeur voor geslacht",
    "year_group": "verschil in jaargroep",
}


def rule_label(rule: str) -> str:
    """Dutch name of a hard rule for explanations ('vog' -> 'VOG')."""
    if rule in RULE_LABELS:
        return _(RULE_LABELS[rule])
    return _("zelfde %(name)s") % {"name": rule.removeprefix("attribute:")}


def slot_label(slot: str) -> str:
    """'wo-middag' -> 'woensdagmiddag'; unknown codes are shown as typed."""
    day, _sep, part = slot.strip().casefold().partition("-")
    if day in DAY_NAMES and part in PART_NAMES:
        return DAY_NAMES[day] + part
    return slot.strip()


def format_km(km: float) -> str:
    """Dutch number formatting: one decimal below 10 km ('1,2 km'), whole km above ('12 km')."""
    if km < 10:
        return f"{km:.1f}".replace(".", ",") + " km"
    return f"{km:,.0f}".replace(",", ".") + " km"


def join_and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def join_or(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s of %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@lru_cache(maxsize=65536)
def _folded(values: frozenset[str]) -> frozenset[str]:
    # People's sets are frozensets shared between pairs: fold each set once per run.
    return frozenset(value.strip().casefold() for value in values)


def _shared(mine: Iterable[str], theirs: Iterable[str]) -> list[str]:
    """Values both sides have, in the mentee's spelling and order of first appearance
    (sorted for stable output)."""
    other = _folded(theirs) if isinstance(theirs, frozenset) else _folded(frozenset(theirs))
    if not other:
        return []
    return sorted(
        {value.strip() for value in mine if value.strip().casefold() in other}, key=str.casefold
    )


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


def pair_reasons(
    *, mentor: Person, mentee: Person, km: float, km_is_estimate: bool, rules: Rules
) -> list[str]:
    """Dutch sentences that explain a pair, strongest common ground first."""
    reasons: list[str] = []
    same_home = _same(mentor.home_language, mentee.home_language)
    if same_home:
        reasons.append(
            _("zelfde thuistaal (%(language)s)")
            % {"language": (mentee.home_language or "").strip()}
        )
    languages = [
        lang
        for lang in _shared(mentee.languages, mentor.languages)
        if not (same_home and _same(lang, mentee.home_language))
    ]
    if languages:
        reasons.append(_("spreken allebei %(languages)s") % {"languages": join_and(languages)})
    slots = _shared(mentee.availability, mentor.availability)
    if slots:
        reasons.append(
            _("beiden %(slots)s beschikbaar") % {"slots": join_and([slot_label(s) for s in slots])}
        )
    if np.isnan(km):
        if rules.soft.distance > 0 or rules.hard.max_distance_km is not None:
            reasons.append(_("afstand onbekend"))
    else:
        if km == 0:
            reasons.append(
                _("zelfde postcodegebied (%(postcode)s)") % {"postcode": mentee.postcode}
            )
        elif km_is_estimate:
            reasons.append(
                _("ca. %(distance)s (geschat uit de postcodes)") % {"distance": format_km(km)}
            )
        else:
            reasons.append(format_km(km))
    interests = _shared(mentee.interests, mentor.interests)
    if interests:
        reasons.append(_("gedeelde interesses: %(interests)s") % {"interests": join_and(interests)})
    needs = _shared(mentee.needs, mentor.needs)
    if needs:
        reasons.append(_("mentor kan helpen met %(needs)s") % {"needs": join_and(needs)})
    if _same(mentee.gender_preference, mentor.gender):
        reasons.append(
            _("mentor is %(gender)s, zoals gewenst") % {"gender": (mentor.gender or "").strip()}
        )
    if mentee.is_minor and mentor.has_vog:
        reasons.append(_("mentor heeft een VOG"))
    if (
        rules.hard.min_year_group_gap > 0
        and mentor.year_group is not None
        and mentee.year_group is not None
    ):
        reasons.append(
            _("mentor zit in jaargroep %(mentor)d, mentee in %(mentee)d")
            % {"mentor": mentor.year_group, "mentee": mentee.year_group}
        )
    for name in (*rules.hard.same_attributes, *rules.soft.attributes):
        if _same(mentee.attributes.get(name), mentor.attributes.get(name)):
            reasons.append(
                _("zelfde %(name)s (%(value)s)") % {"name": name, "value": mentee.attributes[name]}
            )
    return list(dict.fromkeys(reasons))


def _missing_languages(*, person: Person, others: Sequence[Person]) -> list[str]:
    spoken = {lang.strip().casefold() for other in others for lang in other.languages}
    return sorted(
        {lang.strip() for lang in person.languages if lang.strip().casefold() not in spoken},
        key=str.casefold,
    )


def mentee_rule_reason(
    *,
    rule: str,
    mentee: Person,
    mentors: Sequence[Person],
    survivors: Sequence[Person],
    rules: Rules,
) -> str:
    """Reason for a mentee when hard rule `rule` removed the last candidates (`survivors`
    passed the earlier rules)."""
    if rule == "languages":
        if not mentee.languages:
            return _("geen talen opgegeven voor deze mentee")
        missing = _missing_languages(person=mentee, others=mentors)
        if rules.hard.min_shared_languages <= 1 or len(missing) == len(mentee.languages):
            return _("geen mentor spreekt %(languages)s") % {
                "languages": join_or(missing or sorted(mentee.languages))
            }
        return _("geen mentor spreekt minstens %(count)d van de talen %(languages)s") % {
            "count": rules.hard.min_shared_languages,
            "languages": join_and(sorted(mentee.languages)),
        }
    if rule == "availability":
        slots = join_and([slot_label(s) for s in sorted(mentee.availability)]) or _(
            "geen opgegeven"
        )
        if rules.hard.min_shared_languages > 0 and mentee.languages:
            spoken = _shared(mentee.languages, [lang for m in survivors for lang in m.languages])
            return _(
                "geen mentor die %(languages)s spreekt, is beschikbaar op de gevraagde "
                "dagdelen (%(slots)s)"
            ) % {
                "languages": join_or(spoken),
                "slots": slots,
            }
        return _("geen mentor beschikbaar op de gevraagde dagdelen (%(slots)s)") % {"slots": slots}
    if rule == "distance":
        if not mentee.postcode:
            return _(
                "postcode van de mentee ontbreekt, dus de maximale afstand is niet te controleren"
            )
        return _("geen passende mentor binnen %(distance)s van postcode %(postcode)s") % {
            "distance": format_km(rules.hard.max_distance_km or 0),
            "postcode": mentee.postcode,
        }
    if rule == "vog":
        return _("geen passende mentor met een VOG (verplicht voor mentoren van minderjarigen)")
    if rule == "gender":
        return _("geen passende mentor die %(gender)s is") % {"gender": mentee.gender_preference}
    if rule == "year_group":
        return _("geen passende mentor die minstens %(gap)d jaargroep(en) hoger zit") % {
            "gap": rules.hard.min_year_group_gap
        }
    name = rule.removeprefix("attribute:")
    value = mentee.attributes.get(name)
    if not value:
        return _("kenmerk '%(name)s' ontbreekt bij deze mentee") % {"name": name}
    return _("geen passende mentor met %(name)s '%(value)s'") % {"name": name, "value": value}


def mentor_rule_reason(*, rule: str, mentor: Person) -> str:
    """Reason for a mentor without any mentee, named after the first rule that left no mentee."""
    texts = {
        "languages": _("geen mentee spreekt een taal van deze mentor (%(languages)s)")
        % {"languages": join_and(sorted(mentor.languages))},
        "availability": _(
            "geen mentee met een gedeelde taal is beschikbaar op de dagdelen van deze "
            "mentor (%(slots)s)"
        )
        % {"slots": join_and([slot_label(s) for s in sorted(mentor.availability)])},
        "distance": _("geen passende mentee woont dichtbij genoeg"),
        "vog": _("passende mentees zijn minderjarig en deze mentor heeft (nog) geen VOG"),
        "gender": _("passende mentees hebben een andere voorkeur voor het geslacht van de mentor"),
        "year_group": _("geen passende mentee zit voldoende jaargroepen lager"),
    }
    return texts.get(
        rule,
        _("geen mentee met hetzelfde kenmerk '%(name)s'")
        % {"name": rule.removeprefix("attribute:")},
    )


def capacity_reason(*, count: int) -> str:
    if count == 1:
        return _("de enige passende mentor zit vol")
    return _("alle %(count)d passende mentoren zitten vol") % {"count": count}


FORBIDDEN_REASON = "alle passende koppelingen zijn door de coördinator uitgesloten"
MENTOR_TAKEN_REASON = "alle passende mentees zijn al aan een andere mentor gekoppeld"
NO_MENTORS_REASON = "er zijn geen mentoren met vrije plaatsen"


# --- Points a person understands ---------------------------------------------------------

POINT_LABELS = {
    "languages": "taal",
    "availability": "dagdeel",
    "distance": "afstand",
    "interests": "interesses",
    "home_language": "thuistaal",
    "needs": "hulpvraag",
    "gender": "voorkeur geslacht",
}


def point_label(key: str) -> str:
    if key in POINT_LABELS:
        return _(POINT_LABELS[key])
    return key.removeprefix("attribute:")


def pair_points(
    *, mentor: Person, mentee: Person, km: float, rules: Rules
) -> list[tuple[str, bool]]:
    """The criteria that apply to this pair, each met or not: (key, met).

    A criterion only counts when it can apply: home language, help needed and a preferred
    gender only when the mentee gave one; distance and interests only when the programme
    weighs them. Language and day are always points (hard rules by default).
    """
    soft, hard = rules.soft, rules.hard
    points: list[tuple[str, bool]] = [
        ("languages", bool(_shared(mentee.languages, mentor.languages))),
        ("availability", bool(_shared(mentee.availability, mentor.availability))),
    ]
    if soft.distance > 0 or hard.max_distance_km is not None:
        limit = hard.max_distance_km if hard.max_distance_km is not None else soft.distance_scale_km
        points.append(("distance", bool(not np.isnan(km) and km <= limit)))
    if soft.shared_interests > 0:
        points.append(("interests", bool(_shared(mentee.interests, mentor.interests))))
    if soft.home_language > 0 and mentee.home_language:
        points.append(("home_language", _same(mentor.home_language, mentee.home_language)))
    if soft.shared_needs > 0 and mentee.needs:
        points.append(("needs", bool(_shared(mentee.needs, mentor.needs))))
    if (soft.gender_preference > 0 or hard.gender_preference_is_hard) and mentee.gender_preference:
        points.append(("gender", _same(mentee.gender_preference, mentor.gender)))
    for name in (*hard.same_attributes, *soft.attributes):
        if mentee.attributes.get(name):
            points.append(
                (
                    f"attribute:{name}",
                    _same(mentee.attributes.get(name), mentor.attributes.get(name)),
                )
            )
    return list(dict.fromkeys(points))


def best_possible_score(*, mentee: Person, rules: Rules) -> float:
    """The highest fit any mentor could reach with this mentee: weights of criteria that do
    not apply to the mentee (no home language, no help asked, no preference) are left out."""
    soft = rules.soft
    total = soft.distance + soft.extra_availability
    if mentee.interests:
        total += soft.shared_interests
    if mentee.home_language:
        total += soft.home_language
    if mentee.gender_preference:
        total += soft.gender_preference
    if mentee.needs:
        total += soft.shared_needs
    total += sum(w for name, w in soft.attributes.items() if mentee.attributes.get(name))
    return total


def points_summary(points: Sequence[Sequence]) -> str:
    """'past op 4 van 5 punten: taal, dagdeel, afstand en interesses (niet: thuistaal)'."""
    met = [point_label(str(key)) for key, ok in points if ok]
    missed = [point_label(str(key)) for key, ok in points if not ok]
    text = _("past op %(met)d van %(total)d punten") % {"met": len(met), "total": len(points)}
    if met:
        text += ": " + join_and(met)
    if missed:
        text += _(" (niet: %(missed)s)") % {"missed": join_and(missed)}
    return text


def points_explained(*, rules: Rules, steps: Sequence[str] = ()) -> list[str]:
    """How matching works for a programme with these rules, in plain Dutch."""
    hard, soft = rules.hard, rules.soft
    lines = [
        _(
            "We koppelen alleen mensen die minstens %(languages)d taal delen en op minstens "
            "%(slots)d dagdeel allebei kunnen."
        )
        % {"languages": hard.min_shared_languages, "slots": hard.min_shared_availability}
    ]
    if hard.max_distance_km is not None:
        lines.append(
            _("De afstand tussen de postcodegebieden is hoogstens %(km)s.")
            % {"km": format_km(hard.max_distance_km)}
        )
    if hard.require_vog_for_minors:
        lines.append(
            _("Een mentor van een kind heeft altijd een Verklaring Omtrent het Gedrag (VOG).")
        )
    if steps:
        lines.append(
            _("Mentoren worden pas gekoppeld na: %(steps)s.")
            % {"steps": join_and([_(STEP_NAMES.get(s, s)) for s in steps])}
        )
    wishes = []
    if soft.distance > 0:
        wishes.append(_("dichtbij wonen"))
    if soft.shared_interests > 0:
        wishes.append(_("gedeelde interesses"))
    if soft.home_language > 0:
        wishes.append(_("dezelfde thuistaal"))
    if soft.shared_needs > 0:
        wishes.append(_("een mentor die kan helpen met wat gevraagd wordt"))
    if soft.gender_preference > 0:
        wishes.append(_("een voorkeur voor een man of een vrouw als mentor"))
    if wishes:
        lines.append(
            _("Daarna letten we op: %(wishes)s. Elke koppeling krijgt punten voor wat klopt.")
            % {"wishes": join_and(wishes)}
        )
    lines.append(
        _(
            "De computer zoekt de verdeling waarbij zoveel mogelijk mensen een goede match "
            "krijgen. Een coördinator bekijkt elk voorstel voordat iemand wordt gebeld."
        )
    )
    return lines


STEP_NAMES = {
    "intake_talk": "een intakegesprek",
    "vog": "een ontvangen VOG",
    "training": "een training",
}
