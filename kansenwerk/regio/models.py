"""Summary figures for regio-inzicht and the national view.

One row per (region, kind, key, sub) with a count. The pages read these rows instead of
counting agreements, signals and registrations: their number grows with regions, months
and themes, not with the history of agreements. `kansenwerk.regio.tallies` keeps them
current (deltas on every save and delete) and rebuilds them from scratch
(`kansenwerk insight-rebuild`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel
from kansenwerk.core.models import Region


class TallyKind(models.TextChoices):
    # key: "YYYY-MM" of the meetup (local time); sub: agreement status
    AGREEMENT_MONTH = "a_month", _("afspraken per maand en status")
    # key: theme key (see tallies.theme_key); sub: agreement status
    AGREEMENT_THEME = "a_theme", _("afspraken per thema en status")
    # key: solution direction id; sub: agreement status
    AGREEMENT_DIRECTION = "a_dir", _("afspraken per oplossingsrichting en status")
    # key: due date (ISO) of agreements that are still open; sub: ""
    AGREEMENT_OPEN_DUE = "a_due", _("open afspraken per streefdatum")
    # key: "YYYY-MM" of the completion (local time) of agreements that are done; sub: ""
    AGREEMENT_COMPLETED = "a_done", _("afgeronde afspraken per maand")
    # key: "YYYY-MM" of the start (local time) of meetups not cancelled; sub: ""
    MEETUP_MONTH = "m_month", _("meetups per maand")
    # key: start (local, "YYYY-MM-DDTHH:MM:SS") of meetups not cancelled; sub: "". Only the
    # current month is read (meetups held so far this month).
    MEETUP_START = "m_start", _("meetups per begintijd")
    # key: "YYYY-MM|theme key" of the meetup; sub: signal level
    SIGNAL_MONTH_THEME = "s_month", _("signalen per maand, thema en niveau")
    # key: solution direction id; sub: ""
    SIGNAL_DIRECTION = "s_dir", _("signalen per oplossingsrichting")
    # key: signal group id; sub: signal level
    SIGNAL_GROUP = "s_group", _("signalen per groep en niveau")
    # key: profession; sub: ""
    ATTENDED = "attended", _("aanwezige deelnemers per beroep")


class Tally(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=TallyKind.choices)
    key = models.CharField(_("sleutel"), max_length=320)
    sub = models.CharField(_("onderverdeling"), max_length=20, blank=True)
    n = models.IntegerField(_("aantal"), default=0)

    class Meta:
        verbose_name = _("telling")
        verbose_name_plural = _("tellingen")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "key", "sub"], name="regio_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} {self.key} {self.sub}: {self.n}"


class IndicatorFile(AuditedModel):
    """A CSV of figures per municipality that a region uploaded, with its provenance."""

    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(_("bron"), max_length=300)
    reference_date = models.DateField(_("peildatum"))
    filename = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    indicators = models.JSONField(_("indicatoren"), default=list)
    is_demo = models.BooleanField(
        _("verzonnen voorbeeldcijfers"),
        default=False,
        help_text=_("Cijfers voor de demo, geen echte gegevens."),
    )
    uploaded_by = models.ForeignKey(
        "core.User",
        verbose_name=_("geüpload door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bestand met regiocijfers")
        verbose_name_plural = _("bestanden met regiocijfers")
        ordering = ["-reference_date", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.reference_date})"


class IndicatorValue(models.Model):
    file = models.ForeignKey(
        IndicatorFile, verbose_name=_("bestand"), on_delete=models.CASCADE, related_name="values"
    )
    municipality = models.ForeignKey(
        "core.Municipality", verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.CharField(_("indicator"), max_length=120)
    value = models.DecimalField(_("waarde"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("regiocijfer")
        verbose_name_plural = _("regiocijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["file", "municipality", "indicator"], name="regio_indicator_unique"
            )
        ]
        indexes = [models.Index(fields=["indicator", "file"])]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"
