"""`kansenwerk loaddemo`: idempotent demo content (regions, kennisbank, demo accounts)."""

from django.core.management.base import BaseCommand

from kansenwerk.core.demo import content
from kansenwerk.core.demo.load import load_demo


class Command(BaseCommand):
    help = "Laad voorbeeldinhoud (regio's, thema's, interventies, demo-accounts). Veilig om te herhalen."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="geen demo-accounts aanmaken")

    def handle(self, *args, no_users=False, **options):
        counts = load_demo(with_users=not no_users)
        self.stdout.write(
            "Voorbeeldinhoud geladen: {regions} regio's, {themes} thema's, "
            "{interventions} interventies.".format(**counts)
        )
        if not no_users:
            names = ", ".join(u["username"] for u in content.USERS)
            self.stdout.write(
                f"Demo-accounts (alleen voor lokaal gebruik): {names}; "
                f"wachtwoord: {content.DEMO_PASSWORD}"
            )
