"""Meetups: a regional evening with themed tables, its briefing and its registrations.

A meetup keeps its own editable copy of the kennisbank content it discusses
(`MeetupTheme`, `MeetupDirection`, `MeetupReadingItem`, `MeetupInitiative`), each
with a nullable link back to the kennisbank record it was copied from, so a region
can adapt texts and questions without changing the kennisbank.

`Registration` is the one record per person: its `status` moves through
confirmed / waitlisted / invited / expired / cancelled / attended only through the
services in `kansenwerk.meetups.services.registration` (which lock the meetup row,
so capacity is never exceeded). Table planning (issue 8) and agreements (issue 9)
build on `Meetup`, `MeetupTheme` and `Registration`:
- `Registration.theme` is the theme a confirmed person was placed in (first choice
  if it had room, else the second), `theme_choice_1/2` are what they asked for;
- `Registration.profession` and `organisation`/`organisation_kind` feed the mix;
- `Registration.is_present` (attended or checked in) selects people at the door.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel
from kansenwerk.core.models import Region
from kansenwerk.netwerk.models import Organization


def new_token() -> str:
    """The secret in a registrant's personal link (no account needed)."""
    return secrets.token_urlsafe(32)


class Profession(models.TextChoices):
    """Professions and roles a registrant chooses from; codes are part of the API."""

    LEERKRACHT_PO = "leerkracht_po", _("Leerkracht primair onderwijs")
    DOCENT_VO = "docent_vo", _("Docent voortgezet onderwijs")
    INTERN_BEGELEIDER = "intern_begeleider", _("Intern begeleider")
    SCHOOLLEIDER = "schoolleider", _("Schoolleider")
    PEDAGOGISCH_MEDEWERKER = (
        "pedagogisch_medewerker",
        _("Pedagogisch medewerker kinderopvang/vve"),
    )
    JEUGDWERKER = "jeugdwerker", _("Jeugdwerker")
    JEUGDHULP = "jeugdhulp", _("Jeugdhulp/zorgprofessional")
    SCHOOLMAATSCHAPPELIJK_WERK = "schoolmaatschappelijk_werk", _("Schoolmaatschappelijk werk")
    BIBLIOTHEEK = "bibliotheek", _("Bibliotheek")
    BELEIDSMEDEWERKER_GEMEENTE = "beleidsmedewerker_gemeente", _("Beleidsmedewerker gemeente")
    OUDER = "ouder", _("Ouder")
    LEERLING_STUDENT = "leerling_student", _("Leerling/student")
    ANDERS = "anders", _("Anders")


# Kind of organisation, with the netwerk's codes; kept after pseudonymisation for statistics.
OrganisationKind = Organization.Kind


class Meetup(AuditedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Concept")
        PUBLISHED = "published", _("Gepubliceerd")
        CANCELLED = "cancelled", _("Afgelast")

    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.PROTECT, related_name="meetups"
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    venue_name = models.CharField(_("locatie"), max_length=200, blank=True)
    venue_address = models.CharField(_("adres"), max_length=300, blank=True)
    venue_accessibility = models.TextField(
        _("toegankelijkheid van de locatie"),
        blank=True,
        help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, ringleiding, parkeren, ov."),
    )
    capacity = models.PositiveIntegerField(_("aantal plaatsen"), default=40)
    description = models.TextField(_("inleiding"), blank=True)
    organising_partners = models.TextField(_("organiserende partners"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    retention_months = models.PositiveSmallIntegerField(
        _("bewaartermijn persoonsgegevens (maanden na de datum)"), default=12
    )
    invitation_hours = models.PositiveSmallIntegerField(
        _("bedenktijd voor wie van de wachtlijst wordt uitgenodigd (uren)"), default=48
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("meetup")
        verbose_name_plural = _("meetups")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meetup_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(f"{self.title} {self.starts_at:%Y-%m-%d}")[:200] or "meetup"
            slug, n = base, 2
            while Meetup.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetups:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class MeetupTheme(AuditedModel):
    """A theme discussed at a meetup: the meetup's own copy of a kennisbank theme."""

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("meetup"), on_delete=models.CASCADE, related_name="themes"
    )
    theme = models.ForeignKey(
        "kennisbank.Theme",
        verbose_name=_("thema in de kennisbank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetup_themes",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    slug = models.SlugField(_("slug"), max_length=200)
    title = models.CharField(_("titel"), max_length=300)
    guiding_question = models.TextField(_("leidende vraag"), blank=True)
    introduction = models.TextField(_("inleiding"), blank=True)
    capacity = models.PositiveIntegerField(
        _("plaatsen voor dit thema"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen aparte grens per thema."),
    )

    class Meta:
        verbose_name = _("thema van een meetup")
        verbose_name_plural = _("thema's van een meetup")
        ordering = ["meetup_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meetup", "slug"], name="meetuptheme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id


class MeetupDirection(AuditedModel):
    """A solution direction discussed under a meetup theme (own editable copy)."""

    meetup_theme = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        related_name="directions",
    )
    source_direction = models.ForeignKey(
        "kennisbank.SolutionDirection",
        verbose_name=_("oplossingsrichting in de kennisbank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetup_copies",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    questions = models.JSONField(_("vragen voor aan tafel"), default=list, blank=True)

    class Meta:
        verbose_name = _("oplossingsrichting van een meetup")
        verbose_name_plural = _("oplossingsrichtingen van een meetup")
        ordering = ["meetup_theme_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class MeetupReadingItem(AuditedModel):
    """'Meer lezen, luisteren en zien' for a meetup theme."""

    meetup_theme = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        related_name="reading_items",
    )
    source_item = models.ForeignKey(
        "kennisbank.ReadingItem",
        verbose_name=_("leesitem in de kennisbank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    author = models.CharField(_("auteur of uitgever"), max_length=300, blank=True)
    medium = models.CharField(_("medium"), max_length=10, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("leesitem van een meetup")
        verbose_name_plural = _("leesitems van een meetup")
        ordering = ["meetup_theme_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MeetupInitiative(AuditedModel):
    """A local initiative shown in the briefing under a theme.

    `organisation` links to the netwerk when the initiative was suggested from it;
    `source_initiative` links back to the kennisbank.
    """

    meetup_theme = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    source_initiative = models.ForeignKey(
        "kennisbank.Initiative",
        verbose_name=_("initiatief in de kennisbank"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beschrijving"), blank=True)
    organisation_name = models.CharField(_("organisatie"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie in het netwerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetup_initiatives",
    )
    place = models.CharField(_("plaats"), max_length=120, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("lokaal initiatief van een meetup")
        verbose_name_plural = _("lokale initiatieven van een meetup")
        ordering = ["meetup_theme_id", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Registration(AuditedModel):
    """One person's registration; changed only through the registration services."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Aangemeld")
        WAITLISTED = "waitlisted", _("Op de wachtlijst")
        INVITED = "invited", _("Uitgenodigd van de wachtlijst")
        EXPIRED = "expired", _("Uitnodiging verlopen")
        CANCELLED = "cancelled", _("Afgemeld")
        ATTENDED = "attended", _("Aanwezig")

    class Channel(models.TextChoices):
        WEB = "web", _("Formulier")
        API = "api", _("API")
        WALK_IN = "walk_in", _("Binnenloper")
        ORGANISER = "organiser", _("Door organisator")

    # Statuses that hold a place (count against capacity).
    HOLDING = (Status.CONFIRMED, Status.INVITED, Status.ATTENDED)

    # Personal data stays out of the audit log, so pseudonymisation really removes it.
    audit_exclude = ("token", "name", "email", "organisation", "needs")

    meetup = models.ForeignKey(
        Meetup, verbose_name=_("meetup"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=300, blank=True)
    organisation_ref = models.ForeignKey(
        Organization,
        verbose_name=_("organisatie in het netwerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetup_registrations",
    )
    organisation_kind = models.CharField(
        _("soort organisatie"), max_length=24, choices=OrganisationKind.choices, blank=True
    )
    profession = models.CharField(_("beroep of rol"), max_length=40, choices=Profession.choices)
    theme_choice_1 = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("eerste keus thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme_choice_2 = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("tweede keus thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.ForeignKey(
        MeetupTheme,
        verbose_name=_("ingedeeld bij thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    needs = models.TextField(_("toegankelijkheid of dieetwensen"), blank=True)
    consent_at = models.DateTimeField(_("toestemming gegeven op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    channel = models.CharField(
        _("aangemeld via"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    token = models.CharField(_("persoonlijke link"), max_length=64, unique=True, default=new_token)
    invited_until = models.DateTimeField(_("uitnodiging geldig tot"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("binnengekomen om"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    pseudonymised_at = models.DateTimeField(_("gepseudonimiseerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        # The waiting-list order is arrival order: ids are assigned under the meetup lock.
        ordering = ["meetup_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meetup", "email"],
                condition=models.Q(pseudonymised_at__isnull=True)
                & ~models.Q(email="")
                & ~models.Q(status__in=["cancelled", "expired"]),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [models.Index(fields=["meetup", "status"], name="registration_meetup_status")]

    def __str__(self) -> str:
        return self.name

    def permission_region_id(self) -> int | None:
        return self.meetup.region_id

    def get_absolute_url(self) -> str:
        return reverse("meetups:registration_manage", kwargs={"token": self.token})

    @property
    def holds_place(self) -> bool:
        return self.status in self.HOLDING

    @property
    def is_present(self) -> bool:
        return self.status == self.Status.ATTENDED
