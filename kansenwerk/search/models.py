"""The search index: one row of pre-analysed text per searchable record.

The rows are written by `services.index_object` (called from signals, see registry.py);
full-text structures live beside the table and follow it automatically: on SQLite two
external-content FTS5 tables kept in sync by triggers (`search_fts` over the token
columns, `search_trgm` over the folded title), on PostgreSQL a generated, weighted
tsvector column `document` with a GIN index and a pg_trgm index on the folded title.
Both are created in migration 0002 for the vendor in use only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SearchEntryTheme(models.Model):
    """The kennisbank themes an entry belongs to (facet and filter)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="themes")
    theme_id = models.IntegerField(_("thema-id"), db_index=True)

    class Meta:
        verbose_name = _("thema van zoekindexregel")
        verbose_name_plural = _("thema's van zoekindexregels")
        constraints = [
            models.UniqueConstraint(fields=["entry", "theme_id"], name="search_entry_theme")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.theme_id}"


class SearchFacet(models.Model):
    """A narrow copy of an entry's facet columns, keyed by the entry's id.

    Facet counts group the matches by type and region in SQL. On SQLite the wide
    index row keeps `region_id` behind the long text columns (overflow pages), so
    grouping the entries themselves cost ~200 ms at 100,000 records; this table's
    rows are a few bytes and its key is the SQLite rowid, so a match joins it by one
    seek. Written beside the entry by services.py.
    """

    entry = models.OneToOneField(
        SearchEntry, on_delete=models.CASCADE, primary_key=True, related_name="facet"
    )
    type_key = models.CharField(_("soort"), max_length=40)
    region_id = models.IntegerField(_("regio-id"), null=True, blank=True)

    class Meta:
        verbose_name = _("facet van zoekindexregel")
        verbose_name_plural = _("facetten van zoekindexregels")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.type_key}/{self.region_id}"
