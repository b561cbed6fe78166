"""Writes to national themes: the beheerder's page and the importer call these.

A beheerder creates, edits and merges national themes and confirms (or changes) the
national theme of each regional theme; the importer only ever suggests. Every save is in
the audit log (core.audit), so a merge or a changed decision can be traced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.actor import audit_context
from kansenwerk.core.audit import record_change
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.kennisbank import models as m

from .matching import Matcher, NationalText, ThemeText

if TYPE_CHECKING:  # the import service calls this module, so no run-time import back
    from kansenwerk.kennisbank.importing.report import DocumentResult

Status = m.NationalThemeStatus
TITLE_MAX = m.NationalTheme._meta.get_field("title").max_length or 200


def ensure_beheerder(user: AnyUser | None) -> None:
    account = signed_in(user)
    if not (account is not None and account.is_active and account.is_beheerder):
        raise PermissionDenied(_("Alleen een beheerder beheert de landelijke thema's."))


def _clean_title(title: str, *, exclude_pk: int | None = None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Geef het landelijke thema een titel.")})
    if len(title) > TITLE_MAX:
        raise ValidationError(
            {"title": _("De titel is te lang (hoogstens %(max)d tekens).") % {"max": TITLE_MAX}}
        )
    taken = m.NationalTheme.objects.filter(title__iexact=title)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"title": _("Er is al een landelijk thema met deze titel.")})
    return title


def _link(theme: m.Theme, national: m.NationalTheme | None, status: str) -> bool:
    """Set a theme's national theme and status; False when nothing changed.

    An UPDATE plus its own audit entry rather than `save()`: the link is not part of what
    search indexes, and a save would reindex the theme and its records for nothing."""
    new = {"national_theme_id": national.pk if national else None, "national_theme_status": status}
    old = {name: getattr(theme, name) for name in new}
    if old == new:
        return False
    m.Theme.objects.filter(pk=theme.pk).update(**new, updated_at=timezone.now())
    for name, value in new.items():
        setattr(theme, name, value)
    record_change(
        instance=theme,
        action="update",
        changes={name: [old[name], new[name]] for name in new if old[name] != new[name]},
    )
    return True


@transaction.atomic
def national_theme_create(
    *, user: AnyUser | None, title: str, description: str = ""
) -> m.NationalTheme:
    ensure_beheerder(user)
    national = m.NationalTheme(title=_clean_title(title), description=description.strip())
    national.full_clean()
    national.save()
    return national


@transaction.atomic
def national_theme_update(
    *, user: AnyUser | None, national_theme: m.NationalTheme, title: str, description: str
) -> m.NationalTheme:
    ensure_beheerder(user)
    national_theme.title = _clean_title(title, exclude_pk=national_theme.pk)
    national_theme.description = description.strip()
    national_theme.full_clean()
    national_theme.save()
    return national_theme


@transaction.atomic
def national_theme_merge(
    *, user: AnyUser | None, source: m.NationalTheme, target: m.NationalTheme
) -> m.NationalTheme:
    """Move every theme of `source` to `target` (keeping its status), then remove `source`."""
    ensure_beheerder(user)
    if source.pk == target.pk:
        raise ValidationError(
            {"target": _("Kies een ander landelijk thema om mee samen te voegen.")}
        )
    # One audit entry per theme: each move can be traced.
    for theme in m.Theme.objects.select_for_update().filter(national_theme=source):
        _link(theme, target, theme.national_theme_status)
    source.delete()
    return target


@transaction.atomic
def theme_national_theme_confirm(
    *, user: AnyUser | None, theme: m.Theme, national_theme: m.NationalTheme | None
) -> m.Theme:
    """A beheerder's decision: this theme frames `national_theme` (None: no national theme
    fits). Confirmed themes keep their decision at every later import."""
    ensure_beheerder(user)
    _link(theme, national_theme, Status.CONFIRMED)
    theme.national_theme = national_theme
    return theme


@dataclass(frozen=True)
class Suggestion:
    theme: m.Theme
    national_theme: m.NationalTheme | None
    score: float
    changed: bool


def _matcher(nationals: list[m.NationalTheme]) -> Matcher:
    return Matcher(NationalText(n.pk, n.title, n.description) for n in nationals)


def _theme_text(theme: m.Theme) -> ThemeText:
    return ThemeText(
        title=theme.title,
        guiding_question=theme.guiding_question,
        introduction=theme.introduction,
        directions=[d.title for d in theme.solution_directions.all()],
    )


@transaction.atomic
def themes_suggest_national(*, themes: Iterable[m.Theme] | None = None) -> list[Suggestion]:
    """Suggest a national theme for each theme no person has decided on (all, by default).

    Stored as `voorgesteld`, shown to beheerders to confirm; a theme nothing resembles
    enough keeps no national theme. Confirmed themes are never touched.
    """
    nationals = list(m.NationalTheme.objects.all())
    if not nationals:
        return []
    matcher = _matcher(nationals)
    by_pk = {n.pk: n for n in nationals}
    chosen = (
        m.Theme.objects.all()
        if themes is None
        else m.Theme.objects.filter(pk__in=[t.pk for t in themes])
    )
    out = []
    for theme in (
        chosen.exclude(national_theme_status=Status.CONFIRMED)
        .prefetch_related("solution_directions")
        .order_by("pk")
    ):
        match = matcher.best(_theme_text(theme))
        national = by_pk.get(match.key) if match.key is not None else None
        status = Status.SUGGESTED if national is not None else Status.NONE
        changed = _link(theme, national, status)
        out.append(Suggestion(theme, national, match.score, changed))
    return out


def suggest_for_import(result: DocumentResult, *, user: Any = None) -> list[dict[str, Any]]:
    """After one document's import: suggest national themes for its themes.

    Called by the import service (`importing.store.import_one`) for each document, inside its
    transaction, so every way in (the `import` command, the upload job) gets the suggestions;
    the document is found by the file's checksum, so a failed file (nothing stored) suggests
    nothing. Returns what the report shows.
    """
    if result.errors or not result.sha256:
        return []
    themes = m.Theme.objects.filter(source_document__files__sha256=result.sha256)
    with audit_context(user=user, source="import"):
        suggestions = themes_suggest_national(themes=list(themes))
    return [
        {
            "theme": s.theme.title,
            "national_theme": s.national_theme.title if s.national_theme else None,
            "status": s.theme.national_theme_status,
            "score": round(s.score, 3),
        }
        for s in suggestions
    ]


def national_themes_resuggest(*, user: AnyUser | None) -> list[Suggestion]:
    """The beheerder's "suggest again" (after adding or rewording national themes)."""
    ensure_beheerder(user)
    return themes_suggest_national()
