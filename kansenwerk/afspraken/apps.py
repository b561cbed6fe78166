from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AfsprakenConfig(AppConfig):
    name = "kansenwerk.afspraken"
    label = "afspraken"
    verbose_name = _("Afspraken en signalen")

    def ready(self) -> None:
        from kansenwerk.afspraken import search

        search.register_types()
