from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetupsConfig(AppConfig):
    name = "kansenwerk.meetups"
    label = "meetups"
    verbose_name = _("Meetups")

    def ready(self) -> None:
        from kansenwerk.kennisbank.signals import record_repaired

        record_repaired.connect(_refresh_copies, dispatch_uid="meetups-refresh-repaired-copies")


def _refresh_copies(sender, *, record, before, **kwargs) -> None:
    from kansenwerk.meetups.services.meetup import copies_refresh_after_repair

    copies_refresh_after_repair(record=record, before=before)
