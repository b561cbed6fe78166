from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kansenwerk.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        # Connects the receivers that keep the index in step with registered models;
        # each app registers its own types from its own AppConfig.ready().
        from kansenwerk.search import signals  # noqa: F401
