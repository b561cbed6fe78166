"""Erasure also forgets failed logins that django-axes keeps for the lock-out (issue 14)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog

from kansenwerk.core import privacy
from kansenwerk.core.tests.factories import UserFactory

EMAIL = "rivka.zandbergen@example.org"


@pytest.mark.django_db
def test_failed_logins_with_the_address_or_username_are_deleted(client):
    UserFactory(username="rzandbergen", email=EMAIL)
    for username in (EMAIL, "RZandbergen", "iemand-anders"):
        client.post("/inloggen/", {"username": username, "password": "fout-wachtwoord"})
    assert AccessAttempt.objects.count() == 3

    report = privacy.privacy_erase(email=EMAIL)

    remaining = set(AccessAttempt.objects.values_list("username", flat=True))
    assert remaining == {"iemand-anders"}
    assert not AccessFailureLog.objects.filter(username__iexact=EMAIL).exists()
    assert report.as_json()["changed"]["login_attempt_deleted"] == 2
