from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TafelsConfig(AppConfig):
    name = "kansenwerk.tafels"
    label = "tafels"
    verbose_name = _("Tafelindeling")
