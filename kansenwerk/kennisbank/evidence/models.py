"""Evidence profile and evidence statements; part of the kennisbank app (its migrations)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel


class Level(models.TextChoices):
    """The Dutch recognition ladder (NJi, Movisie, RIVM, Trimbos), low to high; plus 'niet erkend'."""

    NOT_ASSESSED = "niet_beoordeeld", _("Niet beoordeeld")
    WELL_DESCRIBED = "goed_beschreven", _("Goed beschreven")
    WELL_FOUNDED = "goed_onderbouwd", _("Goed onderbouwd")
    EFFECTIVE_FIRST = "effectief_eerste_aanwijzingen", _("Effectief volgens eerste aanwijzingen")
    EFFECTIVE_GOOD = "effectief_goede_aanwijzingen", _("Effectief volgens goede aanwijzingen")
    EFFECTIVE_STRONG = "effectief_sterke_aanwijzingen", _("Effectief volgens sterke aanwijzingen")
    NOT_RECOGNISED = "niet_erkend", _("Niet erkend")


# Sort order: higher is stronger evidence; 'niet erkend' and 'niet beoordeeld' sort lowest.
LEVEL_RANK = {
    Level.NOT_RECOGNISED: 0,
    Level.NOT_ASSESSED: 1,
    Level.WELL_DESCRIBED: 2,
    Level.WELL_FOUNDED: 3,
    Level.EFFECTIVE_FIRST: 4,
    Level.EFFECTIVE_GOOD: 5,
    Level.EFFECTIVE_STRONG: 6,
}
# Recognised: at least 'goed onderbouwd' on the ladder.
RECOGNISED = (
    Level.WELL_FOUNDED,
    Level.EFFECTIVE_FIRST,
    Level.EFFECTIVE_GOOD,
    Level.EFFECTIVE_STRONG,
)


class SchoolType(models.TextChoices):
    VVE = "vve", _("Voor- en vroegschoolse educatie")
    PO = "po", _("Primair onderwijs")
    VO = "vo", _("Voortgezet onderwijs")
    MBO = "mbo", _("Middelbaar beroepsonderwijs")


class CostBand(models.TextChoices):
    UNKNOWN = "", _("Onbekend")
    LOW = "laag", _("Laag")
    MEDIUM = "midden", _("Midden")
    HIGH = "hoog", _("Hoog")


class CostUnit(models.TextChoices):
    PUPIL = "leerling", _("per leerling")
    SCHOOL = "school", _("per school")


class EvidenceProfile(AuditedModel):
    """What is known about one intervention's effect. Every change is in the audit log."""

    intervention = models.OneToOneField(
        "kennisbank.Intervention",
        verbose_name=_("interventie"),
        on_delete=models.CASCADE,
        related_name="evidence_profile",
    )
    level = models.CharField(
        _("erkenningsniveau"), max_length=40, choices=Level.choices, default=Level.NOT_ASSESSED
    )
    scheme = models.CharField(
        _("erkenningstraject"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: Erkenningstraject Interventies (NJi, Movisie, RIVM, Trimbos)."),
    )
    committee = models.CharField(_("erkenningscommissie"), max_length=200, blank=True)
    assessed_on = models.DateField(_("datum van het oordeel"), null=True, blank=True)
    url = models.URLField(_("link naar het oordeel"), max_length=1000, blank=True)
    reason = models.TextField(
        _("toelichting"), blank=True, help_text=_("Verplicht bij 'niet erkend': waarom niet.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # International evidence, as published (e.g. one strand of the EEF toolkit).
    intl_source = models.CharField(_("internationale bron"), max_length=200, blank=True)
    intl_strand = models.CharField(_("onderdeel (strand)"), max_length=200, blank=True)
    intl_impact_months = models.SmallIntegerField(
        _("effect in maanden vooruitgang"), null=True, blank=True
    )
    intl_cost_rating = models.PositiveSmallIntegerField(
        _("kosten (1–5 volgens de bron)"), null=True, blank=True
    )
    intl_evidence_strength = models.PositiveSmallIntegerField(
        _("sterkte van het bewijs (0–5 sloten)"), null=True, blank=True
    )
    intl_url = models.URLField(_("link naar de internationale bron"), max_length=1000, blank=True)
    effective_elements = models.JSONField(_("werkzame elementen"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    school_types = models.JSONField(_("onderwijstypen"), default=list, blank=True)
    cost_band = models.CharField(
        _("kosten"), max_length=10, choices=CostBand.choices, blank=True, default=CostBand.UNKNOWN
    )
    cost_unit = models.CharField(
        _("kosten per"), max_length=10, choices=CostUnit.choices, default=CostUnit.PUPIL
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("bewijsprofiel")
        verbose_name_plural = _("bewijsprofielen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=[c.value for c in Level]),
                name="evidence_level_on_ladder",
            ),
            models.CheckConstraint(
                condition=models.Q(intl_evidence_strength__lte=5)
                | models.Q(intl_evidence_strength__isnull=True),
                name="evidence_intl_strength_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_level_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.level not in Level.values:
            errors["level"] = _("Dit niveau staat niet op de erkenningsladder.")
        if self.assessed_on and self.assessed_on > timezone.localdate():
            errors["assessed_on"] = _("De datum van het oordeel ligt in de toekomst.")
        if self.level == Level.NOT_RECOGNISED and not self.reason.strip():
            errors["reason"] = _("Geef bij 'niet erkend' de reden.")
        if self.level not in (Level.NOT_ASSESSED, "") and not self.scheme.strip():
            errors["scheme"] = _("Vermeld het erkenningstraject waar dit oordeel vandaan komt.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("De hoogste leeftijd ligt onder de laagste.")
        if not isinstance(self.school_types, list) or not set(self.school_types) <= set(
            SchoolType.values
        ):
            errors["school_types"] = _("Kies onderwijstypen uit: vve, po, vo, mbo.")
        if not isinstance(self.effective_elements, list) or not all(
            isinstance(e, str) and e.strip() for e in self.effective_elements
        ):
            errors["effective_elements"] = _("Werkzame elementen zijn een lijst van zinnen.")
        if self.intl_evidence_strength is not None and self.intl_evidence_strength > 5:
            errors["intl_evidence_strength"] = _("De sterkte van het bewijs loopt van 0 tot 5.")
        if self.intl_cost_rating is not None and not 1 <= self.intl_cost_rating <= 5:
            errors["intl_cost_rating"] = _("De kosten volgens de bron lopen van 1 tot 5.")
        if errors:
            raise ValidationError(errors)

    @property
    def rank(self) -> int:
        return LEVEL_RANK[Level(self.level)]

    @property
    def is_recognised(self) -> bool:
        return self.level in RECOGNISED

    @property
    def has_international(self) -> bool:
        return bool(self.intl_source or self.intl_strand)


# Where a statement can be moved on the review page (services.move_target reads these).
DOCUMENT_ONLY = "document"
INTERVENTION_PREFIX, DIRECTION_PREFIX = "interventie:", "oplossingsrichting:"


class EvidenceStatement(AuditedModel):
    """A sentence about effect from an imported (or hand-entered) document, with its source.

    Found by the importer as `proposed`; a beheerder confirms or rejects it. A statement
    is evidence to weigh, never a level.
    """

    class Kind(models.TextChoices):
        CLAIM = "claim", _("Bewering over effect")
        CAVEAT = "kanttekening", _("Kanttekening")
        REFERENCE = "verwijzing", _("Verwijzing naar onderzoek")

    class Status(models.TextChoices):
        PROPOSED = "voorgesteld", _("Voorgesteld")
        CONFIRMED = "bevestigd", _("Bevestigd")
        REJECTED = "afgewezen", _("Afgewezen")

    text = models.TextField(_("uitspraak"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.CLAIM)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    source_document = models.ForeignKey(
        "kennisbank.SourceDocument",
        verbose_name=_("brondocument"),
        on_delete=models.CASCADE,
        related_name="evidence_statements",
    )
    source_page = models.PositiveIntegerField(_("pagina in bron"), null=True, blank=True)
    source_line = models.PositiveIntegerField(_("regel in bron"), null=True, blank=True)
    intervention = models.ForeignKey(
        "kennisbank.Intervention",
        verbose_name=_("interventie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence_statements",
    )
    solution_direction = models.ForeignKey(
        "kennisbank.SolutionDirection",
        verbose_name=_("oplossingsrichting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence_statements",
    )
    subject = models.CharField(
        _("onderwerp"),
        max_length=300,
        blank=True,
        help_text=_("Waar de uitspraak over gaat, als er (nog) geen record aan hangt."),
    )
    import_key = models.CharField(_("importsleutel"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        app_label = "kennisbank"
        verbose_name = _("uitspraak over effect")
        verbose_name_plural = _("uitspraken over effect")
        ordering = ["source_document_id", "source_page", "source_line", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_document", "import_key"],
                condition=~models.Q(import_key=""),
                name="evidence_statement_import_identity",
            )
        ]

    def __str__(self) -> str:
        return self.text[:120]

    def clean(self) -> None:
        if not self.source_document_id:
            raise ValidationError(
                {"source_document": _("Een uitspraak over effect heeft altijd een bron nodig.")}
            )
        if not self.text.strip():
            raise ValidationError({"text": _("De uitspraak is leeg.")})

    @property
    def move_target(self) -> str:
        """Where the statement is now, as the review page's move menu names it."""
        if self.intervention_id:
            return f"{INTERVENTION_PREFIX}{self.intervention_id}"
        if self.solution_direction_id:
            return f"{DIRECTION_PREFIX}{self.solution_direction_id}"
        return DOCUMENT_ONLY

    @property
    def location(self) -> str:
        from django.utils.translation import gettext as _t

        parts = [str(self.source_document)]
        if self.source_page:
            parts.append(_t("pagina %(page)s") % {"page": self.source_page})
        elif self.source_line:
            parts.append(_t("regel %(line)s") % {"line": self.source_line})
        return ", ".join(parts)
