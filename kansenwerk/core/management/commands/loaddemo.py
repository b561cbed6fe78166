"""`kansenwerk loaddemo`: idempotent demo content (regions, kennisbank, demo accounts, and the
demo of every app that offers one as `kansenwerk.<app>.demo.load_<app>_demo()`)."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.demo import content
from kansenwerk.core.demo.load import load_demo

# In dependency order: meetups use the netwerk, agreements use meetups.
APP_DEMOS = ("kennisbank", "netwerk", "meetups", "tafels", "afspraken", "koppelen", "regio")


def app_demo_loaders():
    for app in APP_DEMOS:
        package = import_module(f"kansenwerk.{app}")
        if module_has_submodule(package, "demo"):
            loader = getattr(import_module(f"kansenwerk.{app}.demo"), f"load_{app}_demo", None)
            if callable(loader):
                yield app, loader


class Command(BaseCommand):
    help = _(
        "Laad voorbeeldinhoud (regio's, kennisbank, netwerk, meetups, demo-accounts). "
        "Veilig om te herhalen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help=gettext_lazy("geen demo-accounts aanmaken")
        )

    def handle(self, *args, no_users=False, **options):
        with transaction.atomic():
            counts = load_demo(with_users=not no_users)
            loaded = []
            for app, loader in app_demo_loaders():
                loader()
                loaded.append(app)
        self.stdout.write(
            _(
                "Voorbeeldinhoud geladen: %(regions)s regio's, %(themes)s thema's, "
                "%(interventions)s interventies."
            )
            % counts
        )
        if loaded:
            self.stdout.write(_("Ook geladen: %(apps)s.") % {"apps": ", ".join(loaded)})
        if not no_users:
            names = ", ".join(u["username"] for u in content.USERS)
            self.stdout.write(
                _("Demo-accounts (alleen voor lokaal gebruik): %(names)s; wachtwoord: %(password)s")
                % {"names": names, "password": content.DEMO_PASSWORD}
            )
