"""Users with roles, regions and municipalities, and the audit log shared by every app."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .audit import AuditedModel


class Region(AuditedModel):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("core:region_detail", kwargs={"slug": self.slug})

    @property
    def region_id_for_permissions(self) -> int | None:
        return self.pk


CBS_CODE_INPUT = re.compile(r"^(?:GM)?\s*(\d{1,4})$", re.IGNORECASE)


def normalize_cbs_code(text: str) -> str | None:
    """A CBS municipality code as written in CBS tables ("GM0402"), from "GM0402", "gm402",
    "0402" or "402" (spreadsheets drop leading zeros); None when the text is no such code."""
    match = CBS_CODE_INPUT.match(text.strip())
    if match is None or int(match.group(1)) == 0:
        return None
    return f"GM{int(match.group(1)):04d}"


def municipality_name_key(name: str) -> str:
    """What two spellings of one municipality's name share: no case, accents, spaces,
    hyphens or apostrophes ("'s-Hertogenbosch", "s Hertogenbosch", "Súdwest-Fryslân")."""
    return slugify(name).replace("-", "")


class Municipality(AuditedModel):
    name = models.CharField(_("naam"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    cbs_code = models.CharField(
        _("CBS-gemeentecode"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^GM\d{4}$",
                message=_(
                    "Een CBS-gemeentecode is GM met vier cijfers, bijvoorbeeld GM0363 "
                    "(of alleen de cijfers: 363)."
                ),
            )
        ],
        help_text=_(
            "De code van de gemeente bij het CBS, bijvoorbeeld GM0363. Hiermee herkent "
            "regio-inzicht de gemeente in een bestand met cijfers."
        ),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"],
                condition=~models.Q(cbs_code=""),
                name="core_municipality_cbs_code_unique",
                violation_error_message=_("Deze CBS-code hoort al bij een andere gemeente."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def _normalize_cbs_code(self) -> None:
        # "402" and "gm0402" are stored as "GM0402"; anything else is left for the validator.
        self.cbs_code = (self.cbs_code or "").strip()
        if self.cbs_code:
            self.cbs_code = normalize_cbs_code(self.cbs_code) or self.cbs_code

    def clean_fields(self, exclude=None):
        self._normalize_cbs_code()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        self._normalize_cbs_code()
        super().save(*args, **kwargs)


class User(AuditedModel, AbstractUser):
    audit_exclude = ("password", "last_login")

    class Role(models.TextChoices):
        BEHEERDER = "beheerder", _("Beheerder")
        REGIOCOORDINATOR = "regiocoordinator", _("Regiocoördinator")
        ORGANISATOR = "organisator", _("Organisator")
        DEELNEMER = "deelnemer", _("Deelnemer")

    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.DEELNEMER)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regio's"), blank=True, related_name="users"
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def is_beheerder(self) -> bool:
        return self.is_superuser or self.role == self.Role.BEHEERDER

    def region_ids(self) -> frozenset[int]:
        """The regions this user works in; cached per instance (one query)."""
        cached = getattr(self, "_region_ids", None)
        if cached is None:
            cached = frozenset(self.regions.values_list("id", flat=True))
            self._region_ids = cached
        return cached


class AuditLogEntry(models.Model):
    """One create, update or delete of an audited object, with old and new values."""

    class Action(models.TextChoices):
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        VIEW = "view", _("bekeken")
        LOCKOUT = "lockout", _("geblokkeerd na mislukte inlogpogingen")
        UNLOCK = "unlock", _("inlogblokkade opgeheven")

    class Source(models.TextChoices):
        WEB = "web", _("website")
        ADMIN = "admin", _("beheeromgeving")
        COMMAND = "command", _("opdrachtregel")
        IMPORT = "import", _("import")
        API = "api", _("API")
        SYSTEM = "system", _("systeem")
        LINK = "link", _("persoonlijke link")

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("door (naam)"), max_length=150, blank=True)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("soort"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object-id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditlogregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"


class RateLimitWindow(models.Model):
    """Attempts from one client in one scope during a fixed window (`core/ratelimit.py`).

    `bucket` is a keyed hash of scope and client address, so no address is stored.
    """

    bucket = models.CharField(_("sleutel"), max_length=64, primary_key=True)
    ends_at = models.BigIntegerField(_("venster eindigt (Unix-tijd)"), db_index=True)
    hits = models.PositiveIntegerField(_("pogingen"), default=0)

    class Meta:
        verbose_name = _("venster van een snelheidslimiet")
        verbose_name_plural = _("vensters van snelheidslimieten")

    def __str__(self) -> str:
        return self.bucket
