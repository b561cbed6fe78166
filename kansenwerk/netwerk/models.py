"""The sociale kaart: organisations, what they offer (services), where, and whom to call.

The shape follows Open Referral HSDS 3.0 where it fits (organization, service,
location, contact) so import and export map field for field; every record carries
the stable `hsds_id` it is known by outside kansenwerk. See HSDS.md.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel
from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

# Languages often spoken by families that Django's own list lacks.
LANGUAGE_NAMES = {
    "ti": _("Tigrinya"),
    "so": _("Somalisch"),
    "ber": _("Berbers (Tamazight)"),
    "prs": _("Dari"),
    "ps": _("Pasjtoe"),
    "ku": _("Koerdisch"),
    "pap": _("Papiaments"),
    "srn": _("Sranantongo"),
    "tw": _("Twi"),
}


def attribute_values_field():
    """Values of HSDS attributes as an import received them: a list of
    `{"taxonomy_term_id", "value"}`. The export writes each value again on the attribute
    of that term (HSDS.md, "Attribute values"); the terms themselves are links or kept terms."""
    return models.JSONField(
        _("waarden van HSDS-attributen"), default=list, blank=True, editable=False
    )


class TargetGroup(AuditedModel):
    """Whom a service is for (ouders, nieuwkomers, leerlingen vo …): a small editable list."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True)
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140] or "doelgroep"
        super().save(*args, **kwargs)


class KeptTerm(AuditedModel):
    """A taxonomy term from an HSDS import that names nothing in this database (yet).

    A kennisbank theme, direction, intervention or initiative that does not exist here,
    or a term of another system's taxonomy, is kept as it came (`data`, and the
    taxonomy object it belongs to in `taxonomy`) so the next export writes it again
    unchanged; once a matching kennisbank record appears, the link is made and the kept
    term let go (see `services.relink_kept_terms`).
    """

    hsds_id = models.UUIDField(_("HSDS-id"), unique=True)
    code = models.CharField(_("code"), max_length=300, blank=True, db_index=True)
    name = models.CharField(_("naam"), max_length=300, blank=True)
    data = models.JSONField(_("term zoals ontvangen"), default=dict)
    taxonomy = models.JSONField(_("taxonomie zoals ontvangen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bewaarde taxonomieterm")
        verbose_name_plural = _("bewaarde taxonomietermen")
        ordering = ["code", "hsds_id"]

    def __str__(self) -> str:
        return self.code or self.name or str(self.hsds_id)


class Organization(AuditedModel):
    # Who confirmed a listing may be a person: kept out of the audit log's readable fields.
    audit_exclude = ("verified_by",)

    class Kind(models.TextChoices):
        SCHOOL_PO = "school_po", _("School (primair onderwijs)")
        SCHOOL_VO = "school_vo", _("School (voortgezet onderwijs)")
        KINDEROPVANG = "kinderopvang", _("Kinderopvang / voorschool")
        JEUGDHULP = "jeugdhulp", _("Jeugdhulp")
        WIJKTEAM = "wijkteam", _("Wijkteam")
        BIBLIOTHEEK = "bibliotheek", _("Bibliotheek")
        WELZIJN = "welzijn", _("Welzijn")
        SPORT_CULTUUR = "sport_cultuur", _("Sport en cultuur")
        GEMEENTE = "gemeente", _("Gemeente")
        SAMENWERKINGSVERBAND = "samenwerkingsverband", _("Samenwerkingsverband")
        GGD = "ggd", _("GGD")
        VRIJWILLIGERS = "vrijwilligers", _("Vrijwilligersorganisatie")
        OVERIG = "overig", _("Overig")

    name = models.CharField(_("naam"), max_length=300)
    kind = models.CharField(_("soort"), max_length=24, choices=Kind.choices, default=Kind.OVERIG)
    description = models.TextField(_("beschrijving"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=40, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="netwerk_organizations",
        help_text=_("De regio die deze organisatie bijhoudt."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("gemeenten waar zij werkt"),
        blank=True,
        related_name="netwerk_organizations",
    )
    kept_terms = models.ManyToManyField(
        KeptTerm, verbose_name=_("bewaarde termen"), blank=True, related_name="organizations"
    )
    attribute_values = attribute_values_field()
    last_verified_at = models.DateTimeField(
        _("laatst gecontroleerd op"), null=True, blank=True, db_index=True
    )
    verified_by = models.CharField(
        _("gecontroleerd door"),
        max_length=254,
        blank=True,
        help_text=_("Het e-mailadres van wie de gegevens bevestigde."),
    )
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["region", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("netwerk:organization_detail", kwargs={"pk": self.pk})


class Service(AuditedModel):
    audit_exclude = ("verified_by",)

    class Status(models.TextChoices):
        # The values are HSDS's own.
        ACTIVE = "active", _("Actief")
        INACTIVE = "inactive", _("Niet actief")
        DEFUNCT = "defunct", _("Opgeheven")
        TEMPORARILY_CLOSED = "temporarily closed", _("Tijdelijk gesloten")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("wat bieden we"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    url = models.URLField(_("webpagina"), max_length=500, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("doelgroepen"), blank=True, related_name="services"
    )
    cost = models.TextField(
        _("kosten"), blank=True, help_text=_("Bijvoorbeeld: gratis, of € 5 per keer.")
    )
    how_to_apply = models.TextField(_("hoe meld je aan"), blank=True)
    languages = models.JSONField(
        _("talen"),
        default=list,
        blank=True,
        help_text=_("Taalcodes volgens ISO 639-1, bijvoorbeeld nl, en, ar."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="netwerk_services"
    )
    solution_directions = models.ManyToManyField(
        SolutionDirection,
        verbose_name=_("oplossingsrichtingen"),
        blank=True,
        related_name="netwerk_services",
    )
    interventions = models.ManyToManyField(
        Intervention, verbose_name=_("interventies"), blank=True, related_name="netwerk_services"
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatieven"), blank=True, related_name="netwerk_services"
    )
    kept_terms = models.ManyToManyField(
        KeptTerm, verbose_name=_("bewaarde termen"), blank=True, related_name="services"
    )
    attribute_values = attribute_values_field()
    last_verified_at = models.DateTimeField(
        _("laatst gecontroleerd op"), null=True, blank=True, db_index=True
    )
    verified_by = models.CharField(
        _("gecontroleerd door"),
        max_length=254,
        blank=True,
        help_text=_("Het e-mailadres van wie de gegevens bevestigde."),
    )
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Not auto_now: an HSDS import keeps the source's last_modified (bulk_create skips save()).
    updated_at = models.DateTimeField(
        _("gewijzigd op"), default=timezone.now, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="netwerk_service_age_range",
                violation_error_message=_(
                    "De leeftijd 'vanaf' moet kleiner zijn dan of gelijk aan 'tot en met'."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_names(self) -> list[str]:
        """The languages in words ("Arabisch"), for people; unknown codes stay as they are."""
        from django.utils.translation import get_language_info

        names = []
        for code in self.languages:
            try:
                names.append(str(get_language_info(code)["name_translated"]))
            except KeyError:
                names.append(str(LANGUAGE_NAMES.get(code, code)))
        return names

    def save(self, *args, **kwargs):
        # The importer sets `keep_updated_at` to keep the source's last_modified.
        if not getattr(self, "keep_updated_at", False):
            self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("netwerk:organization_detail", kwargs={"pk": self.organization_id}) + (
            f"#aanbod-{self.pk}"
        )

    def permission_region_id(self) -> int | None:
        return self.organization.region_id


class Location(AuditedModel):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(_("naam"), max_length=300, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="netwerk_locations",
    )
    latitude = models.DecimalField(
        _("breedtegraad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("aanbod op deze plek"), blank=True, related_name="locations"
    )
    kept_terms = models.ManyToManyField(
        KeptTerm, verbose_name=_("bewaarde termen"), blank=True, related_name="locations"
    )
    attribute_values = attribute_values_field()
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.address or str(self.organization)

    def permission_region_id(self) -> int | None:
        return self.organization.region_id


class ContactPerson(AuditedModel):
    """A person to call. Personal data (AVG): shown only to signed-in users of the
    organisation's region, and the audit log never stores the personal values."""

    audit_exclude = ("name", "role", "email", "phone")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("aanbod"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie of rol"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    hsds_id = models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        # Deliberately not the name: __str__ lands in the audit log's object_repr.
        return _("contactpersoon #%(pk)s") % {"pk": self.pk}

    def permission_region_id(self) -> int | None:
        return self.organization.region_id


class VerificationRequest(AuditedModel):
    """A personal link (no account) for an organisation's contact to confirm its listing
    ("klopt nog"), propose changes (wait for the coordinator) or report it stopped.
    See services_verification.py."""

    audit_exclude = ("email", "token")

    class Answer(models.TextChoices):
        NONE = "", _("nog niet beantwoord")
        CONFIRMED = "confirmed", _("klopt nog")
        EDITED = "edited", _("wijzigingen voorgesteld")
        STOPPED = "stopped", _("gestopt")

    class Review(models.TextChoices):
        NONE = "", _("geen beoordeling nodig")
        PENDING = "pending", _("wacht op de coördinator")
        APPROVED = "approved", _("goedgekeurd")
        REJECTED = "rejected", _("afgewezen")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="verification_requests",
    )
    organization_name = models.CharField(_("naam van de organisatie"), max_length=300)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.CASCADE,
        related_name="netwerk_verification_requests",
    )
    email = models.EmailField(_("verstuurd naar"))
    token = models.CharField(_("sleutel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"))
    sent_at = models.DateTimeField(_("laatst verstuurd op"))
    reminders_sent = models.PositiveSmallIntegerField(_("herinneringen verstuurd"), default=0)
    expires_at = models.DateTimeField(_("geldig tot"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answer = models.CharField(
        _("antwoord"), max_length=12, choices=Answer.choices, default="", blank=True
    )
    proposed = models.JSONField(_("voorgestelde wijzigingen"), default=dict, blank=True)
    review = models.CharField(
        _("beoordeling"), max_length=12, choices=Review.choices, default="", blank=True
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User",
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("controleverzoek")
        verbose_name_plural = _("controleverzoeken")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["region", "review"])]

    def __str__(self) -> str:
        # Not the e-mail address: __str__ lands in the audit log's object_repr.
        return _("controleverzoek #%(pk)s") % {"pk": self.pk}


class OrganizationProposal(AuditedModel):
    """An organisation proposing itself through the public form; it waits for the region's
    coordinator, who sees the likely duplicates found when it came in."""

    audit_exclude = ("contact_name", "contact_email")

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op de coördinator")
        APPROVED = "approved", _("toegevoegd")
        REJECTED = "rejected", _("afgewezen")

    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("naam van de organisatie"), max_length=300)
    kind = models.CharField(
        _("soort"), max_length=24, choices=Organization.Kind.choices, default="overig"
    )
    description = models.TextField(_("wat doet de organisatie"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=40, blank=True)
    contact_name = models.CharField(_("uw naam"), max_length=200)
    contact_email = models.EmailField(_("uw e-mailadres"))
    duplicates = models.JSONField(_("mogelijke dubbelingen"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aanmelding van een organisatie")
        verbose_name_plural = _("aanmeldingen van organisaties")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
