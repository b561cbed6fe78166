from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegioConfig(AppConfig):
    name = "kansenwerk.regio"
    label = "regio"
    verbose_name = _("Regio")

    def ready(self) -> None:
        from kansenwerk.regio import receivers

        receivers.connect()
        post_migrate.connect(_fill_tallies, sender=self)


def _fill_tallies(**kwargs) -> None:
    """An installation that had agreements before the summaries existed gets them once, at
    `migrate` (later changes keep them current; `insight-rebuild` recomputes on demand)."""
    from kansenwerk.afspraken.models import Agreement, Signal
    from kansenwerk.meetups.models import Registration
    from kansenwerk.regio import tallies
    from kansenwerk.regio.models import Tally

    using = kwargs.get("using", "default")
    if Tally.objects.using(using).exists():
        return
    if any(m.objects.using(using).exists() for m in (Agreement, Signal, Registration)):
        tallies.rebuild()
