"""Shared builders for matcher tests (people are invented; no seed text)."""

from __future__ import annotations

from kansenwerk.koppelen.matching import Person


def person(
    ident: str,
    *,
    capacity: int = 1,
    languages=("Nederlands",),
    slots=("wo-middag",),
    interests=(),
    postcode="1055",
    **extra,
) -> Person:
    return Person(
        id=ident,
        capacity=capacity,
        languages=frozenset(languages),
        availability=frozenset(slots),
        interests=frozenset(interests),
        postcode=postcode,
        **extra,
    )
