from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kansenwerk.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        from kansenwerk.search.kennisbank_types import register_kennisbank

        register_kennisbank()
