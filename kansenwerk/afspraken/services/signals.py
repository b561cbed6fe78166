"""Signals ("wat is nodig") and how similar ones are bundled into groups.

Similarity uses the search engine's Dutch analysis (`kansenwerk.search.analysis`:
folding, stemming, compound splitting) plus its synonym table, extended with a few
words signals use for money and permanence (`SIGNAL_SYNONYMS`). Each synonym group a
signal mentions adds one shared token ("=smw" for "schoolmaatschappelijk werk" and
"schoolmaatschappelijk werker" alike), so "structureel budget voor een
schoolmaatschappelijk werker" and "vast geld voor schoolmaatschappelijk werk" share
most of their tokens. Two signals are alike when the *overlap coefficient*
|A ∩ B| / min(|A|, |B|) of their token sets reaches the threshold and they share at
least `MIN_SHARED` tokens. We use overlap rather than Jaccard because signals differ a
lot in length: a short signal that restates a long one shares nearly all of its own
tokens, which Jaccard would punish for the long one's extra words. Generic words every
signal uses ("nodig", "gemeente") are ignored.

A new signal joins the group of its most similar earlier signal: within the same
kennisbank theme at `SIMILARITY_THRESHOLD`, across themes (the national view) only at
the stricter `CROSS_THEME_THRESHOLD`. An automatic group's label and theme come from its
members: the label is the text of its most central member (the one most like the
others), the theme is the one most members share (none when no theme has a majority).
Groups a beheerder made by hand (`is_manual`) still take new members, but their label
and theme stay as the beheerder set them, and automatic grouping never splits or
merges them.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import Signal, SignalGroup, SignalLevel
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.meetups.models import Meetup, MeetupDirection, MeetupTheme
from kansenwerk.search.analysis import analyze
from kansenwerk.search.analysis.normalize import folded_words
from kansenwerk.search.analysis.synonyms import StemSequence, synonym_table
from kansenwerk.search.analysis.words import analyze_word

SIMILARITY_THRESHOLD = 0.5
# Across kennisbank themes two signals must say more of the same before they group.
CROSS_THEME_THRESHOLD = 0.75
MIN_SHARED = 2
GENERIC_STEMS = frozenset({"nodig", "gemeente", "gemeent", "landelijk", "beleid", "meer"})

# Words signals use for the same ask, on top of the search synonyms (same format as
# the search's synonyms.txt: one group per line).
SIGNAL_SYNONYMS = (
    "jongerenwerk, jongerenwerker, jeugdwerk, jeugdwerker",
    "tolk, tolken, tolkvoorziening, vertaler",
)
# Nearly every signal asks for lasting money; those words say nothing about *what* is
# asked, so (like "nodig") they are left out, or "structureel geld voor de voorschool"
# would group with "structureel geld voor huiswerkbegeleiding".
SIGNAL_GENERIC_WORDS = (
    "geld budget financiering gefinancierd middelen bekostiging subsidie betalen betaald "
    "structureel vast vaste blijvend duurzaam langdurig permanent extra"
)


def _stems(text: str) -> list[str]:
    stems = []
    for word, pieces in folded_words(text):
        analysis = analyze_word(word, pieces)
        if analysis is not None:
            stems.append(analysis.stem)
    return stems


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return GENERIC_STEMS | frozenset(_stems(SIGNAL_GENERIC_WORDS))


@lru_cache(maxsize=1)
def _synonym_keys() -> dict[StemSequence, frozenset[str]]:
    """Every synonym entry (as stems) -> a stable key per group it belongs to.

    A key is "=" plus the group's first entry in sorted order, so it does not depend on
    the line order of the data file. An entry in two groups ("jongerenwerker") gets both
    keys, so it meets the members of each.
    """
    table = synonym_table(SIGNAL_SYNONYMS)
    keys: dict[StemSequence, set[str]] = {}
    for group in table.groups:
        key = "=" + "_".join(min(group))
        for sequence in group:
            keys.setdefault(sequence, set()).add(key)
    return {sequence: frozenset(found) for sequence, found in keys.items()}


def _synonym_tokens(text: str) -> set[str]:
    """The keys of the synonym groups the text mentions (longest entry first, as the query
    analysis does)."""
    keys = _synonym_keys()
    longest = max((len(k) for k in keys), default=0)
    stems = _stems(text)
    found: set[str] = set()
    index = 0
    while index < len(stems):
        for length in range(min(longest, len(stems) - index), 0, -1):
            matched = keys.get(tuple(stems[index : index + length]))
            if matched:
                found |= matched
                index += length
                break
        else:
            index += 1
    return found


def _check(user: AnyUser | None, region_id: int, action: Action) -> None:
    """Rights to manage the meetup's region; `user=None` only for commands and the demo."""
    if user is not None:
        ensure_can_write(user, capability=Capability.MEETUPS, region_id=region_id, action=action)


def signal_tokens(text: str) -> list[str]:
    """The distinct stems (and synonym keys) that say what a signal is about (sorted)."""
    return sorted((set(analyze(text)) | _synonym_tokens(text)) - _generic_stems())


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Overlap coefficient of two stem sets, 0.0 when they share too little."""
    left, right = set(a), set(b)
    if not left or not right:
        return 0.0
    shared = len(left & right)
    if shared < MIN_SHARED:
        return 0.0
    return shared / min(len(left), len(right))


def _best_group(
    *, tokens: Sequence[str], theme_id: int | None, exclude_id: int | None = None
) -> int | None:
    """The group of the most similar grouped signal, same theme first (see module doc)."""
    candidates = Signal.objects.filter(group__isnull=False)
    if exclude_id is not None:
        candidates = candidates.exclude(pk=exclude_id)
    best, best_score = None, 0.0
    rows = candidates.values_list("group_id", "tokens", "meetup_theme__theme_id")
    for group_id, other, other_theme_id in rows.iterator():
        score = similarity(tokens, other)
        same_theme = theme_id is not None and other_theme_id == theme_id
        threshold = SIMILARITY_THRESHOLD if same_theme else CROSS_THEME_THRESHOLD
        # Equal scores: a signal of the same theme wins.
        rank = score + (0.001 if same_theme else 0.0)
        if score >= threshold and rank > best_score:
            best, best_score = group_id, rank
    return best


def _label_for(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:117].rstrip() + "…"


def group_summary(signals: Sequence[Signal]) -> tuple[str, int | None]:
    """(label, kennisbank theme id) of a group, from its members.

    The label is the text of the most central member: the highest summed similarity to
    the others (ties: the earliest). The theme is the one held by more than half of the
    members; otherwise none, so a group is never labelled with one member's theme.
    """
    members = sorted(signals, key=lambda s: s.pk)
    if not members:
        return "", None
    central = max(
        members,
        key=lambda s: (
            sum(similarity(s.tokens, o.tokens) for o in members if o.pk != s.pk),
            -s.pk,
        ),
    )
    themes = Counter(
        s.meetup_theme.theme_id for s in members if s.meetup_theme and s.meetup_theme.theme_id
    )
    theme_id = None
    if themes:
        top, count = themes.most_common(1)[0]
        if count * 2 > len(members):
            theme_id = top
    return _label_for(central.text), theme_id


def _refresh_group(group_id: int) -> None:
    """Recompute an automatic group's label and theme from its members."""
    group = SignalGroup.objects.filter(pk=group_id).first()
    if group is None or group.is_manual:
        return
    members = list(group.signals.select_related("meetup_theme"))
    label, theme_id = group_summary(members)
    if label and (label, theme_id) != (group.label, group.theme_id):
        group.label, group.theme_id = label, theme_id
        group.save(update_fields=["label", "theme"])


def signal_create(
    *,
    user: AnyUser | None,
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
            _refresh_group(group_id)
    except IntegrityError:
        if client_uuid is not None:
            existing = Signal.objects.filter(client_uuid=client_uuid).first()
            if existing is not None:
                return existing, False
        raise
    return signal, True


def signals_regroup() -> dict[str, int]:
    """Re-analyse every signal and rebuild the automatic groups (after the analysis or the
    synonyms changed). Signals in groups a beheerder made by hand stay where they are.
    Tokens and automatic membership are derived from the texts, so this bulk rewrite is
    not written to the audit log signal by signal (the new groups are).

    Returns {"signals": analysed, "groups": automatic groups afterwards}.
    """
    with transaction.atomic():
        signals = list(
            Signal.objects.select_related("meetup_theme", "group").order_by("created_at", "id")
        )
        for signal in signals:
            signal.tokens = signal_tokens(signal.text)
        Signal.objects.bulk_update(signals, ["tokens"])
        automatic = [s for s in signals if s.group is None or not s.group.is_manual]
        SignalGroup.objects.filter(is_manual=False).delete()  # members' group -> NULL
        Signal.objects.filter(pk__in=[s.pk for s in automatic]).update(group=None)
        touched = set()
        for signal in automatic:
            theme_id = signal.meetup_theme.theme_id if signal.meetup_theme else None
            group_id = _best_group(tokens=signal.tokens, theme_id=theme_id, exclude_id=signal.pk)
            if group_id is None:
                group_id = SignalGroup.objects.create(label=_label_for(signal.text)).pk
            Signal.objects.filter(pk=signal.pk).update(group_id=group_id)
            touched.add(group_id)
        for group_id in touched:
            _refresh_group(group_id)
    return {
        "signals": len(signals),
        "groups": SignalGroup.objects.filter(is_manual=False).count(),
    }


def _ensure_beheerder(user: AnyUser | None) -> None:
    account = signed_in(user)
    if account is None or not account.is_beheerder:
        raise PermissionDenied(
            _("Alleen een beheerder kan groepen signalen samenvoegen of splitsen.")
        )


def signal_groups_merge(
    *, user: AnyUser | None, target: SignalGroup, others: Sequence[SignalGroup]
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
        target.merged_by = signed_in(user)
        target.save(update_fields=["is_manual", "merged_by"])
    return target


def signal_group_split(
    *, user: AnyUser | None, group: SignalGroup, signal_ids: Sequence[int], label: str = ""
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
            merged_by=signed_in(user),
        )
        for signal in signals:
            signal.group = new_group
            signal.save(update_fields=["group"])
        group.is_manual = True
        group.save(update_fields=["is_manual"])
    return new_group


def signal_group_rename(*, user: AnyUser | None, group: SignalGroup, label: str) -> SignalGroup:
    _ensure_beheerder(user)
    if not label.strip():
        raise ValidationError({"label": _("Geef de groep een omschrijving.")})
    group.label = label.strip()[:300]
    group.is_manual = True
    group.save(update_fields=["label", "is_manual"])
    return group
