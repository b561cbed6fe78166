from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kansenwerk.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        # Connects the receivers that keep the index in step with registered models;
        # each app registers its own types from its own AppConfig.ready().
        from kansenwerk.search import signals  # noqa: F401

        # `migrate` and `flush` (which sends post_migrate too) may remove facet keys whose
        # ids are then given to other keys: the per-process key cache starts afresh.
        post_migrate.connect(_clear_facet_keys, sender=self, dispatch_uid="search-clear-facet-keys")


def _clear_facet_keys(**kwargs) -> None:
    from kansenwerk.search import facet_keys

    facet_keys.clear()
