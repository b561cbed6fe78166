"""`kansenwerk meetups-send-reminders`: enqueue the reminder e-mails that are due (2 days before)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.meetups.services.reminders import reminders_enqueue_due


class Command(BaseCommand):
    help = _("Verstuur herinneringen voor meetups die binnen twee dagen beginnen.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=2, help=gettext_lazy("hoeveel dagen vooraf (standaard 2)")
        )

    def handle(self, *args, days, **options):
        count = reminders_enqueue_due(days=days)
        self.stdout.write(_("%(count)s herinnering(en) klaargezet.") % {"count": count})
