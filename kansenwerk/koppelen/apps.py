from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KoppelenConfig(AppConfig):
    name = "kansenwerk.koppelen"
    label = "koppelen"
    verbose_name = _("Koppelen")
