"""Login throttling (django-axes): 20 failures lock an account or an address for a while,
even for the right password; the page says so in Dutch; the audit log notes it; a beheerder
unlocks."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
LOCKED = "Inloggen is daarom 1 uur geblokkeerd"


def _login(client, username, password, *, ip="192.0.2.10", url=None, **extra):
    url = url or reverse("login")
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def _fail(client, username, times, **kwargs):
    for _ in range(times):
        _login(client, username, "verkeerd-wachtwoord", **kwargs)


def test_twenty_failures_lock_the_account_even_for_the_right_password(client):
    anna = UserFactory(username="anna")
    _fail(client, "anna", 19)
    # Nineteen failures: the right password still works (and resets the count).
    response = _login(client, "anna", PASSWORD)
    assert response.status_code == 302
    client.logout()

    _fail(client, "anna", 20)
    response = _login(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    page = response.content.decode()
    assert LOCKED in page
    assert "ook met het juiste wachtwoord" in page
    assert 'lang="nl"' in page and "Account locked" not in page

    entries = AuditLogEntry.objects.filter(action=AuditLogEntry.Action.LOCKOUT)
    assert entries.count() == 1  # one entry per lock, not one per refused attempt
    entry = entries.get()
    assert entry.object_id == str(anna.pk)
    assert entry.actor is None
    assert entry.changes["locked_by"] == [None, "account"]
    assert "verkeerd-wachtwoord" not in str(entry.changes) + entry.object_repr
    assert PASSWORD not in str(entry.changes)


def test_one_account_guessed_from_many_addresses_is_locked(client):
    UserFactory(username="bram")
    for i in range(20):
        _login(client, "bram", "verkeerd-wachtwoord", ip=f"198.51.100.{i + 1}")
    response = _login(client, "bram", PASSWORD, ip="203.0.113.99")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_other_account_from_another_address_still_logs_in(client):
    UserFactory(username="anna")
    UserFactory(username="cas")
    _fail(client, "anna", 20)
    response = _login(client, "cas", PASSWORD, ip="203.0.113.5")
    assert response.status_code == 302
    assert client.session[SESSION_KEY]


def test_many_accounts_from_one_address_lock_the_address(client):
    UserFactory(username="dewi")
    for i in range(20):
        _login(client, f"bestaat-niet-{i}", "verkeerd-wachtwoord", ip="192.0.2.66")
    # A real account from that address is refused; from elsewhere it works.
    assert _login(client, "dewi", PASSWORD, ip="192.0.2.66").status_code == 429
    assert _login(client, "dewi", PASSWORD, ip="192.0.2.67").status_code == 302

    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.LOCKOUT)
    assert entry.object_id == ""  # no account: the typed name is not kept
    assert "bestaat-niet" not in entry.object_repr + str(entry.changes) + entry.actor_label
    assert entry.changes["locked_by"] == [None, "address"]


def test_client_address_follows_the_proxy_rule(client, settings):
    """Behind one proxy, clients are told apart by X-Forwarded-For (KANSENWERK_PROXY_COUNT)."""
    settings.KANSENWERK_PROXY_COUNT = 1
    UserFactory(username="eva")
    for i in range(20):
        _login(
            client,
            f"bestaat-niet-{i}",
            "verkeerd-wachtwoord",
            ip="10.0.0.1",
            HTTP_X_FORWARDED_FOR="192.0.2.80",
        )
    other_client = _login(client, "eva", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.81")
    assert other_client.status_code == 302
    client.logout()
    same_client = _login(client, "eva", PASSWORD, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.80")
    assert same_client.status_code == 429


def test_admin_login_is_throttled_the_same_way(client):
    UserFactory(username="fenna", role="beheerder", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    _fail(client, "fenna", 20, url=admin_login)
    response = _login(client, "fenna", PASSWORD, url=admin_login)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert SESSION_KEY not in client.session
    assert AuditLogEntry.objects.filter(action=AuditLogEntry.Action.LOCKOUT).count() == 1


def test_beheerder_unlocks_an_account_in_the_user_admin(client):
    gijs = UserFactory(username="gijs")
    beheerder = UserFactory(
        username="hoofdbeheer", role="beheerder", is_staff=True, is_superuser=True
    )
    _fail(client, "gijs", 20)
    assert _login(client, "gijs", PASSWORD).status_code == 429

    admin_client = Client()
    admin_client.force_login(beheerder)
    response = admin_client.post(
        reverse("admin:core_user_changelist"),
        {"action": "unlock_login", "_selected_action": [gijs.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "De inlogblokkade van 1 account is opgeheven." in response.content.decode()
    unlock = AuditLogEntry.objects.get(action=AuditLogEntry.Action.UNLOCK)
    assert unlock.object_id == str(gijs.pk) and unlock.actor == beheerder

    assert _login(client, "gijs", PASSWORD).status_code == 302


def test_only_beheerders_see_the_unlock_action(client):
    staff = UserFactory(username="medewerker", role="regiocoordinator", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    target = UserFactory(username="iris")
    client.force_login(staff)
    response = client.post(
        reverse("admin:core_user_changelist"),
        {"action": "unlock_login", "_selected_action": [target.pk]},
    )
    assert not AuditLogEntry.objects.filter(action=AuditLogEntry.Action.UNLOCK).exists()
    assert response.status_code in (200, 302, 403)
