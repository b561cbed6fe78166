"""The audit log records every create, update and delete, whichever way it happens."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import AuditLogEntry, Region
from kansenwerk.kennisbank.models import Theme
from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory


def entries_for(obj):
    return AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).order_by("id")


@pytest.mark.django_db
def test_create_update_delete_are_logged_with_old_and_new_values(beheerder):
    with audit_context(user=beheerder, source="import"):
        theme = ThemeFactory(title="Oude titel")
        theme = Theme.objects.get(pk=theme.pk)
        theme.title = "Nieuwe titel"
        theme.save()
        pk = theme.pk
        theme.delete()
    theme.pk = pk
    log = list(entries_for(theme))
    assert [e.action for e in log] == ["create", "update", "delete"]
    assert all(e.actor == beheerder and e.source == "import" for e in log)
    assert log[0].changes["title"] == [None, "Oude titel"]
    assert log[1].changes == {
        "title": ["Oude titel", "Nieuwe titel"],
        "updated_at": log[1].changes["updated_at"],
    }
    assert log[2].changes["title"] == ["Nieuwe titel", None]


@pytest.mark.django_db
def test_saving_without_changes_writes_nothing():
    theme = ThemeFactory()
    theme = Theme.objects.get(pk=theme.pk)
    before = AuditLogEntry.objects.count()
    theme.save(update_fields=["title"])
    assert AuditLogEntry.objects.count() == before


@pytest.mark.django_db
def test_site_changes_are_logged_as_web_with_the_user(client, coordinator, region):
    item = InterventionFactory(region=region, title="Voor")
    client.force_login(coordinator)
    url = reverse("kennisbank:update", kwargs={"kind": "interventies", "lookup": item.slug})
    response = client.post(url, {"title": "Na", "region": region.pk})
    assert response.status_code == 302
    entry = entries_for(item).filter(action="update").get()
    assert entry.source == "web" and entry.actor == coordinator
    assert entry.changes["title"] == ["Voor", "Na"]


@pytest.mark.django_db
def test_admin_changes_are_logged_as_admin(client, beheerder):
    beheerder.is_staff = beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    response = client.post(
        reverse("admin:core_region_add"),
        {
            "name": "Regio via admin",
            "slug": "regio-via-admin",
            "description": "",
            "municipalities-TOTAL_FORMS": "0",
            "municipalities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    region = Region.objects.get(name="Regio via admin")
    entry = entries_for(region).get()
    assert entry.source == "admin" and entry.action == "create" and entry.actor == beheerder


@pytest.mark.django_db
def test_command_changes_are_logged_as_command():
    from kansenwerk.core.actor import set_default_source

    set_default_source("command")
    try:
        call_command("region-create", "Regio Commando", municipality=["Plaats A"])
    finally:
        set_default_source("system")
    region = Region.objects.get(name="Regio Commando")
    assert entries_for(region).get().source == "command"


@pytest.mark.django_db
def test_history_page_is_for_beheerders_only(client, beheerder, coordinator, region):
    item = InterventionFactory(region=region)
    url = reverse("kennisbank:history", kwargs={"kind": "interventies", "lookup": item.slug})
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    client.force_login(beheerder)
    response = client.get(url)
    assert response.status_code == 200
    assert "aangemaakt" in response.content.decode()
