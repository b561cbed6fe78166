from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    name = "kansenwerk.kennisbank"
    label = "kennisbank"
    verbose_name = _("Kennisbank")

    def ready(self) -> None:
        # The registry tells the models their URL segment (see models.URL_KINDS).
        from . import registry  # noqa: F401
