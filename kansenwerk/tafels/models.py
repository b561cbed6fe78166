"""Table plans for a meetup evening: the settings of a run, its seats, and keep-together rules.

A `TablePlan` is one planner run (settings + result); its `TableSeat` rows say who sits
where in every round. Organisers may move seats by hand (the seat is then `locked`)
and rebalance at the door; the engine in `kansenwerk.tafels.planning` does the work.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration


class TablePlan(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        FINAL = "final", _("Definitief")

    class Source(models.TextChoices):
        REGISTRATIONS = "registrations", _("Aanmeldingen")
        PRESENT = "present", _("Binnengekomen deelnemers")

    class RunState(models.TextChoices):
        QUEUED = "queued", _("Wacht op berekening")
        RUNNING = "running", _("Bezig met rekenen")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("meetup"), on_delete=models.CASCADE, related_name="table_plans"
    )
    source = models.CharField(
        _("indelen op basis van"),
        max_length=20,
        choices=Source.choices,
        default=Source.REGISTRATIONS,
    )
    rounds = models.PositiveSmallIntegerField(_("aantal rondes"), default=1)
    table_size_min = models.PositiveSmallIntegerField(_("minimaal aantal per tafel"), default=4)
    table_size_max = models.PositiveSmallIntegerField(_("maximaal aantal per tafel"), default=8)
    seconds = models.PositiveSmallIntegerField(_("rekentijd in seconden"), default=5)
    facilitator_per_table = models.BooleanField(_("een gespreksleider per tafel"), default=False)
    facilitators = models.ManyToManyField(
        Registration, verbose_name=_("gespreksleiders"), blank=True, related_name="+"
    )
    rotate_themes = models.BooleanField(
        _("volgende ronde bij het thema van de 2e keus"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    run_state = models.CharField(
        _("berekening"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    error = models.TextField(_("foutmelding"), blank=True)
    score = models.JSONField(_("score"), default=dict, blank=True)
    last_moves = models.JSONField(_("laatste verplaatsingen"), default=list, blank=True)
    solve_seconds = models.FloatField(_("rekentijd gebruikt"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("tafelindeling")
        verbose_name_plural = _("tafelindelingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(table_size_min__gte=1)
                & models.Q(table_size_max__gte=models.F("table_size_min")),
                name="tableplan_size_bounds",
            ),
            models.CheckConstraint(
                condition=models.Q(rounds__gte=1) & models.Q(rounds__lte=4),
                name="tableplan_rounds_range",
            ),
            models.CheckConstraint(
                condition=models.Q(seconds__gte=1) & models.Q(seconds__lte=60),
                name="tableplan_seconds_range",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.meetup} · {self.created_at:%d-%m-%Y %H:%M}"
            if self.created_at
            else str(self.meetup)
        )

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    def get_absolute_url(self) -> str:
        return reverse("tafels:plan", kwargs={"plan_id": self.pk})

    @property
    def is_busy(self) -> bool:
        return self.run_state in (self.RunState.QUEUED, self.RunState.RUNNING)


class TableSeat(AuditedModel):
    plan = models.ForeignKey(
        TablePlan, verbose_name=_("tafelindeling"), on_delete=models.CASCADE, related_name="seats"
    )
    round = models.PositiveSmallIntegerField(_("ronde"))
    meetup_theme = models.ForeignKey(
        MeetupTheme, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+"
    )
    table_number = models.PositiveSmallIntegerField(_("tafelnummer"))
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="table_seats",
    )
    is_facilitator = models.BooleanField(_("gespreksleider"), default=False)
    locked = models.BooleanField(
        _("vastgezet"),
        default=False,
        help_text=_("Met de hand geplaatst; herindelen laat deze plek staan."),
    )

    class Meta:
        verbose_name = _("tafelplaats")
        verbose_name_plural = _("tafelplaatsen")
        ordering = ["plan_id", "round", "meetup_theme_id", "table_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "round", "registration"], name="tableseat_once_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(round__gte=1) & models.Q(table_number__gte=1),
                name="tableseat_positive_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}/{self.meetup_theme_id}/{self.table_number}: {self.registration_id}"

    def permission_region_id(self) -> int | None:
        return self.plan.meetup.region_id


class KeepRule(AuditedModel):
    class Kind(models.TextChoices):
        APART = "apart", _("Uit elkaar houden")
        TOGETHER = "together", _("Bij elkaar zetten")

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("meetup"), on_delete=models.CASCADE, related_name="keep_rules"
    )
    first = models.ForeignKey(
        Registration, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Registration, verbose_name=_("met deelnemer"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("regel"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("indelingsregel")
        verbose_name_plural = _("indelingsregels")
        ordering = ["meetup_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="keeprule_two_people"
            ),
            models.UniqueConstraint(
                fields=["meetup", "first", "second"], name="keeprule_one_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.first_id} / {self.second_id}"

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id


# Letters and digits that cannot be mistaken for each other when typed from a printed card
# (no 0/o, 1/l/i): 20 of them carry about 99 bits, too many to guess.
TYPEABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


def new_table_token() -> str:
    """The secret in a table host's link (printed as a QR code and as text on the card)."""
    return "".join(secrets.choice(TYPEABLE_CHARACTERS) for _ in range(20))


class TableLink(AuditedModel):
    """A table host's personal link: record agreements for this table without an account.

    A link belongs to a table of the meetup (round, theme, table number), not to one
    planner run, so printed cards keep working when the organiser plans again or picks
    another draft. It stops working a few days after the meetup (`expires_at`).
    """

    audit_exclude = ("token",)

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("meetup"), on_delete=models.CASCADE, related_name="table_links"
    )
    round = models.PositiveSmallIntegerField(_("ronde"))
    meetup_theme = models.ForeignKey(
        MeetupTheme, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="+"
    )
    table_number = models.PositiveSmallIntegerField(_("tafelnummer"))
    token = models.CharField(
        _("geheime code"), max_length=40, unique=True, default=new_table_token, editable=False
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("tafellink")
        verbose_name_plural = _("tafellinks")
        ordering = ["meetup_id", "round", "table_number", "meetup_theme_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meetup", "round", "meetup_theme", "table_number"],
                name="tablelink_one_per_table",
            ),
            models.CheckConstraint(
                condition=models.Q(round__gte=1) & models.Q(table_number__gte=1),
                name="tablelink_positive_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meetup_id} · {self.round} · {self.meetup_theme_id} · {self.table_number}"

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    @property
    def label(self) -> str:
        """How the table is written on agreements: "Tafel 3" (the card says the same)."""
        from django.utils.translation import gettext

        return gettext("Tafel %(n)d") % {"n": self.table_number}
