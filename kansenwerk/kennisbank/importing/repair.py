"""Repair: when a document arrives again in another extraction, keep the better text.

Two extractions of one PDF can differ in quality: one read the columns out of order, so a
direction holds the end of its neighbour and the next one stops mid-sentence. Record by
record (same import key), each text field is compared between the stored record and the new
extraction, and the version with fewer signs of damage (see `damage`) is kept. A paragraph
that the other extraction places in a *different* record is misplaced and does not count as
text of this one. Ties keep what is stored, so importing the worse extraction second changes
nothing; a record a person edited is never touched, only reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing import damage
from kansenwerk.kennisbank.importing.model import Location, ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise, sentences
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult
from kansenwerk.kennisbank.importing.reporting import record_name
from kansenwerk.kennisbank.importing.sync import current_values, edited_by_hand, value_hash
from kansenwerk.kennisbank.signals import record_repaired

# The free-text fields compared per model; "questions" follows the direction's text.
TEXT_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    m.Theme: ("guiding_question", "introduction"),
    m.SolutionDirection: ("text",),
    m.Initiative: ("description",),
    m.Intervention: ("quote", "context", "approach", "results", "goal", "theory", "evidence"),
    m.PracticeExample: ("text",),
    m.Lesson: ("text",),
    m.Section: ("text",),
}
# Links: an empty one is filled from the other extraction (one text extraction of a PDF
# keeps the link targets, another only the link texts); a stored link is never replaced.
LINK_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    m.ReadingItem: ("url",),
    m.Initiative: ("url",),
}
# Fields whose end must close a sentence (the others may end on a list or a quote).
ENDING_FIELDS = {(m.Theme, "introduction"), (m.SolutionDirection, "text")}
SHINGLE = 3
_http_url = URLValidator(schemes=["http", "https"])
MISPLACED_ELSEWHERE = 0.6  # share of a paragraph found in another record of the other text
MISPLACED_HERE = 0.3  # below this share in its own record there, the paragraph moved


@dataclass
class Incoming:
    values: dict[str, Any]
    location: Location | None


def _keyed(parsed: ParsedDocument) -> dict[tuple[type[models.Model], str], Incoming]:
    """The new extraction's text per record, keyed as `sync.RecordSync` keys them."""
    seen: set[tuple[type[models.Model], str]] = set()
    found: dict[tuple[type[models.Model], str], Incoming] = {}

    def add(model: type[models.Model], key: str, location: Location | None, **values: Any) -> None:
        key = key[:240]
        candidate, n = key, 2
        while (model, candidate) in seen:
            candidate, n = f"{key}#{n}", n + 1
        seen.add((model, candidate))
        found[(model, candidate)] = Incoming(values, location)

    for theme in parsed.themes:
        add(
            m.Theme,
            theme.key,
            theme.location,
            guiding_question=theme.guiding_question,
            introduction=damage.heal(theme.introduction),
        )
        for d in theme.solution_directions:
            add(
                m.SolutionDirection,
                d.key,
                d.location,
                text=damage.heal(d.text),
                questions=list(d.questions),
            )
        for r in theme.reading_items:
            add(m.ReadingItem, r.key, r.location, url=_link(r.url))
        for i in theme.initiatives:
            add(m.Initiative, i.key, i.location, description=i.description, url=_link(i.url))
    for intervention in parsed.interventions:
        add(
            m.Intervention,
            intervention.key,
            intervention.location,
            **{
                name: damage.heal(getattr(intervention, name))
                for name in TEXT_FIELDS[m.Intervention]
            },
        )
        for e in intervention.practice_examples:
            add(m.PracticeExample, e.key, e.location, text=damage.heal(e.text))
    for lesson in parsed.lessons:
        add(m.Lesson, lesson.key, lesson.location, text=damage.heal(lesson.text))
    for section in parsed.sections:
        add(m.Section, section.key, section.location, text=section.text)
    return found


def _link(url: str | None) -> str:
    """An http(s) link as the record sync would store it, or "" (never a script link)."""
    url = (url or "").strip()
    if not url or len(url) > 1000:
        return ""
    try:
        _http_url(url)
    except ValidationError:
        return ""
    return url


def _shingles(text: str) -> set[str]:
    words = normalise(text).split()
    return {" ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


class _Pool:
    """The shingles of every record of one extraction, to tell where a paragraph belongs."""

    def __init__(self, texts: dict[tuple[type[models.Model], str], str]):
        self.shingles = {key: _shingles(text) for key, text in texts.items()}

    def misplaced(self, paragraph: str, own: tuple[type[models.Model], str]) -> bool:
        mine = _shingles(paragraph)
        if len(mine) < 2:
            return False
        here = len(mine & self.shingles.get(own, set())) / len(mine)
        if here >= MISPLACED_HERE:
            return False
        return any(
            len(mine & shingles) / len(mine) >= MISPLACED_ELSEWHERE
            for key, shingles in self.shingles.items()
            if key != own
        )

    def misplaced_sentences(self, text: str, own: tuple[type[models.Model], str]) -> int:
        return sum(1 for sentence in sentences(text) if self.misplaced(sentence, own))

    def without_misplaced(self, text: str, own: tuple[type[models.Model], str]) -> tuple[str, int]:
        kept, dropped = [], 0
        for paragraph in damage.paragraphs(text):
            if self.misplaced(paragraph, own):
                dropped += 1
            else:
                kept.append(paragraph)
        return "\n\n".join(kept), dropped


def _signs(text: str, *, ending: bool) -> int:
    return len(damage.fragment_paragraphs(text)) + (
        1 if ending and damage.ends_mid_sentence(text) else 0
    )


def _better(
    stored: str,
    incoming: str,
    *,
    own: tuple[type[models.Model], str],
    ending: bool,
    trust_incoming: bool,
    stored_pool: _Pool,
    incoming_pool: _Pool,
) -> tuple[str, bool]:
    """The better of two versions of one field, and whether it comes from the new extraction.

    The extraction with fewer signs of damage overall is trusted on where text belongs. A
    stored text is replaced only with evidence that it is damaged: signs of damage, or (from a
    trusted new extraction) sentences that extraction places in another record. Small
    differences between two sound texts (quotes, a hyphen) change nothing. An empty field is
    filled from the other extraction, without the paragraphs the other side holds elsewhere.
    """
    if normalise(stored) == normalise(incoming):
        return stored, False
    stored_signs = _signs(stored, ending=ending)
    if trust_incoming:
        damaged = stored_signs > 0 or incoming_pool.misplaced_sentences(stored, own) > 0
        if damaged and incoming and _signs(incoming, ending=ending) <= stored_signs:
            return incoming, True
        if damaged:
            cleaned, _moved = incoming_pool.without_misplaced(stored, own)
            return (cleaned, False) if cleaned else (stored, False)
        if not stored and incoming:
            return incoming, True
        return stored, False
    cleaned, _moved = stored_pool.without_misplaced(incoming, own)
    if cleaned and (not stored or _signs(cleaned, ending=ending) < stored_signs):
        return cleaned, True
    return stored, False


def repair_document(
    document: m.SourceDocument,
    parsed: ParsedDocument,
    *,
    source_file: m.SourceFile,
    result: DocumentResult,
) -> list[Any]:
    """Improve `document`'s records from another extraction of it; returns the changed ones."""
    incoming = _keyed(parsed)
    stored: dict[tuple[type[models.Model], str], Any] = {}
    for model in {**TEXT_FIELDS, **LINK_FIELDS}:
        qs: Any = model._default_manager.filter(source_document=document).exclude(import_key="")
        if model is m.Intervention:
            qs = qs.prefetch_related("themes")
        if model is m.SolutionDirection:
            qs = qs.select_related("theme")
        for obj in qs:
            stored[(model, obj.import_key)] = obj

    def joined(values: dict[str, Any]) -> str:
        return "\n\n".join(str(v) for k, v in values.items() if k != "questions" and v)

    incoming_pool = _Pool(
        {
            key: joined({k: v for k, v in item.values.items() if k in TEXT_FIELDS[key[0]]})
            for key, item in incoming.items()
            if key[0] in TEXT_FIELDS
        }
    )
    stored_pool = _Pool(
        {
            key: joined({name: getattr(obj, name) for name in TEXT_FIELDS[key[0]]})
            for key, obj in stored.items()
            if key[0] in TEXT_FIELDS
        }
    )
    # Which extraction to trust on where text belongs: the one with fewer signs of damage.
    trust_incoming = damage.parsed_sign_count(parsed) < damage.stored_sign_count(document)
    changed_records = []
    for key, obj in stored.items():
        item = incoming.get(key)
        if item is None:
            continue
        model = key[0]
        new_values: dict[str, Any] = {}
        from_incoming = False
        for name in LINK_FIELDS.get(model, ()):
            # Only a link: the record's text, and so its provenance, stays as it was.
            if not getattr(obj, name) and item.values.get(name):
                new_values[name] = item.values[name]
        for name in TEXT_FIELDS.get(model, ()):
            current = getattr(obj, name) or ""
            value, taken = _better(
                current,
                item.values.get(name) or "",
                own=key,
                ending=(model, name) in ENDING_FIELDS,
                trust_incoming=trust_incoming,
                stored_pool=stored_pool,
                incoming_pool=incoming_pool,
            )
            if value != current:
                new_values[name] = value
                from_incoming = from_incoming or taken
        if model is m.SolutionDirection:
            questions = item.values.get("questions") or []
            took_text = "text" in new_values and from_incoming
            if questions and questions != obj.questions and (took_text or not obj.questions):
                new_values["questions"] = questions
                from_incoming = True
        if not new_values:
            continue
        if edited_by_hand(obj):
            result.warnings.append(
                _(
                    "%(record)s: %(file)s heeft een betere tekst, maar het record is met de hand "
                    "gewijzigd en is daarom niet aangepast."
                )
                % {"record": record_name(obj), "file": source_file.name}
            )
            continue
        before = {name: getattr(obj, name) for name in new_values}
        for name, value in new_values.items():
            setattr(obj, name, value)
        if from_incoming:
            obj.source_file = source_file
            if item.location is not None:
                obj.source_page = item.location.page
                obj.source_line_start = item.location.line_start or None
                obj.source_line_end = item.location.line_end or None
        obj.import_hash = value_hash(current_values(obj))
        obj.save()
        record_repaired.send(sender=model, record=obj, before=before)
        changed_records.append(obj)
        names = [str(model._meta.get_field(name).verbose_name) for name in new_values]
        result.updated += 1
        result.repaired.append(
            {
                "model": model._meta.model_name,
                "pk": obj.pk,
                "label": str(obj),
                "fields": list(new_values),
                "from": source_file.name,
            }
        )
        if set(new_values) <= set(LINK_FIELDS.get(model, ())):
            message = _("%(record)s: link aangevuld uit %(file)s.")
        else:
            message = _("%(record)s: hersteld met behulp van %(file)s (%(fields)s).")
        result.warnings.append(
            message
            % {"record": record_name(obj), "file": source_file.name, "fields": ", ".join(names)}
        )
    return changed_records
