from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kansenwerk.core"
    label = "core"
    verbose_name = _("Basis: accounts, regio's en auditlog")

    def ready(self) -> None:
        from . import audit, history, login_throttle, lookups, privacy

        lookups.register()
        audit.connect_signals()
        login_throttle.connect_signals()
        # Core's own entries first, then every app's privacy.py (the register, STYLE.md rule 14).
        import_module(f"{self.name}.privacy_accounts")
        privacy.autodiscover()
        # Every app's history.py: which kinds have a history page, and who may see it.
        history.autodiscover()
