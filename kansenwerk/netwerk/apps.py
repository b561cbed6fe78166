from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    name = "kansenwerk.netwerk"
    label = "netwerk"
    verbose_name = _("Netwerk")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

        from .search_types import register_netwerk
        from .services import relink_on_kennisbank_save

        register_netwerk()
        # A kennisbank record that a kept import term names links itself when it appears.
        for model in (Theme, SolutionDirection, Intervention, Initiative):
            post_save.connect(
                relink_on_kennisbank_save,
                sender=model,
                dispatch_uid=f"netwerk_relink_{model._meta.model_name}",
            )
