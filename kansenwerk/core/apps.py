from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kansenwerk.core"
    label = "core"
    verbose_name = _("Basis: accounts, regio's en auditlog")

    def ready(self) -> None:
        from . import audit, history, login_throttle, privacy

        audit.connect_signals()
        login_throttle.connect_signals()
        # Every app's privacy.py: the register of personal data (STYLE.md rule 14).
        privacy.autodiscover()
        # Every app's history.py: which kinds have a history page, and who may see it.
        history.autodiscover()
