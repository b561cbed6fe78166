"""Running the matcher for a programme and the coordinator's decisions on its proposals.

Stored matches are the memory between runs: locked and started pairs are kept as they are,
rejected and ended pairs are never proposed again, and proposals are replaced by each run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.audit import record_change
from kansenwerk.core.types import AnyUser

from ..matching.distance import CentroidDistance, DistanceModel, UnknownDistance
from ..matching.engine import METHODS, MatchInputError, match_cohort
from ..matching.people import MatchResult, Person
from ..matching.rules import Rules, RulesError
from ..models import Match, Participant, PostcodeCentroid, Programme
from .programmes import ensure_coordinator
from .screening import step_label

KEPT = (Match.Status.LOCKED, Match.Status.ACCEPTED)
NEVER_AGAIN = (Match.Status.REJECTED, Match.Status.ENDED)
MOVABLE = (Match.Status.PROPOSED, Match.Status.LOCKED)


def participant_person(*, participant: Participant, programme: Programme) -> Person:
    """The matcher's view of a participant. In programmes where the mentor comes into a
    family with children, the VOG rule applies to every mentee."""
    family = programme.kind == Programme.Kind.VRIJWILLIGER_GEZIN
    return Person(
        id=str(participant.pk),
        languages=frozenset(participant.languages or ()),
        availability=frozenset(participant.availability or ()),
        interests=frozenset(participant.interests or ()),
        postcode=participant.postcode_area or None,
        capacity=participant.capacity if participant.side == Participant.Side.MENTOR else 1,
        home_language=participant.home_language or None,
        gender=participant.gender or None,
        gender_preference=participant.gender_preference or None,
        has_vog=participant.has_vog,
        is_minor=participant.side == Participant.Side.MENTEE and (participant.is_minor or family),
        year_group=participant.year_group,
        needs=frozenset(participant.needs or ()),
    )


def programme_distance() -> DistanceModel:
    """Real distances from the loaded postcode centroids (`manage.py koppelen_postcodes`);
    without them every distance is unknown ("afstand onbekend") rather than made up, and a
    maximum distance cannot exclude anybody."""
    centroids = {
        code: (lat, lon)
        for code, lat, lon in PostcodeCentroid.objects.values_list("postcode", "lat", "lon")
    }
    return CentroidDistance(centroids=centroids, fallback=UnknownDistance())


def _rules(programme: Programme) -> Rules:
    try:
        return programme.matching_rules()
    except RulesError as exc:
        raise ValidationError(str(exc)) from exc


def _preferences(participants: list[Participant]) -> tuple[dict, dict] | None:
    ranked = [p for p in participants if p.ranking]
    if not ranked:
        return None
    mentee_prefs = {
        str(p.pk): [str(x) for x in p.ranking] for p in ranked if p.side == Participant.Side.MENTEE
    }
    mentor_prefs = {
        str(p.pk): [str(x) for x in p.ranking] for p in ranked if p.side == Participant.Side.MENTOR
    }
    return mentee_prefs, mentor_prefs


@transaction.atomic
def programme_run_matching(
    *, user: AnyUser | None, programme: Programme, method: str = "optimal"
) -> MatchResult:
    """Propose pairs for everybody not yet in a locked or started pair.

    Replaces earlier proposals, keeps locked/started pairs (refreshing their explanation),
    never proposes rejected or ended pairs again, and stores who stays unmatched and why.
    """
    ensure_coordinator(user=user, programme=programme)
    if method not in ("optimal", "stable"):
        raise ValidationError(_("Kies optimaal of stabiel koppelen."))
    assert method in METHODS
    everyone = list(
        programme.participants.filter(pseudonymised_at__isnull=True, withdrawn_at__isnull=True)
    )
    for p in everyone:
        p.programme = programme
    # Mentors who have not completed the programme's screening steps wait outside the run.
    waiting = {p.pk: p.screening_missing() for p in everyone if p.screening_missing()}
    # ... but pairs they already have stay: such a mentor takes part with no free places.
    held = Counter(
        programme.matches.filter(status__in=KEPT, mentor_id__in=waiting).values_list(
            "mentor_id", flat=True
        )
    )
    for p in everyone:
        if p.pk in held:
            p.capacity = held[p.pk]
            del waiting[p.pk]
    participants = [p for p in everyone if p.pk not in waiting]
    present = {p.pk for p in participants}
    existing = list(programme.matches.exclude(status=Match.Status.PROPOSED))
    kept = {
        (m.mentor_id, m.mentee_id): m
        for m in existing
        if m.status in KEPT and m.mentor_id in present and m.mentee_id in present
    }
    forbidden = {
        (str(m.mentor_id), str(m.mentee_id))
        for m in existing
        if m.status in NEVER_AGAIN and m.mentor_id in present and m.mentee_id in present
    }
    mentors = [
        participant_person(participant=p, programme=programme)
        for p in participants
        if p.side == Participant.Side.MENTOR
    ]
    mentees = [
        participant_person(participant=p, programme=programme)
        for p in participants
        if p.side == Participant.Side.MENTEE
    ]
    try:
        result = match_cohort(
            mentors=mentors,
            mentees=mentees,
            rules=_rules(programme),
            locked=[(str(a), str(b)) for a, b in kept],
            forbidden=sorted(forbidden),
            method=method,
            distance=programme_distance(),
            preferences=_preferences(participants) if method == "stable" else None,
            complete_preferences_by_fit=True,
        )
    except MatchInputError as exc:
        raise ValidationError(str(exc)) from exc
    # Proposals that come back unchanged are kept (no churn in the audit log); the rest go.
    proposals = {
        (m.mentor_id, m.mentee_id): m
        for m in programme.matches.filter(status=Match.Status.PROPOSED)
    }
    wanted = {(int(pair.mentor), int(pair.mentee)) for pair in result.pairs}
    stale = [m.pk for key, m in proposals.items() if key not in wanted]
    deleted = programme.matches.filter(pk__in=stale).delete()[0] if stale else 0
    new: list[Match] = []
    refreshed: list[Match] = []
    for pair in result.pairs:
        key = (int(pair.mentor), int(pair.mentee))
        if key in kept:
            match = kept[key]
            match.score, match.reasons = pair.score, _reasons_for(match, pair.reasons)
            match.fit = _fit(pair)
            refreshed.append(match)
        elif key in proposals:
            match = proposals[key]
            match.score, match.reasons = pair.score, list(pair.reasons)
            match.fit = _fit(pair)
            refreshed.append(match)
        else:
            new.append(
                Match(
                    programme=programme,
                    mentor_id=key[0],
                    mentee_id=key[1],
                    status=Match.Status.PROPOSED,
                    score=pair.score,
                    reasons=list(pair.reasons),
                    fit=_fit(pair),
                )
            )
    Match.objects.bulk_create(new)
    Match.objects.bulk_update(refreshed, ["score", "reasons", "fit"])
    programme.last_run = {
        "method": method,
        "run_at": timezone.now().isoformat(),
        "total_score": result.total_score,
        "share_of_best": _share_of_best(result),
        "unmatched": [
            {"participant": int(item.id), "side": item.side, "reason": item.reason}
            for item in result.unmatched
        ]
        + [
            {
                "participant": pk,
                "side": Participant.Side.MENTOR,
                "reason": _("nog niet gekoppeld: eerst nog %(steps)s")
                % {"steps": ", ".join(step_label(step) for step in missing)},
            }
            for pk, missing in waiting.items()
        ],
    }
    programme.save(update_fields=["last_run", "updated_at"])
    # bulk_create/bulk_update bypass the per-row log: one entry on the programme sums it up.
    record_change(
        instance=programme,
        action="update",
        changes={
            "koppelronde": [
                None,
                {
                    "method": method,
                    "proposed": len(new),
                    "kept": len(refreshed),
                    "replaced_proposals": deleted,
                    "unmatched": len(result.unmatched),
                },
            ]
        },
    )
    return result


def _share_of_best(result: MatchResult) -> int | None:
    """All pairs' fit together as a percentage of what these mentees could get at best."""
    best = sum(pair.best for pair in result.pairs)
    if best <= 0:
        return None
    return min(100, round(100 * sum(pair.score for pair in result.pairs) / best))


def _fit(pair) -> dict[str, Any]:
    return {"points": [[key, bool(ok)] for key, ok in pair.points], "best": pair.best}


def _set_status(
    *, user: AnyUser | None, match: Match, allowed: tuple[str, ...], status: str
) -> Match:
    ensure_coordinator(user=user, programme=match.programme)
    if match.status not in allowed:
        raise ValidationError(
            _("Deze koppeling is %(status)s en kan dat niet meer worden.")
            % {"status": match.get_status_display()}
        )
    match.status = status
    return match


@transaction.atomic
def match_lock(*, user: AnyUser | None, match: Match) -> Match:
    """Keep this pair when the matcher runs again."""
    _set_status(
        user=user, match=match, allowed=(Match.Status.PROPOSED,), status=Match.Status.LOCKED
    )
    match.save(update_fields=["status", "updated_at"])
    return match


@transaction.atomic
def match_unlock(*, user: AnyUser | None, match: Match) -> Match:
    _set_status(
        user=user, match=match, allowed=(Match.Status.LOCKED,), status=Match.Status.PROPOSED
    )
    match.save(update_fields=["status", "updated_at"])
    return match


@transaction.atomic
def match_accept(*, user: AnyUser | None, match: Match, started_on=None) -> Match:
    """The pair starts: follow-up (meetings, check-ins after 4 and 12 weeks) begins now."""
    _set_status(user=user, match=match, allowed=MOVABLE, status=Match.Status.ACCEPTED)
    match.started_on = started_on or timezone.localdate()
    match.save(update_fields=["status", "started_on", "updated_at"])
    return match


@transaction.atomic
def match_reject(*, user: AnyUser | None, match: Match) -> Match:
    """Exclude this pair: the matcher never proposes it again."""
    _set_status(user=user, match=match, allowed=MOVABLE, status=Match.Status.REJECTED)
    match.save(update_fields=["status", "updated_at"])
    return match


def _reasons_for(match: Match, reasons) -> list[str]:
    """A started pair needs no "fixed by the coordinator" note unless it breaks a rule."""
    reasons = list(reasons)
    if (
        match.status == Match.Status.ACCEPTED
        and reasons
        and reasons[0] == _("vastgezet door de coördinator")
    ):
        return reasons[1:]
    return reasons


def _explain(*, programme: Programme, mentor: Participant, mentee: Participant):
    result = match_cohort(
        mentors=[replace(participant_person(participant=mentor, programme=programme), capacity=1)],
        mentees=[participant_person(participant=mentee, programme=programme)],
        rules=_rules(programme),
        distance=programme_distance(),
        locked=[(str(mentor.pk), str(mentee.pk))],
    )
    return result.pairs[0]


def explain_pair(
    *, programme: Programme, mentor: Participant, mentee: Participant
) -> tuple[float, list[str]]:
    pair = _explain(programme=programme, mentor=mentor, mentee=mentee)
    return pair.score, list(pair.reasons)


@transaction.atomic
def match_swap(*, user: AnyUser | None, match: Match, other: Match) -> tuple[Match, Match]:
    """Swap the mentors of two proposed or locked pairs; both are then locked, with a fresh
    explanation that also says which hard rules the new pairs break, if any."""
    ensure_coordinator(user=user, programme=match.programme)
    if match.programme_id != other.programme_id or match.pk == other.pk:
        raise ValidationError(_("Kies twee verschillende koppelingen uit hetzelfde programma."))
    for item in (match, other):
        if item.status not in MOVABLE:
            raise ValidationError(
                _("Alleen voorgestelde of vastgezette koppelingen kunnen ruilen.")
            )
    if match.mentor_id == other.mentor_id:
        raise ValidationError(_("Deze twee koppelingen hebben dezelfde mentor."))
    new_pairs = ((other.mentor_id, match.mentee_id), (match.mentor_id, other.mentee_id))
    blocked = Match.objects.filter(programme_id=match.programme_id, status__in=NEVER_AGAIN)
    for mentor_id, mentee_id in new_pairs:
        if blocked.filter(mentor_id=mentor_id, mentee_id=mentee_id).exists():
            raise ValidationError(
                _("Een van de nieuwe koppelingen is eerder uitgesloten of beëindigd.")
            )
    match.mentor, other.mentor = other.mentor, match.mentor
    for item in (match, other):
        item.status = Match.Status.LOCKED
        pair = _explain(programme=match.programme, mentor=item.mentor, mentee=item.mentee)
        item.score, item.reasons, item.fit = pair.score, list(pair.reasons), _fit(pair)
        item.save()
    return match, other
