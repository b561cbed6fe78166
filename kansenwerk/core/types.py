"""Types shared by services and selectors."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from kansenwerk.core.models import User

__all__ = ["AnyUser", "User"]

#: Who is asking: a signed-in account or an anonymous visitor (``request.user``).
AnyUser: TypeAlias = User | AnonymousUser
