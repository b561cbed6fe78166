"""Send the due reminders to agreement owners (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kansenwerk.afspraken.services.reminders import agreements_send_reminders


class Command(BaseCommand):
    help = _("Stuur herinneringen aan eigenaren van afspraken (voor en na de deadline).")

    def handle(self, *args, **options):
        counts = agreements_send_reminders()
        self.stdout.write(
            _("Herinneringen verstuurd: %(before)s voor de deadline, %(overdue)s na de deadline.")
            % {"before": counts.get("before", 0), "overdue": counts.get("overdue", 0)}
        )
