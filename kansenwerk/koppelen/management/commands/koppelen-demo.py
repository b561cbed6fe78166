"""`kansenwerk koppelen-demo`: add a demo programme with invented participants (after loaddemo)."""

from django.core.management.base import BaseCommand

from kansenwerk.koppelen.demo import load_koppelen_demo


class Command(BaseCommand):
    help = "Voeg een voorbeeldprogramma voor koppelen toe (na loaddemo). Veilig om te herhalen."

    def handle(self, *args, **options):
        programme = load_koppelen_demo()
        if programme is None:
            self.stderr.write("Er zijn nog geen regio's; draai eerst loaddemo.")
            return
        self.stdout.write(f"Voorbeeldprogramma klaar: {programme.name} ({programme.region}).")
