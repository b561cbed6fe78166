"""The search index: one row of pre-analysed text per searchable record.

The rows are written by `services.index_object` (called from signals, see registry.py);
full-text structures live beside the table and follow it automatically: on SQLite two
external-content FTS5 tables kept in sync by triggers (`search_fts` over the token
columns, `search_trgm` over the folded title), on PostgreSQL a generated, weighted
tsvector column `document` with a GIN index and a pg_trgm index on the folded title
(migration 0002), plus the postings table `SearchPosting` filled by triggers (0006).

Facets: every entry points to a `SearchFacetKey`, the combination of its type, region
and themes. Counting matches per key is one integer GROUP BY; the type, region and
theme counts follow from the few keys, cached per process (facet_keys.py, selectors.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.audit import AuditedModel


class SearchEntry(models.Model):
    model_label = models.CharField(_("model"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("object-id"))
    type_key = models.CharField(_("soort"), max_length=40, db_index=True)
    title = models.CharField(_("titel"), max_length=500)
    location = models.CharField(_("plaats in de kennisbank"), max_length=500, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    text = models.TextField(_("tekst voor fragmenten"), blank=True)
    region_id = models.IntegerField(_("regio-id"), null=True, blank=True, db_index=True)
    title_folded = models.CharField(_("titel, genormaliseerd"), max_length=500, blank=True)
    title_tokens = models.TextField(_("titel, geanalyseerd"), blank=True)
    question_tokens = models.TextField(_("leidende vraag, geanalyseerd"), blank=True)
    body_tokens = models.TextField(_("tekst, geanalyseerd"), blank=True)
    length = models.PositiveIntegerField(_("aantal woorden"), default=0)
    # SearchFacetKey id; a plain integer, not a foreign key: adding a foreign key makes
    # SQLite rebuild the table (dropping the FTS triggers), and a key is never deleted
    # while an entry uses it.
    facet_key = models.IntegerField(_("facetsleutel"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("zoekindexregel")
        verbose_name_plural = _("zoekindex")
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_id"], name="search_entry_object")
        ]
        # An index, not db_index=True: AlterField makes SQLite rebuild the table, which
        # drops the FTS triggers of migration 0002. Any later change that rebuilds this
        # table must create those triggers again.
        indexes = [models.Index(fields=["updated_at"], name="search_entry_updated")]

    def __str__(self) -> str:
        return f"{self.type_key}: {self.title}"

    def theme_ids(self) -> list[int]:
        """The kennisbank themes of this entry (from its facet key), sorted."""
        return sorted(
            SearchFacetKeyTheme.objects.filter(key_id=self.facet_key).values_list(
                "theme_id", flat=True
            )
        )


class SearchFacet(models.Model):
    """A narrow copy of an entry's facet key, keyed by the entry's id (used on SQLite).

    Facet counts group the FTS5 matches by key. The wide index row keeps its later
    columns behind the long text columns (overflow pages), so reading them for every
    match cost ~200 ms at 100,000 records; this table's rows are a few bytes and its
    key is the SQLite rowid, so a match joins it by one seek. Written beside the entry
    by services.py. (PostgreSQL reads the key from the postings instead.)
    """

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="facet"
    )
    facet_key = models.IntegerField(_("facetsleutel"), null=True, blank=True)

    class Meta:
        verbose_name = _("facet van zoekindexregel")
        verbose_name_plural = _("facetten van zoekindexregels")
        # Filters by facet key (the allowed or hidden keys of a search) find their entries
        # by this index instead of reading every row.
        indexes = [models.Index(fields=["facet_key"], name="search_facet_key")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.facet_key}"


class SearchFacetKey(models.Model):
    """One combination of type, region and themes that index entries share.

    Written once, never changed (`signature` is unique), so ids can be cached; at
    100,000 bench records there are ~10,000, in a kennisbank a few hundred.
    """

    signature = models.CharField(_("kenmerk"), max_length=600, unique=True)
    type_key = models.CharField(_("soort"), max_length=40)
    region_id = models.IntegerField(_("regio-id"), null=True, blank=True)

    class Meta:
        verbose_name = _("facetsleutel")
        verbose_name_plural = _("facetsleutels")

    def __str__(self) -> str:
        return self.signature

    @staticmethod
    def signature_of(type_key: str, region_id: int | None, theme_ids) -> str:
        themes = ",".join(str(t) for t in sorted(set(theme_ids)))
        return f"{type_key}|{'' if region_id is None else region_id}|{themes}"


class SearchFacetKeyTheme(models.Model):
    key = models.ForeignKey(SearchFacetKey, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.IntegerField(_("thema-id"), db_index=True)

    class Meta:
        verbose_name = _("thema van facetsleutel")
        verbose_name_plural = _("thema's van facetsleutels")
        constraints = [
            models.UniqueConstraint(fields=["key", "theme_id"], name="search_facet_key_theme")
        ]

    def __str__(self) -> str:
        return f"{self.key_id}: {self.theme_id}"


class SearchPosting(models.Model):
    """PostgreSQL only: one row per (analysed term, entry), written by triggers.

    The triggers of migration 0006 derive the rows from the entry's tsvector, with an
    impact (the BM25 term-frequency part, title 4 / question 2 / body 1, a fixed average
    length of 100; a 4-byte real in the table) and the entry's facet key. The primary key
    (term, entry_id) INCLUDEs both, so a common word's matches, their candidate scores and
    their facet counts come from an index-only scan instead of visiting every matching
    row (~1.5 us each). On
    SQLite the table exists (so that `flush` and tests treat both databases alike) but
    stays empty: FTS5 does this work there.
    """

    pk = models.CompositePrimaryKey("term", "entry_id")
    term = models.TextField()
    entry_id = models.IntegerField()
    impact = models.FloatField()
    facet_key = models.IntegerField(null=True)

    class Meta:
        managed = True
        verbose_name = _("zoekterm van zoekindexregel")
        verbose_name_plural = _("zoektermen van zoekindexregels")

    def __str__(self) -> str:
        return f"{self.term}: {self.entry_id}"


class SearchVocabulary(models.Model):
    """The spelling vocabulary of the public index (vocabulary.py): one row, rebuilt when
    the index changes, loaded by searches when its version is new to their process.

    `words`: one line a word, "word count", plus " *" for a word of the Dutch word list.
    Holds words of public records only, no personal data.
    """

    version = models.PositiveBigIntegerField(_("versie"), default=0)
    signature = models.CharField(_("kenmerk van de zoekindex"), max_length=100, blank=True)
    words = models.TextField(_("woorden met hun aantal"), blank=True)
    word_count = models.PositiveIntegerField(_("aantal woorden"), default=0)
    built_at = models.DateTimeField(_("opgebouwd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("spellingswoordenlijst")
        verbose_name_plural = _("spellingswoordenlijsten")

    def __str__(self) -> str:
        return f"v{self.version}: {self.word_count}"


class SearchQueryDay(models.Model):
    """How often a query was searched on one day, with how many results and clicks.

    Holds no personal data by design: no user, no IP address, no session; only the
    folded query text (control characters removed), where it was asked (page, API) and
    counts. Kept QUERY_LOG_DAYS days.
    """

    class Source(models.TextChoices):
        PAGE = "page", _("zoekpagina")
        API = "api", _("API")
        # Type-ahead suggestions are not logged: every keystroke's prefix ("ouderbe")
        # would fill the zero-result report with words nobody searched for.

    day = models.DateField(_("dag"))
    query = models.CharField(_("zoekvraag"), max_length=200)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices, default=Source.PAGE)
    searches = models.PositiveIntegerField(_("aantal zoekopdrachten"), default=0)
    results = models.PositiveIntegerField(_("aantal resultaten (laatste keer)"), default=0)
    clicks = models.PositiveIntegerField(_("aantal klikken op een resultaat"), default=0)

    class Meta:
        verbose_name = _("zoekvraag per dag")
        verbose_name_plural = _("zoekvragen per dag")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "query", "source"], name="search_query_day_source_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.query}"


class SearchPromotion(AuditedModel):
    """A record a beheerder pins to the top of the results for one query."""

    query = models.CharField(_("zoekvraag"), max_length=200, db_index=True)
    model_label = models.CharField(_("model"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("object-id"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgepind resultaat")
        verbose_name_plural = _("vastgepinde resultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["query", "model_label", "object_id"], name="search_promotion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.query} → {self.model_label}#{self.object_id}"


class SearchSynonym(AuditedModel):
    """A synonym line a beheerder added, in the format of data/synonyms.txt.

    Joins the groups of the data file at query time, so it applies without reindexing.
    """

    line = models.CharField(_("synoniemregel"), max_length=500)
    reason = models.CharField(_("reden of bron"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["line"]

    def __str__(self) -> str:
        return self.line
