from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TafelsConfig(AppConfig):
    name = "kansenwerk.tafels"
    label = "tafels"
    verbose_name = _("Tafelindeling")

    def ready(self) -> None:
        # Meetups shows seats on its pages but may not import tafels (the layer above).
        from kansenwerk.meetups import seating

        from .selectors import final_seats_by_registration, final_seats_for_registration

        seating.register(
            by_meetup=final_seats_by_registration, for_registration=final_seats_for_registration
        )
