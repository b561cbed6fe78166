from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    name = "kansenwerk.netwerk"
    label = "netwerk"
    verbose_name = _("Netwerk")
