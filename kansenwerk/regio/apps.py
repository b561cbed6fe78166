from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegioConfig(AppConfig):
    name = "kansenwerk.regio"
    label = "regio"
    verbose_name = _("Regio")

    def ready(self) -> None:
        from kansenwerk.regio import receivers

        receivers.connect()
