"""Model signals that keep the regio tallies current, whichever service saves the rows.

Connected in `RegioConfig.ready()`: regio is the top layer, so agreements, signals and
registrations stay unaware of it. Fixture loading (`raw`) is skipped; run
`kansenwerk insight-rebuild` after it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import signals as db

from kansenwerk.afspraken.models import Agreement, Signal, SignalGroup
from kansenwerk.kennisbank.models import SolutionDirection, Theme
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration
from kansenwerk.regio import tallies

COUNTED = (Agreement, Signal, Registration)
OLD = "_regio_tally_old"


def _before_save(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    old = None if instance._state.adding else tallies.stored_row(sender, instance.pk)
    setattr(instance, OLD, old)


def _after_save(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    tallies.change(sender, getattr(instance, OLD, None), tallies.instance_row(sender, instance))
    setattr(instance, OLD, None)


def _before_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    setattr(instance, OLD, tallies.stored_row(sender, instance.pk))


def _after_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    tallies.change(sender, getattr(instance, OLD, None), None)


def _meetup_after_save(sender: type, instance: Meetup, raw: bool = False, **kwargs: Any) -> None:
    # The meetup's own tallies (held per month) by delta; its agreements, signals and
    # registrations move with it by a rebuild of both regions.
    if raw:
        return
    old = getattr(instance, OLD, None)
    new = tallies.instance_row(sender, instance)
    tallies.change(sender, old, new)
    setattr(instance, OLD, None)
    if old and (old["region_id"], tallies.month_key(old["starts_at"])) != (
        instance.region_id,
        tallies.month_key(instance.starts_at),
    ):
        tallies.rebuild_on_commit({old["region_id"], instance.region_id})


def _theme_before_save(sender: type, instance: MeetupTheme, raw: bool = False, **kwargs) -> None:
    old = None
    if not raw and not instance._state.adding:
        old = MeetupTheme.objects.filter(pk=instance.pk).values_list("theme_id", "title").first()
    instance._regio_old_theme = old  # type: ignore[attr-defined]


def _theme_after_save(sender: type, instance: MeetupTheme, raw: bool = False, **kwargs) -> None:
    old = getattr(instance, "_regio_old_theme", None)
    if old and tallies.theme_key(*old) != tallies.theme_key(instance.theme_id, instance.title):
        tallies.rebuild_on_commit({_region_of(instance.meetup_id)})


def _region_of(meetup_id: int) -> int | None:
    return Meetup.objects.filter(pk=meetup_id).values_list("region_id", flat=True).first()


def _theme_after_delete(sender: type, instance: MeetupTheme, **kwargs: Any) -> None:
    # Its agreements and signals lose their theme through an UPDATE (no signals).
    tallies.rebuild_on_commit({_region_of(instance.meetup_id)})


def _everything_after_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    tallies.rebuild_on_commit(None)


def _group_changed(sender: type, instance: SignalGroup, created: bool = True, **kwargs) -> None:
    # Regrouping moves signals with QuerySet.update(); a removed group empties by UPDATE.
    if created and not kwargs.get("raw"):
        tallies.rebuild_groups_on_commit()


def connect() -> None:
    for model in COUNTED:
        uid = f"regio-tally-{model.__name__}"
        db.pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        db.post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        db.pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        db.post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    uid = "regio-tally-meetup"
    db.pre_save.connect(_before_save, sender=Meetup, dispatch_uid=uid)
    db.post_save.connect(_meetup_after_save, sender=Meetup, dispatch_uid=uid)
    db.pre_delete.connect(_before_delete, sender=Meetup, dispatch_uid=uid)
    db.post_delete.connect(_after_delete, sender=Meetup, dispatch_uid=uid)
    db.pre_save.connect(_theme_before_save, sender=MeetupTheme, dispatch_uid="regio-tally-mt")
    db.post_save.connect(_theme_after_save, sender=MeetupTheme, dispatch_uid="regio-tally-mt")
    db.post_delete.connect(_theme_after_delete, sender=MeetupTheme, dispatch_uid="regio-tally-mt")
    db.post_save.connect(_group_changed, sender=SignalGroup, dispatch_uid="regio-tally-group")
    db.post_delete.connect(_group_changed, sender=SignalGroup, dispatch_uid="regio-tally-group")
    for source in (Theme, SolutionDirection):
        db.post_delete.connect(
            _everything_after_delete, sender=source, dispatch_uid=f"regio-tally-{source.__name__}"
        )
