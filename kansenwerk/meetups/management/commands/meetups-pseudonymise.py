"""`kansenwerk meetups-pseudonymise`: remove personal data after each meetup's retention period."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kansenwerk.meetups.services.registration import registrations_pseudonymise


class Command(BaseCommand):
    help = _("Verwijder naam, e-mail en organisatie van aanmeldingen na de bewaartermijn.")

    def handle(self, *args, **options):
        count = registrations_pseudonymise()
        self.stdout.write(_("%(count)s aanmelding(en) gepseudonimiseerd.") % {"count": count})
