"""After the evening: agreements with owners and deadlines, their progress, and signals.

An `Agreement` is made at a meetup table: what will happen, who owns it (name and
e-mail, no account needed: the owner gets a personal, revocable link), with whom, by
when, and which theme and solution direction it serves. `ProgressUpdate` rows form
its timeline. A `Signal` ("wat is nodig") is a condition the table asks of the
municipality or of national policy; similar signals are bundled in a `SignalGroup`
so the national view shows what many regions ask for.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel


def new_token() -> str:
    """The secret in an owner's personal link."""
    return secrets.token_urlsafe(32)


class AgreementStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    BEZIG = "bezig", _("Bezig")
    GEREED = "gereed", _("Gereed")
    VERVALLEN = "vervallen", _("Vervallen")


# Statuses in which an agreement still asks for work (and reminders).
OPEN_STATUSES = (AgreementStatus.GEPLAND, AgreementStatus.BEZIG)


class TableOutcome(AuditedModel):
    """What a table leaves behind (an agreement or a signal): where it was said.

    The meetup, its theme and solution direction, the kennisbank direction it links to and
    the table; `related_name` gives `meetup.agreements` and `meetup.signals`.
    """

    meetup = models.ForeignKey(
        "meetups.Meetup",
        verbose_name=_("meetup"),
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    meetup_theme = models.ForeignKey(
        "meetups.MeetupTheme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )
    meetup_direction = models.ForeignKey(
        "meetups.MeetupDirection",
        verbose_name=_("oplossingsrichting (meetup)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )
    solution_direction = models.ForeignKey(
        "kennisbank.SolutionDirection",
        verbose_name=_("oplossingsrichting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)ss",
    )
    table_label = models.CharField(_("tafel"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        abstract = True


class Agreement(TableOutcome):
    # The owner's personal data and secret stay out of the audit log.
    audit_exclude = ("token", "owner_name", "owner_email")

    what = models.TextField(_("wat spreken we af"))
    owner_name = models.CharField(_("eigenaar"), max_length=200)
    owner_email = models.EmailField(_("e-mailadres eigenaar"), blank=True)
    people = models.TextField(_("met wie (personen)"), blank=True)
    organizations = models.ManyToManyField(
        "netwerk.Organization",
        verbose_name=_("met welke organisaties"),
        blank=True,
        related_name="agreements",
    )
    due_date = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.GEPLAND,
    )
    token = models.CharField(_("persoonlijke link"), max_length=64, unique=True, default=new_token)
    token_revoked_at = models.DateTimeField(_("link ingetrokken op"), null=True, blank=True)
    client_uuid = models.UUIDField(
        _("inzendingskenmerk"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("Kenmerk dat de telefoon meestuurt, zodat een inzending maar één keer telt."),
    )
    # Set by `agreement_progress_add` when the status becomes "gereed", cleared when the
    # agreement is reopened; regio-inzicht counts agreements completed per quarter by it.
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_date", "id"]
        # Covering indexes for the regio-inzicht counts (bench/insight.py): per meetup,
        # per meetup theme and per solution direction, by status (and deadline).
        indexes = [
            models.Index(
                fields=["meetup", "status", "due_date"], name="agreement_meetup_status_due"
            ),
            models.Index(fields=["meetup_theme", "status"], name="agreement_theme_status"),
            models.Index(
                fields=["solution_direction", "status", "meetup"],
                name="agreement_direction_status",
            ),
            models.Index(fields=["status", "due_date"], name="agreement_status_due"),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    def get_absolute_url(self) -> str:
        return reverse("afspraken:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ProgressUpdate(AuditedModel):
    """One step on an agreement's timeline, by its owner or an organiser."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    date = models.DateField(_("datum"))
    text = models.TextField(_("wat is er gebeurd"), blank=True)
    new_status = models.CharField(
        _("nieuwe status"), max_length=10, choices=AgreementStatus.choices, blank=True
    )
    by_owner = models.BooleanField(_("door de eigenaar"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["agreement_id", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.text[:60]}"

    def permission_region_id(self) -> int | None:
        return self.agreement.meetup.region_id


class ReminderSent(models.Model):
    """What reminder went out for which agreement, so the job never mails twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Voor de deadline")
        OVERDUE = "overdue", _("Na de deadline zonder voortgang")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    due_date = models.DateField(_("voor deadline"))
    sent_at = models.DateTimeField(_("verstuurd op"))

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            # A moved deadline earns a new reminder; the same deadline never a second one.
            models.UniqueConstraint(
                fields=["agreement", "kind", "due_date"], name="remindersent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_date:%d-%m-%Y})"


class SignalLevel(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    LANDELIJK = "landelijk", _("Landelijk beleid")


class SignalGroup(AuditedModel):
    """Signals that ask for the same thing, in other words; a beheerder may merge or split."""

    label = models.CharField(_("omschrijving"), max_length=300)
    theme = models.ForeignKey(
        "kennisbank.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signal_groups",
    )
    is_manual = models.BooleanField(
        _("door beheerder samengesteld"),
        default=False,
        help_text=_("Automatisch groeperen verandert deze groep niet meer."),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samengevoegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("groep signalen")
        verbose_name_plural = _("groepen signalen")
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return self.label


class Signal(TableOutcome):
    """'Wat is nodig': a condition for the municipality or national policy."""

    text = models.TextField(_("wat is nodig"))
    level = models.CharField(
        _("voor wie"), max_length=10, choices=SignalLevel.choices, default=SignalLevel.GEMEENTE
    )
    group = models.ForeignKey(
        SignalGroup,
        verbose_name=_("groep"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    # The Dutch analysis of `text`, kept so grouping a new signal does not re-analyse
    # every earlier one (see kansenwerk.afspraken.services.signals).
    tokens = models.JSONField(_("analyse"), default=list, blank=True, editable=False)
    client_uuid = models.UUIDField(_("inzendingskenmerk"), unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    def get_absolute_url(self) -> str:
        return reverse("afspraken:report", kwargs={"slug": self.meetup.slug}) + "#signalen"


class ReportPublication(AuditedModel):
    """The meetup report, shared with its participants through a secret link (no login).

    The public version shows no names or e-mail addresses: participants never agreed to
    share theirs, so agreements appear with what, theme, direction, organisations, date
    and status, but without owner or "met wie". Withdrawing makes the link answer 410.
    """

    audit_exclude = ("token",)

    meetup = models.OneToOneField(
        "meetups.Meetup",
        verbose_name=_("meetup"),
        on_delete=models.CASCADE,
        related_name="report_publication",
    )
    token = models.CharField(_("geheime link"), max_length=64, unique=True, default=new_token)
    published_at = models.DateTimeField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipients = models.PositiveIntegerField(_("aantal ontvangers"), default=0)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gepubliceerd verslag")
        verbose_name_plural = _("gepubliceerde verslagen")

    def __str__(self) -> str:
        return str(self.meetup)

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
