"""Clean the audit log's existing rows with the privacy register (kansenwerk.core.privacy).

Rows about a model with declared personal fields get a neutral `object_repr`
("Aanmelding #12") and the values of those fields in `changes` become a marker, as
`record_change` does for new rows since this release. Plain ORM, in batches: the same
on SQLite and PostgreSQL.
"""

from django.db import migrations

BATCH = 1000


def clean(apps, schema_editor):
    from django.apps import apps as live_apps

    from kansenwerk.core import privacy

    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditLogEntry = apps.get_model("core", "AuditLogEntry")
    privacy.autodiscover()
    for declaration in privacy.declarations():
        app_label, model_name = declaration.model_label.lower().split(".")
        ct = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        if ct is None:
            continue
        model = live_apps.get_model(declaration.model_label)
        label = str(model._meta.verbose_name)
        label = label[:1].upper() + label[1:]
        rows = AuditLogEntry.objects.filter(content_type_id=ct.pk).only(
            "pk", "object_id", "object_repr", "changes"
        )
        batch = []
        for entry in rows.iterator(chunk_size=BATCH):
            repr_ = f"{label} #{entry.object_id}"[:255]
            changes = privacy.redact_changes(model, entry.changes)
            if (repr_, changes) != (entry.object_repr, entry.changes):
                entry.object_repr, entry.changes = repr_, changes
                batch.append(entry)
            if len(batch) >= BATCH:
                AuditLogEntry.objects.bulk_update(batch, ["object_repr", "changes"])
                batch = []
        if batch:
            AuditLogEntry.objects.bulk_update(batch, ["object_repr", "changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditlog_view_action"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
