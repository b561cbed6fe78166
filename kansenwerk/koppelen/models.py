"""Buddy and mentor programmes: participants with their intake, matches and their follow-up.

Everything here is personal data, often of minors. Intake answers, notes and display names
are kept out of the audit log (`audit_exclude`) and `__str__` never shows a name, so the log
holds who changed what, not the personal data itself; pseudonymisation then only has to
clear these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel

from .matching.rules import Rules, rules_from_overrides

INTAKE_FIELDS = (
    "languages",
    "home_language",
    "availability",
    "postcode_area",
    "interests",
    "year_group",
    "age_band",
    "needs",
    "gender",
)
DEFAULT_INTAKE_FIELDS = ("languages", "home_language", "availability", "postcode_area", "interests")
SCREENING_STEPS = ("intake_talk", "vog", "training")


class Programme(AuditedModel):
    audit_exclude = ("last_run",)

    class Kind(models.TextChoices):
        OUDER_OUDER = "ouder_ouder", _("Ouder–ouder")
        OUDERE_JONGERE_LEERLING = "oudere_jongere_leerling", _("Oudere–jongere leerling")
        MENTOR_KIND = "mentor_kind", _("Mentor–kind")
        VRIJWILLIGER_GEZIN = "vrijwilliger_gezin", _("Vrijwilliger–gezin")

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort programma"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("beschrijving"), blank=True)
    owner = models.ForeignKey(
        "netwerk.Organization",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="koppel_programmes",
        null=True,
        blank=True,
        help_text=_("De organisatie uit het netwerk die het programma uitvoert."),
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("regio"), on_delete=models.PROTECT, related_name="+"
    )
    solution_directions = models.ManyToManyField(
        "kennisbank.SolutionDirection",
        verbose_name=_("oplossingsrichtingen"),
        blank=True,
        related_name="koppel_programmes",
    )
    interventions = models.ManyToManyField(
        "kennisbank.Intervention",
        verbose_name=_("interventies"),
        blank=True,
        related_name="koppel_programmes",
    )
    intake_fields = models.JSONField(
        _("intakevragen"),
        default=list,
        blank=True,
        help_text=_("Welke vragen de intake stelt (naast naam en beschikbaarheid)."),
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("standaard aantal mentees per mentor"), default=1
    )
    rules = models.JSONField(
        _("koppelregels"),
        default=dict,
        blank=True,
        help_text=_("Afwijkingen van de standaardregels ([hard], [soft], [objective])."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn in maanden"),
        default=12,
        help_text=_(
            "Zoveel maanden na het einde van de laatste koppeling worden de gegevens van een "
            "deelnemer gepseudonimiseerd."
        ),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinatoren"),
        related_name="koppel_programmes",
        blank=True,
    )
    last_run = models.JSONField(_("laatste koppelronde"), default=dict, blank=True)
    is_open = models.BooleanField(
        _("open voor aanmelding"),
        default=False,
        help_text=_(
            "Iedereen ziet het programma in het overzicht en kan zich aanmelden via een "
            "openbaar formulier."
        ),
    )
    screening_steps = models.JSONField(
        _("stappen voor mentoren"),
        default=list,
        blank=True,
        help_text=_("Wat een mentor afgerond moet hebben voordat hij of zij gekoppeld wordt."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("koppelprogramma")
        verbose_name_plural = _("koppelprogramma's")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_capacity__gte=1), name="koppelen_programme_capacity_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("koppelen:programme_detail", kwargs={"programme_id": self.pk})

    @property
    def mentee_is_minor(self) -> bool:
        """Children and pupils are minors; their intake is filled in by a parent or professional."""
        return self.kind in (self.Kind.MENTOR_KIND, self.Kind.OUDERE_JONGERE_LEERLING)

    @property
    def mentor_is_minor(self) -> bool:
        return self.kind == self.Kind.OUDERE_JONGERE_LEERLING

    def asks(self, name: str) -> bool:
        return name in (self.intake_fields or DEFAULT_INTAKE_FIELDS)

    def matching_rules(self) -> Rules:
        return rules_from_overrides(overrides=self.rules or {}, source=str(self))


class Participant(AuditedModel):
    audit_exclude = (
        "display_name",
        "contact",
        "languages",
        "home_language",
        "availability",
        "postcode_area",
        "interests",
        "year_group",
        "age_band",
        "needs",
        "gender",
        "gender_preference",
        "notes",
        "ranking",
        "email",
        "token_hash",
    )

    class Side(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class FilledInBy(models.TextChoices):
        SELF = "zelf", _("De deelnemer zelf")
        PARENT = "ouder", _("Ouder of verzorger")
        PROFESSIONAL = "professional", _("Professional (leerkracht, jeugdwerker…)")

    class AgeBand(models.TextChoices):
        UNDER_8 = "4-7", _("4 tot 8 jaar")
        UNDER_12 = "8-11", _("8 tot 12 jaar")
        UNDER_16 = "12-15", _("12 tot 16 jaar")
        UNDER_18 = "16-17", _("16 tot 18 jaar")
        ADULT = "18+", _("18 jaar of ouder")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    side = models.CharField(_("kant"), max_length=10, choices=Side.choices)
    display_name = models.CharField(_("naam of schuilnaam"), max_length=80)
    contact = models.CharField(_("contactgegevens"), max_length=200, blank=True)
    filled_in_by = models.CharField(
        _("ingevuld door"), max_length=20, choices=FilledInBy.choices, default=FilledInBy.SELF
    )
    is_minor = models.BooleanField(_("minderjarig"), default=False)
    languages = models.JSONField(_("talen"), default=list, blank=True)
    home_language = models.CharField(_("thuistaal"), max_length=60, blank=True)
    availability = models.JSONField(_("beschikbaarheid"), default=list, blank=True)
    postcode_area = models.CharField(_("postcodegebied"), max_length=4, blank=True)
    interests = models.JSONField(_("interesses"), default=list, blank=True)
    year_group = models.PositiveSmallIntegerField(_("groep of leerjaar"), null=True, blank=True)
    age_band = models.CharField(_("leeftijd"), max_length=10, choices=AgeBand.choices, blank=True)
    needs = models.JSONField(_("hulpvragen of aanbod"), default=list, blank=True)
    gender = models.CharField(_("geslacht"), max_length=20, blank=True)
    gender_preference = models.CharField(_("voorkeur geslacht mentor"), max_length=20, blank=True)
    has_vog = models.BooleanField(_("VOG gezien"), default=False)
    capacity = models.PositiveSmallIntegerField(_("aantal mentees"), default=1)
    notes = models.TextField(_("notitie coördinator"), blank=True)
    ranking = models.JSONField(_("voorkeuren (volgorde)"), default=list, blank=True)
    pseudonymised_at = models.DateTimeField(_("gepseudonimiseerd op"), null=True, blank=True)
    # Public intake: the adult's e-mail, consent and a personal link (only its hash is kept).
    email = models.EmailField(_("e-mailadres van de invuller"), blank=True)
    signed_up_publicly = models.BooleanField(_("aangemeld via het formulier"), default=False)
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    parental_consent = models.BooleanField(_("toestemming ouder of verzorger"), default=False)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    # Screening of mentors before they can be matched.
    intake_talk_on = models.DateField(_("intakegesprek gehouden op"), null=True, blank=True)
    vog_requested_on = models.DateField(_("VOG aangevraagd op"), null=True, blank=True)
    vog_received_on = models.DateField(_("VOG ontvangen op"), null=True, blank=True)
    training_on = models.DateField(_("training gevolgd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["programme_id", "side", "display_name", "id"]
        indexes = [models.Index(fields=["programme", "side"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode_area="") | Q(postcode_area__regex=r"^[1-9][0-9]{3}$"),
                name="koppelen_participant_postcode_area",
            ),
        ]

    def __str__(self) -> str:
        # No name here: __str__ lands in the audit log.
        return f"{self.get_side_display()} #{self.pk}"

    def screening_done(self, step: str) -> bool:
        if step == "intake_talk":
            return self.intake_talk_on is not None
        if step == "vog":
            return self.has_vog or self.vog_received_on is not None
        if step == "training":
            return self.training_on is not None
        return False

    def screening_missing(self) -> list[str]:
        """The programme's required steps this mentor has not completed (empty for mentees)."""
        if self.side != self.Side.MENTOR:
            return []
        return [s for s in (self.programme.screening_steps or []) if not self.screening_done(s)]

    def get_absolute_url(self) -> str:
        return reverse(
            "koppelen:participant_detail",
            kwargs={"programme_id": self.programme_id, "participant_id": self.pk},
        )


class Match(AuditedModel):
    audit_exclude = ("reasons", "early_end_note", "fit")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("voorgesteld")
        LOCKED = "locked", _("vastgezet")
        ACCEPTED = "accepted", _("gestart")
        REJECTED = "rejected", _("uitgesloten")
        ENDED = "ended", _("beëindigd")

    class EndReason(models.TextChoices):
        COMPLETED = "", _("Regulier afgerond")
        NO_CLICK = "geen_klik", _("Het klikte niet")
        NO_TIME = "geen_tijd", _("Te weinig tijd")
        MOVED = "verhuisd", _("Verhuisd")
        MENTEE_STOPPED = "mentee_gestopt", _("Mentee of gezin gestopt")
        MENTOR_STOPPED = "mentor_gestopt", _("Mentor gestopt")
        HEALTH = "gezondheid", _("Ziekte of persoonlijke omstandigheden")
        OTHER = "anders", _("Andere reden")

    ACTIVE = (Status.PROPOSED, Status.LOCKED, Status.ACCEPTED)

    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="matches"
    )
    mentor = models.ForeignKey(
        Participant,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="matches_as_mentor",
    )
    mentee = models.ForeignKey(
        Participant,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="matches_as_mentee",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.FloatField(_("passendheid"), default=0)
    reasons = models.JSONField(_("toelichting"), default=list, blank=True)
    fit = models.JSONField(
        _("punten"),
        default=dict,
        blank=True,
        help_text=_(
            "Welke punten kloppen ({'points': [[punt, ja/nee]], 'best': hoogst haalbaar})."
        ),
    )
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    early_end_reason = models.CharField(
        _("reden van vroegtijdig einde"), max_length=20, choices=EndReason.choices, blank=True
    )
    early_end_note = models.CharField(_("toelichting bij het einde"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["programme_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["proposed", "locked", "accepted"]),
                name="koppelen_match_one_active_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="koppelen_match_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Koppeling')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse(
            "koppelen:match_detail",
            kwargs={"programme_id": self.programme_id, "match_id": self.pk},
        )

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def points_summary(self) -> str:
        """'past op 4 van 5 punten: …' for people; empty for matches from before points."""
        from .matching.explain import points_summary

        points = (self.fit or {}).get("points") or []
        return points_summary(points) if points else ""

    @property
    def share_of_best(self) -> int | None:
        """The fit as a percentage of the best this mentee could get (None when unknown)."""
        best = (self.fit or {}).get("best") or 0
        if best <= 0:
            return None
        return min(100, round(100 * self.score / best))


class Meeting(AuditedModel):
    audit_exclude = ("note",)

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    note = models.CharField(_("korte notitie"), max_length=280, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ontmoeting")
        verbose_name_plural = _("ontmoetingen")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{_('Ontmoeting')} #{self.pk}"


class CheckIn(AuditedModel):
    audit_exclude = ("answers",)

    class Week(models.IntegerChoices):
        WEEK_4 = 4, _("na 4 weken")
        WEEK_12 = 12, _("na 12 weken")

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="checkins"
    )
    week = models.PositiveSmallIntegerField(_("moment"), choices=Week.choices)
    done_on = models.DateField(_("gedaan op"))
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["match_id", "week"]
        constraints = [
            models.UniqueConstraint(fields=["match", "week"], name="koppelen_checkin_once"),
        ]

    def __str__(self) -> str:
        return f"{_('Check-in')} #{self.pk}"


class PostcodeCentroid(models.Model):
    """Centre of a 4-digit postcode area, loaded from a CSV (`manage.py koppelen_postcodes`).
    Public geodata, not personal data; without it distances are shown as unknown."""

    postcode = models.CharField(_("postcodegebied"), max_length=4, primary_key=True)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))

    class Meta:
        verbose_name = _("middelpunt van een postcodegebied")
        verbose_name_plural = _("middelpunten van postcodegebieden")

    def __str__(self) -> str:
        return self.postcode
