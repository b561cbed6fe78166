"""Signals ("wat is nodig") and how similar ones are bundled into groups.

Similarity uses the search engine's Dutch analysis (`kansenwerk.search.analysis.analyze`:
folding, stemming, compound splitting), so "vaste financiering voor
schoolmaatschappelijk werkers" and "structureel geld voor schoolmaatschappelijk werk"
share most of their stems. Two signals are alike when the *overlap coefficient*
|A ∩ B| / min(|A|, |B|) of their stem sets reaches `SIMILARITY_THRESHOLD` and they
share at least `MIN_SHARED` stems. We use overlap rather than Jaccard because
signals differ a lot in length: a short signal that restates a long one shares
nearly all of its own stems, which Jaccard would punish for the long one's extra
words. Generic words every signal uses ("nodig", "gemeente") are ignored. A new
signal joins the group of its most similar earlier signal in the same kennisbank
theme; groups a beheerder made by hand (`is_manual`) still take new members that
way, but automatic grouping never splits or merges them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import Signal, SignalGroup, SignalLevel
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.meetups.models import Meetup, MeetupDirection, MeetupTheme
from kansenwerk.search.analysis import analyze

SIMILARITY_THRESHOLD = 0.5
MIN_SHARED = 2
GENERIC_STEMS = frozenset({"nodig", "gemeente", "gemeent", "landelijk", "beleid", "meer"})


def _check(user: Any, region_id: int, action: Action) -> None:
    """Rights to manage the meetup's region; `user=None` only for commands and the demo."""
    if user is not None:
        ensure_can_write(user, capability=Capability.MEETUPS, region_id=region_id, action=action)


def signal_tokens(text: str) -> list[str]:
    """The distinct stems that say what a signal is about (sorted, for storage)."""
    return sorted(set(analyze(text)) - GENERIC_STEMS)


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Overlap coefficient of two stem sets, 0.0 when they share too little."""
    left, right = set(a), set(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(left), len(right))


def _best_group(*, tokens: Sequence[str], theme_id: int | None, exclude_id: int | None = None):
    if theme_id is not None:
        candidates = Signal.objects.filter(group__isnull=False, meetup_theme__theme_id=theme_id)
    else:
        candidates = Signal.objects.filter(group__isnull=False, meetup_theme__theme__isnull=True)
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    best, best_score = None, 0.0
    for group_id, other in candidates.values_list("group_id", "tokens").iterator():
        score = similarity(tokens, other)
        if score >= SIMILARITY_THRESHOLD and score > best_score:
            best, best_score = group_id, score
    return best


def _label_for(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117].rstrip() + "…"


def signal_create(
    *,
    user: Any,
    meetup: Meetup,
    text: str,
    level: str = SignalLevel.GEMEENTE,
    meetup_theme: MeetupTheme | None = None,
    meetup_direction: MeetupDirection | None = None,
    table_label: str = "",
    client_uuid: uuid.UUID | None = None,
) -> tuple[Signal, bool]:
    """Record a signal and put it in the group of the signals it resembles."""
    _check(user, meetup.region_id, Action.CREATE)
    if client_uuid is not None:
        existing = Signal.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return existing, False
    if not text.strip():
        raise ValidationError({"text": _("Schrijf op wat er nodig is.")})
    if level not in SignalLevel.values:
        raise ValidationError({"level": _("Kies gemeente of landelijk beleid.")})
    if meetup_direction is not None and meetup_theme is None:
        meetup_theme = meetup_direction.meetup_theme
    if meetup_theme is not None and meetup_theme.meetup_id != meetup.pk:
        raise ValidationError({"meetup_theme": _("Kies een thema van deze meetup.")})
    tokens = signal_tokens(text)
    theme_id = meetup_theme.theme_id if meetup_theme is not None else None
    try:
        with transaction.atomic():
            group_id = _best_group(tokens=tokens, theme_id=theme_id)
            if group_id is None:
                group_id = SignalGroup.objects.create(label=_label_for(text), theme_id=theme_id).pk
            signal = Signal.objects.create(
                meetup=meetup,
                meetup_theme=meetup_theme,
                meetup_direction=meetup_direction,
                solution_direction=meetup_direction.source_direction if meetup_direction else None,
                text=text.strip(),
                level=level,
                table_label=table_label.strip(),
                tokens=tokens,
                group_id=group_id,
                client_uuid=client_uuid,
            )
    except IntegrityError:
        if client_uuid is not None:
            existing = Signal.objects.filter(client_uuid=client_uuid).first()
            if existing is not None:
                return existing, False
        raise
    return signal, True


def _ensure_beheerder(user: Any) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_beheerder:
        raise PermissionDenied(
            _("Alleen een beheerder kan groepen signalen samenvoegen of splitsen.")
        )


def signal_groups_merge(
    *, user: Any, target: SignalGroup, others: Sequence[SignalGroup]
) -> SignalGroup:
    """Move every signal of `others` into `target` and remove the emptied groups."""
    _ensure_beheerder(user)
    others = [g for g in others if g.pk != target.pk]
    if not others:
        raise ValidationError(_("Kies minstens één andere groep om samen te voegen."))
    with transaction.atomic():
        for group in others:
            for signal in group.signals.all():
                signal.group = target
                signal.save(update_fields=["group"])
            group.delete()
        target.is_manual = True
        target.merged_by = user
        target.save(update_fields=["is_manual", "merged_by"])
    return target


def signal_group_split(
    *, user: Any, group: SignalGroup, signal_ids: Sequence[int], label: str = ""
) -> SignalGroup:
    """Take some signals out of `group` into a new group of their own."""
    _ensure_beheerder(user)
    signals = list(group.signals.filter(pk__in=signal_ids))
    if not signals:
        raise ValidationError(_("Kies de signalen die een eigen groep moeten krijgen."))
    if len(signals) == group.signals.count():
        raise ValidationError(_("Laat minstens één signaal in de oorspronkelijke groep."))
    with transaction.atomic():
        new_group = SignalGroup.objects.create(
            label=label.strip() or _label_for(signals[0].text),
            theme_id=group.theme_id,
            is_manual=True,
            merged_by=user,
        )
        for signal in signals:
            signal.group = new_group
            signal.save(update_fields=["group"])
        group.is_manual = True
        group.save(update_fields=["is_manual"])
    return new_group


def signal_group_rename(*, user: Any, group: SignalGroup, label: str) -> SignalGroup:
    _ensure_beheerder(user)
    if not label.strip():
        raise ValidationError({"label": _("Geef de groep een omschrijving.")})
    group.label = label.strip()[:300]
    group.is_manual = True
    group.save(update_fields=["label", "is_manual"])
    return group
