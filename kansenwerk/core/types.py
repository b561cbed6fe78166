"""Types shared by services and selectors."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from kansenwerk.core.models import User

__all__ = ["AnyUser", "User", "signed_in"]

#: Who is asking: a signed-in account or an anonymous visitor (``request.user``).
AnyUser: TypeAlias = User | AnonymousUser


def signed_in(user: AnyUser | None) -> User | None:
    """The account behind ``user`` when someone is signed in, else None (anonymous, command)."""
    return user if isinstance(user, User) and user.is_authenticated else None
