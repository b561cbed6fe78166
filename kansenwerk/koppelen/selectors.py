"""Reads for koppelen, including the one place that decides who may see a programme.

Only a programme's coordinators (and a beheerder) see anything of it: participants are
often minors, so regional rights alone are not enough.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from kansenwerk.core.models import User
from kansenwerk.core.permissions import Capability, writable_region_ids
from kansenwerk.core.types import AnyUser, signed_in

from .models import CheckIn, Match, Participant, Programme

CHECKIN_WEEKS = (4, 12)
CHECKIN_WINDOW_DAYS = 7  # a check-in shows up as "to do" one week before it is due


def _account(user: AnyUser | None) -> User | None:
    """The active signed-in account behind `user`, or None."""
    account = signed_in(user)
    return account if account is not None and account.is_active else None


def programmes_for_user(*, user: AnyUser | None) -> QuerySet[Programme]:
    """The programmes `user` coordinates (all of them for a beheerder)."""
    account = _account(user)
    if account is None:
        return Programme.objects.none()
    qs = Programme.objects.select_related("region", "owner")
    if not account.is_beheerder:
        qs = qs.filter(coordinators=account)
    return qs.annotate(
        n_mentors=Count("participants", filter=Q(participants__side="mentor"), distinct=True),
        n_mentees=Count("participants", filter=Q(participants__side="mentee"), distinct=True),
    ).order_by("name", "id")


def can_create_programme(*, user: AnyUser | None) -> bool:
    """Beheerders and regiocoördinatoren start programmes in their regions."""
    return (
        _account(user) is not None
        and writable_region_ids(user, capability=Capability.KOPPELEN) != frozenset()
    )


def coordinator_candidates(*, region_id: int) -> QuerySet[User]:
    """Who may coordinate a programme in this region: active beheerders and the region's
    active regiocoördinatoren. Participants are often minors, so nobody else is given
    access to their intake by being made coordinator."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(role=User.Role.BEHEERDER)
            | Q(role=User.Role.REGIOCOORDINATOR, regions__id=region_id)
        )
        .distinct()
        .order_by("username")
    )


def programme_for_user(*, user: AnyUser | None, programme_id: int) -> Programme:
    """The programme if `user` is one of its coordinators or a beheerder; PermissionDenied
    otherwise (Http404 when it does not exist)."""
    account = _account(user)
    if account is None:
        raise PermissionDenied(_("Log in om koppelprogramma's te bekijken."))
    try:
        programme = Programme.objects.select_related("region", "owner").get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if account.is_beheerder or programme.coordinators.filter(pk=account.pk).exists():
        return programme
    raise PermissionDenied(
        _("Alleen de coördinatoren van dit programma kunnen de gegevens van deelnemers zien.")
    )


def participant_for_user(
    *, user: AnyUser | None, programme_id: int, participant_id: int
) -> Participant:
    programme = programme_for_user(user=user, programme_id=programme_id)
    try:
        participant = programme.participants.get(pk=participant_id)
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    participant.programme = programme
    return participant


def match_for_user(*, user: AnyUser | None, programme_id: int, match_id: int) -> Match:
    programme = programme_for_user(user=user, programme_id=programme_id)
    try:
        match = programme.matches.select_related("mentor", "mentee").get(pk=match_id)
    except (Match.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    match.programme = programme
    return match


def participant_list(*, programme: Programme, side: str | None = None) -> QuerySet[Participant]:
    """Participants with their active match (if any) prefetched."""
    qs = programme.participants.all()
    if side:
        qs = qs.filter(side=side)
    active = Match.objects.filter(status__in=Match.ACTIVE).select_related("mentor", "mentee")
    return qs.prefetch_related(
        Prefetch("matches_as_mentor", queryset=active, to_attr="active_as_mentor"),
        Prefetch("matches_as_mentee", queryset=active, to_attr="active_as_mentee"),
    ).order_by("display_name", "id")


def match_list(*, programme: Programme, statuses: tuple[str, ...] | None = None) -> QuerySet[Match]:
    qs = programme.matches.select_related("mentor", "mentee")
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.order_by("mentor__display_name", "mentee__display_name", "id")


@dataclass(frozen=True)
class DueCheckIn:
    match: Match
    week: int
    due_on: datetime.date
    overdue: bool


def checkins_due(*, programme: Programme, today: datetime.date | None = None) -> list[DueCheckIn]:
    """Check-ins of started pairs that are due within a week (or overdue) and not done yet."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=CHECKIN_WINDOW_DAYS)
    matches = (
        programme.matches.filter(status=Match.Status.ACCEPTED, started_on__isnull=False)
        .select_related("mentor", "mentee")
        .prefetch_related("checkins")
    )
    due: list[DueCheckIn] = []
    for match in matches:
        started_on: datetime.date = match.started_on  # type: ignore[assignment]  # filtered
        done = {checkin.week for checkin in match.checkins.all()}
        for week in CHECKIN_WEEKS:
            due_on = started_on + datetime.timedelta(weeks=week)
            if week not in done and due_on <= horizon:
                due.append(
                    DueCheckIn(match=match, week=week, due_on=due_on, overdue=due_on < today)
                )
    return sorted(due, key=lambda item: (item.due_on, item.match.pk))


def programme_overview(*, programme: Programme) -> dict[str, Any]:
    """Counts a coordinator (and the region) uses to see what the programme achieves."""
    participants = programme.participants.aggregate(
        mentors=Count("id", filter=Q(side="mentor")),
        mentees=Count("id", filter=Q(side="mentee")),
        current_mentees=Count("id", filter=Q(side="mentee", pseudonymised_at__isnull=True)),
    )
    statuses = Counter(dict(programme.matches.values_list("status").annotate(n=Count("id"))))
    ended = programme.matches.filter(status=Match.Status.ENDED)
    early = Counter(
        dict(
            ended.exclude(early_end_reason="")
            .values_list("early_end_reason")
            .annotate(n=Count("id"))
        )
    )
    labels = dict(Match.EndReason.choices)
    checkins = Counter(
        dict(
            CheckIn.objects.filter(match__programme=programme)
            .values_list("week")
            .annotate(n=Count("id"))
        )
    )
    mentees_matched = (
        programme.matches.filter(status__in=Match.ACTIVE).values("mentee").distinct().count()
    )
    return {
        "mentors": participants["mentors"],
        "mentees": participants["mentees"],
        "proposed": statuses.get(Match.Status.PROPOSED, 0) + statuses.get(Match.Status.LOCKED, 0),
        "active": statuses.get(Match.Status.ACCEPTED, 0),
        "ended": statuses.get(Match.Status.ENDED, 0),
        "ended_early": sum(early.values()),
        "early_reasons": [
            (labels.get(reason, reason), count) for reason, count in early.most_common()
        ],
        "mentees_waiting": participants["current_mentees"] - mentees_matched,
        "checkins_week_4": checkins.get(4, 0),
        "checkins_week_12": checkins.get(12, 0),
    }


def koppelen_region_summary(region: Any) -> dict[str, Any]:
    """Figures for regio-inzicht: no personal data, only counts over the region's programmes.

    Returns {"programmes", "mentors", "mentees", "active", "ended", "ended_early",
    "early_reasons": [(label, count)], "mentees_waiting", "checkins_done"}.
    """
    region_id = getattr(region, "pk", region)
    programmes = Programme.objects.filter(region_id=region_id)
    participants = Participant.objects.filter(programme__region_id=region_id).aggregate(
        mentors=Count("id", filter=Q(side="mentor")),
        mentees=Count("id", filter=Q(side="mentee")),
        current_mentees=Count("id", filter=Q(side="mentee", pseudonymised_at__isnull=True)),
    )
    matches = Match.objects.filter(programme__region_id=region_id)
    statuses = Counter(dict(matches.values_list("status").annotate(n=Count("id"))))
    early = Counter(
        dict(
            matches.filter(status=Match.Status.ENDED)
            .exclude(early_end_reason="")
            .values_list("early_end_reason")
            .annotate(n=Count("id"))
        )
    )
    labels = dict(Match.EndReason.choices)
    matched = matches.filter(status__in=Match.ACTIVE).values("mentee").distinct().count()
    return {
        "programmes": programmes.count(),
        "mentors": participants["mentors"],
        "mentees": participants["mentees"],
        "active": statuses.get(Match.Status.ACCEPTED, 0),
        "ended": statuses.get(Match.Status.ENDED, 0),
        "ended_early": sum(early.values()),
        "early_reasons": [
            (str(labels.get(reason, reason)), count) for reason, count in early.most_common()
        ],
        "mentees_waiting": participants["current_mentees"] - matched,
        "checkins_done": CheckIn.objects.filter(match__programme__region_id=region_id).count(),
    }


@dataclass(frozen=True)
class UnmatchedPerson:
    participant: Participant
    reason: str


def unmatched_from_last_run(*, programme: Programme) -> list[UnmatchedPerson]:
    """Who stayed unmatched in the last run, and why; people matched or removed since are left
    out. Mentees first: they are the ones waiting."""
    items = (programme.last_run or {}).get("unmatched", [])
    ids = [item["participant"] for item in items]
    active = set(
        Match.objects.filter(programme=programme, status__in=Match.ACTIVE).values_list(
            "mentee_id", flat=True
        )
    )
    people = programme.participants.filter(pk__in=ids, pseudonymised_at__isnull=True).in_bulk()
    result = [
        UnmatchedPerson(participant=people[item["participant"]], reason=item["reason"])
        for item in items
        if item["participant"] in people and item["participant"] not in active
    ]
    return sorted(
        result, key=lambda u: (u.participant.side != "mentee", u.participant.display_name)
    )


def max_pair_score(*, programme: Programme) -> float:
    """The best fit a pair can reach under the programme's weights (for showing a percentage)."""
    soft = programme.matching_rules().soft
    total = (
        soft.shared_interests
        + soft.distance
        + soft.extra_availability
        + soft.home_language
        + soft.gender_preference
        + soft.shared_needs
        + sum(soft.attributes.values())
    )
    return total or 1.0


# --- Public side: open programmes, their sign-up and how matching works -----------------

SIDE_LABELS: dict[str, tuple[str, str]] = {
    Programme.Kind.OUDER_OUDER: (
        _noop("Ouder die een andere ouder helpt"),
        _noop("Ouder die hulp zoekt"),
    ),
    Programme.Kind.OUDERE_JONGERE_LEERLING: (
        _noop("Oudere leerling (mentor)"),
        _noop("Jongere leerling (aanmelding door ouder of professional)"),
    ),
    Programme.Kind.MENTOR_KIND: (
        _noop("Mentor"),
        _noop("Kind (aanmelding door ouder of professional)"),
    ),
    Programme.Kind.VRIJWILLIGER_GEZIN: (
        _noop("Vrijwilliger"),
        _noop("Gezin (aanmelding door ouder of professional)"),
    ),
}


def open_programmes() -> QuerySet[Programme]:
    """Programmes that anyone may see and join, with region and owning organisation."""
    return (
        Programme.objects.filter(is_open=True)
        .select_related("region", "owner")
        .order_by("region__name", "name", "id")
    )


def open_programmes_by_region() -> list[tuple[Any, list[Programme]]]:
    grouped: dict[Any, list[Programme]] = {}
    for programme in open_programmes():
        grouped.setdefault(programme.region, []).append(programme)
    return list(grouped.items())


def open_programme(*, programme_id: int) -> Programme:
    try:
        return open_programmes().get(pk=programme_id)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Dit programma bestaat niet of staat niet open voor aanmelding.")) from None


def side_label(*, programme: Programme, side: str) -> str:
    mentor, mentee = SIDE_LABELS.get(programme.kind, (_noop("Mentor"), _noop("Mentee")))
    return _(mentor if side == Participant.Side.MENTOR else mentee)


def public_sides(*, programme: Programme) -> list[tuple[str, str]]:
    return [
        (side, side_label(programme=programme, side=side))
        for side in (Participant.Side.MENTOR, Participant.Side.MENTEE)
    ]


def can_manage(*, user: AnyUser | None, programme: Programme) -> bool:
    account = _account(user)
    return account is not None and (
        account.is_beheerder or programme.coordinators.filter(pk=account.pk).exists()
    )


def programmes_with_reason(*, user: AnyUser | None) -> list[Programme]:
    """`programmes_for_user`, each with `manage_reason`: why this user may manage it."""
    programmes = list(programmes_for_user(user=user))
    account = _account(user)
    if not programmes or account is None:
        return programmes
    own = set(account.koppel_programmes.values_list("pk", flat=True))
    for programme in programmes:
        if programme.pk in own:
            programme.manage_reason = _("u bent coördinator van dit programma")  # type: ignore[attr-defined]
        else:
            programme.manage_reason = _("u bent beheerder en ziet alle programma’s")  # type: ignore[attr-defined]
    return programmes


def region_programmes_run_by_others(*, user: AnyUser | None) -> list[Programme]:
    """For a regiocoördinator: the programmes in their regions that they do not coordinate,
    each with `coordinator_names`, so they see who runs which programme and whom to ask.
    Beheerders already see every programme; other roles get nothing (names of coordinators
    are shown to the region's coordinators only)."""
    account = _account(user)
    if account is None or account.is_beheerder or account.role != User.Role.REGIOCOORDINATOR:
        return []
    programmes = list(
        Programme.objects.filter(region_id__in=account.region_ids())
        .exclude(coordinators=account)
        .select_related("region", "owner")
        .prefetch_related(
            Prefetch(
                "coordinators",
                queryset=User.objects.filter(is_active=True).order_by("username"),
            )
        )
        .order_by("region__name", "name", "id")
    )
    for programme in programmes:
        names = [c.get_full_name() or c.username for c in programme.coordinators.all()]
        programme.coordinator_names = ", ".join(names)  # type: ignore[attr-defined]
    return programmes


def matching_explained(*, programme: Programme) -> list[str]:
    """How matching works for this programme, in plain Dutch, from its own rules."""
    from .matching.explain import points_explained

    return points_explained(rules=programme.matching_rules(), steps=programme.screening_steps)
