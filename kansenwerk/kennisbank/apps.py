from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    name = "kansenwerk.kennisbank"
    label = "kennisbank"
    verbose_name = _("Kennisbank")

    def ready(self) -> None:
        from kansenwerk.kennisbank import search

        search.register_types()
