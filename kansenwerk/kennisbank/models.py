"""The kennisbank: themes, solution directions, reading items, initiatives,
interventions, practice examples, lessons, sources and the documents they came from.

Every record knows where it came from (`source_document` + page/line range) so an
import can update it in place (`import_key`) and detect hand edits (`import_hash`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel
from kansenwerk.core.models import Municipality, Region


def unique_slug(instance: models.Model, value: str, *, max_length: int = 200) -> str:
    """A slug unique within the model's table, suffixed -2, -3 … on collision."""
    base = slugify(value)[: max_length - 8] or "item"
    slug, n = base, 2
    model: Any = type(instance)
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# Model -> (URL segment, lookup field), filled by `registry` when the app is ready: the
# registry describes the models, so the models cannot import it.
URL_KINDS: dict[type, tuple[str, str]] = {}


def kennisbank_url(obj: Any) -> str:
    """A record's page, by the URL segment and lookup its kind declares in the registry."""
    key, lookup_field = URL_KINDS[type(obj)]
    lookup = obj.slug if lookup_field == "slug" else obj.pk
    return reverse("kennisbank:detail", kwargs={"kind": key, "lookup": lookup})


class TitleSlugMixin:
    """Fills an empty `slug` from `title`, unique within the table, on save."""

    slug: str
    title: str

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)  # type: ignore[arg-type]
        super().save(*args, **kwargs)  # type: ignore[misc]


class SourceDocument(TitleSlugMixin, AuditedModel):
    """A document the kennisbank was imported from (one logical document)."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Briefing")
        INSPIRATIEKAART = "inspiratiekaart", _("Inspiratiekaart")
        INTERVENTIEBUNDEL = "interventiebundel", _("Interventiebundel")
        DOCUMENT = "document", _("Document")

    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), null=True, blank=True, on_delete=models.SET_NULL
    )
    place = models.CharField(_("plaats"), max_length=120, blank=True)
    introduction = models.TextField(_("inleiding"), blank=True)
    content_key = models.CharField(_("inhoudssleutel"), max_length=64, unique=True, blank=True)
    text = models.TextField(_("volledige tekst"), blank=True)
    warnings = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    audit_exclude = ("text",)

    get_absolute_url = kennisbank_url

    class Meta:
        verbose_name = _("brondocument")
        verbose_name_plural = _("brondocumenten")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.content_key:
            # Documents made by hand get a random key; imports use a content fingerprint.
            self.content_key = "manual-" + uuid.uuid4().hex[:32]
        super().save(*args, **kwargs)


class SourceFile(models.Model):
    """One file that held a SourceDocument; two extractions of one PDF are two files."""

    document = models.ForeignKey(
        SourceDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    path = models.CharField(_("bestandsnaam"), max_length=500)
    sha256 = models.CharField(_("sha256"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    format = models.CharField(_("formaat"), max_length=10)
    imported_at = models.DateTimeField(_("geïmporteerd op"), auto_now=True)

    class Meta:
        verbose_name = _("bronbestand")
        verbose_name_plural = _("bronbestanden")
        ordering = ["imported_at"]

    def __str__(self) -> str:
        return self.path

    @property
    def name(self) -> str:
        """The file name without the folder it was imported from."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]


class KennisbankItem(AuditedModel):
    """Fields every kennisbank record shares: region, provenance and import identity."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Leeg: landelijk."),
    )
    source_document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("brondocument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    source_page = models.PositiveIntegerField(_("pagina in bron"), null=True, blank=True)
    source_line_start = models.PositiveIntegerField(
        _("eerste regel in bron"), null=True, blank=True
    )
    source_line_end = models.PositiveIntegerField(_("laatste regel in bron"), null=True, blank=True)
    source_file = models.ForeignKey(
        SourceFile,
        verbose_name=_("bronbestand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_path = models.CharField(
        _("plek in bron"),
        max_length=500,
        blank=True,
        help_text=_("Het kopjespad in het document, bijvoorbeeld 'Thema › 1.2'."),
    )
    import_key = models.CharField(_("importsleutel"), max_length=255, blank=True)
    # A record's "controleren" flags go when the record goes.
    review_flags = GenericRelation("kennisbank.ReviewFlag")
    import_hash = models.CharField(_("importcontrole"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True

    get_absolute_url = kennisbank_url

    @property
    def provenance(self) -> str:
        from django.utils.translation import gettext as _t

        if not self.source_document_id:
            return ""
        parts = [str(self.source_document)]
        if self.source_file_id and self.source_file:
            parts.append(_t("bestand %(name)s") % {"name": self.source_file.name})
        if self.source_path:
            parts.append(self.source_path)
        if self.source_page:
            parts.append(_t("pagina %(page)s") % {"page": self.source_page})
        elif self.source_line_start:
            if self.source_line_end and self.source_line_end != self.source_line_start:
                parts.append(
                    _t("regels %(start)s–%(end)s")
                    % {"start": self.source_line_start, "end": self.source_line_end}
                )
            else:
                parts.append(_t("regel %(line)s") % {"line": self.source_line_start})
        return ", ".join(parts)


def _import_identity_constraint(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["source_document", "import_key"],
        condition=~models.Q(import_key=""),
        name=name,
    )


class NationalTheme(TitleSlugMixin, AuditedModel):
    """A subject the whole country works on; regional themes are framings of one.

    Meetup briefings name their themes in their own words ("De grote oversteek"); the
    importer suggests the national theme each belongs to, a beheerder confirms it, and
    regio-inzicht, netwerk gaps and pickers group by it.
    """

    title = models.CharField(_("titel"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    description = models.TextField(
        _("omschrijving"),
        blank=True,
        help_text=_(
            "Waar gaat dit thema over? De import vergelijkt regionale thema's met deze tekst "
            "om een landelijk thema voor te stellen."
        ),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("landelijk thema")
        verbose_name_plural = _("landelijke thema's")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class NationalThemeStatus(models.TextChoices):
    """How a theme got its national theme: suggested by the importer, or decided by a person.

    Confirmed without a national theme means "none fits": the importer leaves it alone."""

    NONE = "", _("Nog niet bekeken")
    SUGGESTED = "voorgesteld", _("Voorgesteld")
    CONFIRMED = "bevestigd", _("Bevestigd")


class Theme(TitleSlugMixin, KennisbankItem):
    number = models.PositiveIntegerField(_("nummer"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    guiding_question = models.TextField(_("leidende vraag"), blank=True)
    introduction = models.TextField(_("inleiding"), blank=True)
    national_theme = models.ForeignKey(
        NationalTheme,
        verbose_name=_("landelijk thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="themes",
    )
    national_theme_status = models.CharField(
        _("status landelijk thema"),
        max_length=12,
        choices=NationalThemeStatus.choices,
        default=NationalThemeStatus.NONE,
        blank=True,
    )

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["title", "id"]
        constraints = [
            _import_identity_constraint("theme_import_identity"),
            # A suggestion always names a national theme; a national theme always has a status.
            models.CheckConstraint(
                condition=~models.Q(national_theme_status=NationalThemeStatus.SUGGESTED)
                | models.Q(national_theme__isnull=False),
                name="theme_suggestion_names_national_theme",
            ),
            models.CheckConstraint(
                condition=models.Q(national_theme__isnull=True)
                | ~models.Q(national_theme_status=NationalThemeStatus.NONE),
                name="theme_national_theme_has_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SolutionDirection(KennisbankItem):
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        on_delete=models.CASCADE,
        related_name="solution_directions",
    )
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    questions = models.JSONField(_("vragen voor aan tafel"), default=list, blank=True)

    class Meta:
        verbose_name = _("oplossingsrichting")
        verbose_name_plural = _("oplossingsrichtingen")
        ordering = ["theme_id", "position", "id"]
        constraints = [_import_identity_constraint("direction_import_identity")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def label(self) -> str:
        """The direction with its theme: "1.1" exists in every theme (select_related it)."""
        return direction_label(theme=self.theme.title, number=self.number, title=self.title)


def direction_label(*, theme: str, number: str, title: str) -> str:
    """ "Taal centraal 1.2 – Zorg voor een gezamenlijk doel": how a direction is named
    wherever it stands apart from its theme (pickers, gaps, figures)."""
    head = f"{theme} {number}".strip()
    return f"{head} – {title}" if head else title


class ReadingItem(KennisbankItem):
    class Medium(models.TextChoices):
        ARTIKEL = "artikel", _("Artikel")
        PODCAST = "podcast", _("Podcast")
        RAPPORT = "rapport", _("Rapport")
        BOEK = "boek", _("Boek")
        VIDEO = "video", _("Video")
        WEBSITE = "website", _("Website")
        OVERIG = "overig", _("Overig")

    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reading_items",
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    author = models.CharField(_("auteur of uitgever"), max_length=300, blank=True)
    medium = models.CharField(
        _("medium"), max_length=10, choices=Medium.choices, default=Medium.OVERIG
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("leesitem")
        verbose_name_plural = _("meer lezen, luisteren en zien")
        ordering = ["theme_id", "position", "id"]
        constraints = [_import_identity_constraint("reading_import_identity")]

    def __str__(self) -> str:
        return self.title


class Initiative(KennisbankItem):
    class Scope(models.TextChoices):
        LOKAAL = "lokaal", _("Lokaal")
        LANDELIJK = "landelijk", _("Landelijk")

    theme = models.ForeignKey(
        Theme,
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beschrijving"), blank=True)
    scope = models.CharField(
        _("schaal"), max_length=10, choices=Scope.choices, default=Scope.LOKAAL
    )
    place = models.CharField(_("plaats"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.SET_NULL
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["title", "id"]
        constraints = [_import_identity_constraint("initiative_import_identity")]

    def __str__(self) -> str:
        return self.title


class Intervention(TitleSlugMixin, KennisbankItem):
    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    place = models.CharField(_("plaats"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), null=True, blank=True, on_delete=models.SET_NULL
    )
    quote = models.TextField(_("citaat"), blank=True)
    people = models.JSONField(
        _("betrokkenen en hun rol"),
        default=list,
        blank=True,
        help_text=_('Lijst van {"name": …, "role": …}.'),
    )
    context = models.TextField(_("context"), blank=True)
    approach = models.TextField(_("aanpak"), blank=True)
    results = models.TextField(_("resultaten"), blank=True)
    goal = models.TextField(_("doel"), blank=True)
    theory = models.TextField(_("onderbouwing"), blank=True)
    evidence = models.TextField(_("bewijs"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), blank=True, related_name="interventions"
    )
    solution_directions = models.ManyToManyField(
        SolutionDirection,
        verbose_name=_("oplossingsrichtingen"),
        blank=True,
        related_name="interventions",
    )

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["title", "id"]
        constraints = [_import_identity_constraint("intervention_import_identity")]

    def __str__(self) -> str:
        return self.title


class PracticeExample(KennisbankItem):
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practice_examples",
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)
    place = models.CharField(_("plaats"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("praktijkvoorbeeld")
        verbose_name_plural = _("praktijkvoorbeelden")
        ordering = ["title", "id"]
        constraints = [_import_identity_constraint("example_import_identity")]

    def __str__(self) -> str:
        return self.title


class Lesson(KennisbankItem):
    number = models.PositiveIntegerField(_("nummer"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("geleerde les")
        verbose_name_plural = _("geleerde lessen")
        ordering = ["source_document_id", "number", "id"]
        constraints = [_import_identity_constraint("lesson_import_identity")]

    def __str__(self) -> str:
        return self.title


class Source(KennisbankItem):
    """A literature reference (bron) cited by a document or an intervention."""

    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sources",
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    title = models.TextField(_("bron"))
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")
        ordering = ["position", "id"]
        constraints = [_import_identity_constraint("source_import_identity")]

    def __str__(self) -> str:
        return self.title[:120]


class Section(KennisbankItem):
    """A section of a document (introductions, lists, or the parts of a generic document)."""

    position = models.PositiveIntegerField(_("volgorde"), default=0)
    heading = models.CharField(_("kop"), max_length=300)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("sectie")
        verbose_name_plural = _("secties")
        ordering = ["source_document_id", "position", "id"]
        constraints = [_import_identity_constraint("section_import_identity")]

    def __str__(self) -> str:
        return self.heading


class ImportJob(models.Model):
    """An upload being imported in the background: progress and per-file results for its page.

    Not audited itself: the records it writes are, with the uploader as actor.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("gestart door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    files = models.JSONField(_("bestanden"), default=list, blank=True)
    total = models.PositiveIntegerField(_("aantal bestanden"), default=0)
    processed = models.PositiveIntegerField(_("verwerkt"), default=0)
    results = models.JSONField(_("resultaten per bestand"), default=list, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("importopdracht")
        verbose_name_plural = _("importopdrachten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")),
                name="importjob_processed_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("kennisbank:import_job", kwargs={"pk": self.pk})

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ReviewFlag(AuditedModel):
    """A sign that an imported record may be damaged ("controleren"), until a beheerder clears it.

    Set by the importer (`importing/damage.py`) on any kennisbank record or document; listed on
    the review page; clearing it is an audited update, never a delete.
    """

    class Code(models.TextChoices):
        FRAGMENT_START = "fragment_start", _("Alinea begint midden in een zin")
        ENDS_MID_SENTENCE = "ends_mid_sentence", _("Tekst eindigt midden in een zin")
        MISSING_QUESTIONS = "missing_questions", _("Vragen voor aan tafel ontbreken")
        TRUNCATED_TITLE = "truncated_title", _("Titel lijkt afgebroken")
        CONTRADICTING = "contradicting", _("Tegenstrijdige weergave van een document")

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("soort record"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    record = GenericForeignKey("content_type", "object_id")
    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("brondocument"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_flags",
    )
    code = models.CharField(_("soort"), max_length=30, choices=Code.choices)
    message = models.CharField(_("melding"), max_length=500)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    cleared_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        "core.User",
        verbose_name=_("gecontroleerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("controlemelding")
        verbose_name_plural = _("controlemeldingen")
        ordering = ["document_id", "content_type_id", "object_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "code"],
                condition=models.Q(cleared_at__isnull=True),
                name="reviewflag_one_open_per_sign",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="reviewflag_record")]

    def __str__(self) -> str:
        return self.message

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


# The evidence models live in their own subpackage but belong to this app.
from .evidence.models import EvidenceProfile, EvidenceStatement  # noqa: E402, F401
