"""`kansenwerk koppelen-demo`: add a demo programme with invented participants (after loaddemo)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kansenwerk.koppelen.demo import load_koppelen_demo


class Command(BaseCommand):
    help = _("Voeg een voorbeeldprogramma voor koppelen toe (na loaddemo). Veilig om te herhalen.")

    def handle(self, *args, **options):
        programme = load_koppelen_demo()
        if programme is None:
            self.stderr.write(_("Er zijn nog geen regio's; draai eerst loaddemo."))
            return
        self.stdout.write(
            _("Voorbeeldprogramma klaar: %(name)s (%(region)s).")
            % {"name": programme.name, "region": programme.region}
        )
