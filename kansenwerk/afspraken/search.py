"""Agreements and signals are findable with the site search (kansenwerk.search).

Personal data stays out of the index: owner names and addresses, and the names in "met
wie" (`people`), are declared in afspraken/privacy.py and are not text sources here.
Agreements and signals are not public: the search shows them only to users who may open
them (`audience`: organisers and regiocoördinatoren of the meetup's region, beheerders),
the same rule as `agreement_for_user`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kansenwerk.core.permissions import Capability, writable_region_ids
from kansenwerk.search import registry


def _theme_ids(obj) -> list[int]:
    theme = obj.meetup_theme
    return [theme.theme_id] if theme is not None and theme.theme_id else []


def _location(obj) -> str:
    return f"{obj.meetup.region.name} › {obj.meetup.title}"


def _meetup_writers(user) -> frozenset[int] | None:
    return writable_region_ids(user, capability=Capability.MEETUPS)


def register_types() -> None:
    from kansenwerk.afspraken.models import Agreement, Signal

    registry.register(
        Agreement,
        key="afspraken",
        type_label=_("afspraak"),
        title="what",
        fields={
            "guiding_question": lambda a: a.meetup_theme.title if a.meetup_theme else "",
            "body": [
                lambda a: str(a.meetup_direction) if a.meetup_direction else "",
                lambda a: " ".join(o.name for o in a.organizations.all()),
            ],
        },
        location=_location,
        theme_ids=_theme_ids,
        region_id=lambda a: a.meetup.region_id,
        queryset=lambda: Agreement.objects.select_related(
            "meetup__region", "meetup_theme", "meetup_direction"
        ).prefetch_related("organizations"),
        m2m=("organizations",),
        order=60,
        audience=_meetup_writers,
    )
    registry.register(
        Signal,
        key="signalen",
        type_label=_("signaal"),
        title="text",
        fields={
            "guiding_question": lambda s: s.meetup_theme.title if s.meetup_theme else "",
            "body": [lambda s: s.group.label if s.group else "", lambda s: s.get_level_display()],
        },
        location=_location,
        theme_ids=_theme_ids,
        region_id=lambda s: s.meetup.region_id,
        queryset=lambda: Signal.objects.select_related("meetup__region", "meetup_theme", "group"),
        order=61,
        audience=_meetup_writers,
    )
