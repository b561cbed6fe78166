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
    from kansenwerk.afspraken.models import Agreement, AgreementStatus, Signal
    from kansenwerk.meetups.models import Meetup, Registration
    from kansenwerk.regio import tallies
    from kansenwerk.regio.models import Tally, TallyKind

    using = kwargs.get("using", "default")
    if not Tally.objects.using(using).exists():
        if any(m.objects.using(using).exists() for m in (Agreement, Signal, Registration)):
            tallies.rebuild()
        return
    # A kind of tally added later (meetups per month, completions) is filled once too.
    newer = {
        TallyKind.MEETUP_MONTH: Meetup.objects.using(using).exclude(status=Meetup.Status.CANCELLED),
        TallyKind.AGREEMENT_COMPLETED: Agreement.objects.using(using).filter(
            status=AgreementStatus.GEREED, completed_at__isnull=False
        ),
    }
    for kind, sources in newer.items():
        if sources.exists() and not Tally.objects.using(using).filter(kind=kind).exists():
            tallies.rebuild()
            return
