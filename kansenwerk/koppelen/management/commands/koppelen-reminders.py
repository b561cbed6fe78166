"""`kansenwerk koppelen-reminders`: e-mail coordinators about screening steps of mentors that
have stalled (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.koppelen.services.screening import screening_reminders_send


class Command(BaseCommand):
    help = gettext("Herinner coördinatoren aan stappen van mentoren die te lang openstaan.")

    def handle(self, *args, **options) -> None:
        sent = screening_reminders_send()
        self.stdout.write(_("%(count)d herinnering(en) verstuurd.") % {"count": sent})
