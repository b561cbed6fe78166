"""Send the due reminders to agreement owners (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from kansenwerk.afspraken.services.reminders import agreements_send_reminders


class Command(BaseCommand):
    help = "Stuur herinneringen aan eigenaren van afspraken (voor en na de deadline)."

    def handle(self, *args, **options):
        counts = agreements_send_reminders()
        self.stdout.write(
            f"Herinneringen verstuurd: {counts.get('before', 0)} voor de deadline, "
            f"{counts.get('overdue', 0)} na de deadline."
        )
