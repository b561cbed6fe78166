"""A meetup itself: create and edit it, choose its themes and copy kennisbank content.

The meetup keeps its own copy of themes, directions, reading items and initiatives
(with a link back), so a region can rewrite them without touching the kennisbank.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kansenwerk.core.models import Region
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.kennisbank.models import Initiative, ReadingItem, SolutionDirection, Theme
from kansenwerk.meetups.models import (
    Meetup,
    MeetupDirection,
    MeetupInitiative,
    MeetupReadingItem,
    MeetupTheme,
)
from kansenwerk.meetups.services.registration import waitlist_process
from kansenwerk.meetups.tasks import send_message_to_registrants
from kansenwerk.netwerk.models import Organization

MAX_THEMES = 4

MEETUP_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "venue_accessibility",
    "capacity",
    "description",
    "organising_partners",
    "retention_months",
    "invitation_hours",
)


def _check(user: AnyUser | None, region_id: int, action: Action) -> None:
    if user is not None:
        ensure_can_write(user, capability=Capability.MEETUPS, region_id=region_id, action=action)


def meetup_create(
    *,
    user: AnyUser | None,
    region: Region,
    title: str,
    starts_at: datetime.datetime,
    capacity: int,
    themes: list[Theme] | None = None,
    **fields: Any,
) -> Meetup:
    """Create a draft meetup; `user=None` only for commands and the demo loader."""
    _check(user, region.pk, Action.CREATE)
    unknown = set(fields) - set(MEETUP_FIELDS)
    if unknown:
        raise TypeError(f"unknown meetup fields: {sorted(unknown)}")
    with transaction.atomic():
        meetup = Meetup(
            region=region,
            title=title.strip(),
            starts_at=starts_at,
            capacity=capacity,
            created_by=signed_in(user),
            **fields,
        )
        meetup.full_clean(exclude=["slug"])
        meetup.save()
        for theme in themes or []:
            meetup_theme_add(user=user, meetup=meetup, theme=theme)
    return meetup


def meetup_update(*, user: AnyUser | None, meetup: Meetup, **fields: Any) -> Meetup:
    _check(user, meetup.region_id, Action.UPDATE)
    for name, value in fields.items():
        if name not in MEETUP_FIELDS:
            raise TypeError(f"cannot update meetup field {name!r}")
        setattr(meetup, name, value)
    with transaction.atomic():
        meetup.full_clean()
        meetup.save()
        if "capacity" in fields:
            transaction.on_commit(lambda: waitlist_process(meetup=meetup))
    return meetup


def meetup_publish(*, user: AnyUser | None, meetup: Meetup) -> Meetup:
    _check(user, meetup.region_id, Action.UPDATE)
    count = meetup.themes.count()
    if count and not 2 <= count <= MAX_THEMES:
        raise ValidationError(_("Kies twee tot vier thema's voordat u publiceert."))
    meetup.status = Meetup.Status.PUBLISHED
    meetup.published_at = meetup.published_at or timezone.now()
    meetup.save(update_fields=["status", "published_at", "updated_at"])
    return meetup


def meetup_unpublish(*, user: AnyUser | None, meetup: Meetup) -> Meetup:
    _check(user, meetup.region_id, Action.UPDATE)
    meetup.status = Meetup.Status.DRAFT
    meetup.save(update_fields=["status", "updated_at"])
    return meetup


def meetup_cancel(*, user: AnyUser | None, meetup: Meetup) -> Meetup:
    """Call a meetup off; everyone registered or waiting gets an e-mail."""

    _check(user, meetup.region_id, Action.UPDATE)
    if meetup.status == Meetup.Status.CANCELLED:
        return meetup
    was_published = meetup.status == Meetup.Status.PUBLISHED
    with transaction.atomic():
        meetup.status = Meetup.Status.CANCELLED
        meetup.save(update_fields=["status", "updated_at"])
        if was_published:
            when = formats.date_format(timezone.localtime(meetup.starts_at), "l j F Y, H:i")
            subject = _("Afgelast: %(title)s") % {"title": meetup.title}
            body = _(
                "Helaas gaat %(title)s op %(when)s niet door. Uw aanmelding vervalt; "
                "u hoeft niets te doen. Onze excuses voor het ongemak."
            ) % {"title": meetup.title, "when": when}
            transaction.on_commit(
                lambda: send_message_to_registrants.enqueue(
                    meetup_id=meetup.pk, subject=subject, body=body
                )
            )
    return meetup


def _unique_theme_slug(meetup: Meetup, title: str) -> str:
    base = slugify(title)[:180] or "thema"
    slug, n = base, 2
    while MeetupTheme.objects.filter(meetup=meetup, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def meetup_theme_add(
    *, user: AnyUser | None, meetup: Meetup, theme: Theme, with_content: bool = True
) -> MeetupTheme:
    """Add a kennisbank theme to a meetup, copying its directions and reading items."""
    _check(user, meetup.region_id, Action.UPDATE)
    with transaction.atomic():
        existing = list(meetup.themes.all())
        if len(existing) >= MAX_THEMES:
            raise ValidationError(_("Een meetup heeft hoogstens vier thema's."))
        if any(t.theme_id == theme.pk for t in existing):
            raise ValidationError(_("Dit thema staat al op het programma."))
        meetup_theme = MeetupTheme.objects.create(
            meetup=meetup,
            theme=theme,
            position=len(existing) + 1,
            slug=theme.slug or _unique_theme_slug(meetup, theme.title),
            title=theme.title,
            guiding_question=theme.guiding_question,
            introduction=theme.introduction,
        )
        if with_content:
            for position, direction in enumerate(
                SolutionDirection.objects.filter(theme=theme), start=1
            ):
                meetup_direction_add(
                    user=None, meetup_theme=meetup_theme, direction=direction, position=position
                )
            for position, item in enumerate(ReadingItem.objects.filter(theme=theme), start=1):
                MeetupReadingItem.objects.create(
                    meetup_theme=meetup_theme,
                    source_item=item,
                    position=position,
                    title=item.title,
                    author=item.author,
                    medium=item.medium,
                    url=item.url,
                )
            local = Initiative.objects.filter(theme=theme, region=meetup.region)
            for position, initiative in enumerate(local, start=1):
                meetup_initiative_add(
                    user=None,
                    meetup_theme=meetup_theme,
                    title=initiative.title,
                    description=initiative.description,
                    place=initiative.place,
                    url=initiative.url,
                    source_initiative=initiative,
                    position=position,
                )
    return meetup_theme


def meetup_theme_update(
    *, user: AnyUser | None, meetup_theme: MeetupTheme, **fields: Any
) -> MeetupTheme:
    _check(user, meetup_theme.meetup.region_id, Action.UPDATE)
    allowed = {"title", "guiding_question", "introduction", "capacity", "position"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"cannot update theme field {name!r}")
        setattr(meetup_theme, name, value)
    meetup_theme.full_clean()
    meetup_theme.save()
    return meetup_theme


def meetup_theme_remove(*, user: AnyUser | None, meetup_theme: MeetupTheme) -> None:
    _check(user, meetup_theme.meetup.region_id, Action.DELETE)
    if meetup_theme.meetup.registrations.filter(theme_choice_1=meetup_theme).exists():
        raise ValidationError(
            _("Er hebben zich al mensen voor dit thema aangemeld; het kan niet meer weg.")
        )
    meetup_theme.delete()


def meetup_direction_add(
    *,
    user: AnyUser | None,
    meetup_theme: MeetupTheme,
    direction: SolutionDirection,
    position: int | None = None,
) -> MeetupDirection:
    if user is not None:
        _check(user, meetup_theme.meetup.region_id, Action.UPDATE)
    if position is None:
        position = meetup_theme.directions.count() + 1
    return MeetupDirection.objects.create(
        meetup_theme=meetup_theme,
        source_direction=direction,
        position=position,
        number=direction.number,
        title=direction.title,
        text=direction.text,
        questions=list(direction.questions or []),
    )


def meetup_direction_update(
    *, user: AnyUser | None, direction: MeetupDirection, title: str, text: str, questions: list[str]
) -> MeetupDirection:
    _check(user, direction.meetup_theme.meetup.region_id, Action.UPDATE)
    direction.title = title.strip()
    direction.text = text.strip()
    direction.questions = [q.strip() for q in questions if q.strip()]
    direction.full_clean()
    direction.save()
    return direction


def meetup_direction_remove(*, user: AnyUser | None, direction: MeetupDirection) -> None:
    _check(user, direction.meetup_theme.meetup.region_id, Action.DELETE)
    direction.delete()


def meetup_reading_item_add(
    *, user: AnyUser | None, meetup_theme: MeetupTheme, title: str, url: str = "", author: str = ""
) -> MeetupReadingItem:
    _check(user, meetup_theme.meetup.region_id, Action.UPDATE)
    item = MeetupReadingItem(
        meetup_theme=meetup_theme,
        position=meetup_theme.reading_items.count() + 1,
        title=title.strip(),
        url=url.strip(),
        author=author.strip(),
    )
    item.full_clean()
    item.save()
    return item


def meetup_reading_item_remove(*, user: AnyUser | None, item: MeetupReadingItem) -> None:
    _check(user, item.meetup_theme.meetup.region_id, Action.DELETE)
    item.delete()


def meetup_initiative_add(
    *,
    user: AnyUser | None,
    meetup_theme: MeetupTheme,
    title: str,
    description: str = "",
    organisation_name: str = "",
    place: str = "",
    url: str = "",
    source_initiative: Initiative | None = None,
    organisation: Organization | None = None,
    position: int | None = None,
) -> MeetupInitiative:
    if user is not None:
        _check(user, meetup_theme.meetup.region_id, Action.UPDATE)
    initiative = MeetupInitiative(
        meetup_theme=meetup_theme,
        source_initiative=source_initiative,
        organisation=organisation,
        position=position if position is not None else meetup_theme.initiatives.count() + 1,
        title=title.strip(),
        description=description.strip(),
        organisation_name=organisation_name.strip(),
        place=place.strip(),
        url=url.strip(),
    )
    initiative.full_clean()
    initiative.save()
    return initiative


def meetup_initiative_remove(*, user: AnyUser | None, initiative: MeetupInitiative) -> None:
    _check(user, initiative.meetup_theme.meetup.region_id, Action.DELETE)
    initiative.delete()


# The meetup's copy of each kennisbank record kind, and the copied fields that a repair may fix.
_REPAIRABLE_COPIES: dict[type, tuple[type[models.Model], str, tuple[str, ...]]] = {
    SolutionDirection: (MeetupDirection, "source_direction", ("text", "questions")),
    Theme: (MeetupTheme, "theme", ("guiding_question", "introduction")),
    Initiative: (MeetupInitiative, "source_initiative", ("description",)),
}


def copies_refresh_after_repair(*, record: Any, before: dict[str, Any]) -> int:
    """Carry a kennisbank repair into the meetups' copies nobody edited since they were made.

    A copy still holding exactly the damaged text gets the repaired text, so a briefing (and
    its PDF) does not print broken text; a copy an organiser changed is theirs and stays.
    """
    spec = _REPAIRABLE_COPIES.get(type(record))
    if spec is None:
        return 0
    copy_model, link, fields = spec
    repaired = {name: before[name] for name in fields if name in before}
    if not repaired:
        return 0
    count = 0
    for copy in copy_model._default_manager.filter(**{link: record}):
        if all(getattr(copy, name) == old for name, old in repaired.items()):
            for name in repaired:
                setattr(copy, name, getattr(record, name))
            copy.save()
            count += 1
    return count
