"""`kansenwerk meetups-process-waitlist`: expire overdue invitations and invite the next people.

Run every few minutes (cron or a systemd timer); safe to run concurrently.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kansenwerk.meetups.services.registration import waitlist_process


class Command(BaseCommand):
    help = _("Verloop te late uitnodigingen en nodig de volgende op de wachtlijst uit.")

    def handle(self, *args, **options):
        expired = waitlist_process()
        self.stdout.write(
            _("%(count)s uitnodiging(en) verlopen; wachtlijsten bijgewerkt.") % {"count": expired}
        )
