from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    name = "kansenwerk.netwerk"
    label = "netwerk"
    verbose_name = _("Netwerk")

    def ready(self) -> None:
        from .search_types import register_netwerk

        register_netwerk()
