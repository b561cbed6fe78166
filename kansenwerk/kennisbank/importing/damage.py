"""Signs of damage in imported records, flagged "controleren" for a beheerder.

An extraction can scramble a document (columns read out of order, a page cut off) without any
error. These general signs catch what a reader would notice: a paragraph that starts in the
middle of a sentence, a text that stops in the middle of one, a direction without questions
where its siblings have them, a title that looks cut off. Each sign becomes a warning in the
import report and an open `ReviewFlag` on the record; signs that are gone after a later import
(or a repair) close their flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult
from kansenwerk.kennisbank.importing.reporting import record_name

Code = m.ReviewFlag.Code

_PARAGRAPHS = re.compile(r"\n\s*\n")
# A paragraph that starts with a lower-case letter continues a sentence from elsewhere.
_LOWER_START = re.compile(r"^[\"'‘“(]?[a-zß-öø-ÿ]")
# Dutch words that start a sentence in lower case by convention ('s avonds, 't).
_LOWER_OK = re.compile(r"^(['’]s|['’]t|e\.?g\.|i\.?p\.?v\.|m\.?b\.?t\.)\b", re.IGNORECASE)
# A text is finished when it ends in sentence punctuation, optionally followed by closing
# quotes or a bracket (a citation such as "(Bron: …)" closes a paragraph too).
_FINISHED = re.compile(r"([.!?…:;]|\))[\"'’”)\]]*$")
# Words a title does not end on unless it was cut off (not the particles of separable verbs,
# which end Dutch imperatives: "Zet in op …", "Rust … uit").
_DANGLING = frozenset(
    ["de", "het", "een", "en", "of", "van", "met", "te", "die", "dat", "the", "and", "of", "with"]
)
_MIN_SIBLINGS_WITH_QUESTIONS = 2


@dataclass(frozen=True)
class Sign:
    record: Any
    code: str
    message: str


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPHS.split(text or "") if p.strip()]


def starts_mid_sentence(paragraph: str) -> bool:
    return bool(_LOWER_START.match(paragraph)) and not _LOWER_OK.match(paragraph)


def fragment_paragraphs(text: str) -> list[str]:
    """Paragraphs that start in the middle of a sentence that did not begin before them.

    The first paragraph counts too: a record's text begins its own sentence. A paragraph
    after one that stops mid-sentence is that sentence's continuation (a page break), and one
    after a colon continues a list: neither is a fragment.
    """
    found, previous = [], ""
    for paragraph in paragraphs(text):
        continues = previous and (ends_mid_sentence(previous) or previous.endswith(":"))
        if starts_mid_sentence(paragraph) and not continues:
            found.append(paragraph)
        previous = paragraph
    return found


def heal(text: str) -> str:
    """Join a paragraph that stops mid-sentence with the next one when that one continues it
    (starts in lower case): a page or column break inside a sentence, not a new paragraph."""
    parts = paragraphs(text)
    if len(parts) < 2:
        return text
    joined = [parts[0]]
    for paragraph in parts[1:]:
        if ends_mid_sentence(joined[-1]) and starts_mid_sentence(paragraph):
            joined[-1] = f"{joined[-1]} {paragraph}"
        else:
            joined.append(paragraph)
    return "\n\n".join(joined) if len(joined) < len(parts) else text


def ends_mid_sentence(text: str) -> bool:
    text = (text or "").strip()
    return bool(text) and not _FINISHED.search(text)


def truncated(title: str, *, max_length: int | None = None) -> bool:
    title = (title or "").strip()
    if not title:
        return False
    if max_length and len(title) >= max_length:
        return True
    if title.endswith(("-", "…", "...", ",")) or title.count("(") > title.count(")"):
        return True
    last = re.sub(r"[^\w]", "", title.rsplit(None, 1)[-1].lower())
    return last in _DANGLING and len(title.split()) > 1


def _text_signs(
    obj: Any, name: str, fields: Iterable[tuple[str, str]], *, ending: bool
) -> Iterator[Sign]:
    for field, what in fields:
        text = getattr(obj, field) or ""
        if fragment_paragraphs(text):
            yield Sign(
                obj,
                Code.FRAGMENT_START,
                _("%(record)s: %(what)s bevat een alinea die midden in een zin begint")
                % {"record": name, "what": what},
            )
        if ending and ends_mid_sentence(text):
            yield Sign(
                obj,
                Code.ENDS_MID_SENTENCE,
                _("%(record)s: %(what)s eindigt midden in een zin")
                % {"record": name, "what": what},
            )


def _title_sign(obj: Any, name: str) -> Iterator[Sign]:
    max_length = getattr(type(obj)._meta.get_field("title"), "max_length", None)
    if truncated(obj.title, max_length=max_length):
        yield Sign(
            obj,
            Code.TRUNCATED_TITLE,
            _("%(record)s: de titel lijkt afgebroken") % {"record": name},
        )


def document_signs(document: m.SourceDocument) -> list[Sign]:
    """Every sign of damage in the records imported from `document`, in document order."""
    found: list[Sign] = []
    themes = m.Theme.objects.filter(source_document=document).order_by("number", "id")
    directions_by_theme: dict[int, list[m.SolutionDirection]] = {}
    for direction in (
        m.SolutionDirection.objects.filter(source_document=document)
        .select_related("theme")
        .order_by("theme_id", "position", "id")
    ):
        directions_by_theme.setdefault(direction.theme_id, []).append(direction)
    for theme in themes:
        name = theme.title
        found.extend(_text_signs(theme, name, [("introduction", _("inleiding"))], ending=True))
        found.extend(_title_sign(theme, name))
        directions = directions_by_theme.get(theme.pk, [])
        with_questions = sum(1 for d in directions if d.questions)
        for direction in directions:
            label = record_name(direction)
            found.extend(_text_signs(direction, label, [("text", _("tekst"))], ending=True))
            found.extend(_title_sign(direction, label))
            if not direction.questions and _direction_signs(
                "", False, with_questions, len(directions) - 1
            ):
                found.append(
                    Sign(
                        direction,
                        Code.MISSING_QUESTIONS,
                        _(
                            "%(record)s: de vragen voor aan tafel ontbreken, de andere "
                            "oplossingsrichtingen van dit thema hebben ze wel"
                        )
                        % {"record": label},
                    )
                )
    intervention_fields = [
        ("context", _("context")),
        ("approach", _("aanpak")),
        ("results", _("resultaten")),
        ("goal", _("doel")),
    ]
    for intervention in m.Intervention.objects.filter(source_document=document).order_by("id"):
        found.extend(
            _text_signs(intervention, intervention.title, intervention_fields, ending=False)
        )
        found.extend(_title_sign(intervention, intervention.title))
    for model in (m.PracticeExample, m.Lesson):
        for obj in model.objects.filter(source_document=document).order_by("id"):
            found.extend(_text_signs(obj, obj.title, [("text", _("tekst"))], ending=False))
            found.extend(_title_sign(obj, obj.title))
    for model in (m.ReadingItem, m.Initiative):
        for obj in model.objects.filter(source_document=document).order_by("id"):
            found.extend(_title_sign(obj, obj.title[:80]))
    return found


def _direction_signs(
    text: str, has_questions: bool, siblings_with_questions: int, siblings: int
) -> int:
    count = len(fragment_paragraphs(text)) + (1 if ends_mid_sentence(text) else 0)
    if (
        not has_questions
        and siblings_with_questions >= _MIN_SIBLINGS_WITH_QUESTIONS
        and siblings_with_questions * 2 > siblings
    ):
        count += 1
    return count


def parsed_sign_count(parsed: ParsedDocument) -> int:
    """How many signs of damage a parse shows in its themes and directions (repair's arbiter)."""
    count = 0
    for theme in parsed.themes:
        intro = theme.introduction
        count += len(fragment_paragraphs(intro)) + (1 if ends_mid_sentence(intro) else 0)
        with_questions = sum(1 for d in theme.solution_directions if d.questions)
        for d in theme.solution_directions:
            others = with_questions - (1 if d.questions else 0)
            count += _direction_signs(
                d.text, bool(d.questions), others, len(theme.solution_directions) - 1
            )
    return count


def stored_sign_count(document: m.SourceDocument) -> int:
    """The same count for the stored records of a document (title signs left out)."""
    return sum(
        1
        for sign in document_signs(document)
        if sign.code != Code.TRUNCATED_TITLE
        and isinstance(sign.record, m.Theme | m.SolutionDirection)
    )


def _open_flag(
    record: Any, document: m.SourceDocument, code: str, message: str
) -> m.ReviewFlag | None:
    """An open flag for this sign; None when a beheerder already judged the same sign."""
    content_type = ContentType.objects.get_for_model(type(record))
    flags = m.ReviewFlag.objects.filter(content_type=content_type, object_id=record.pk, code=code)
    open_flag = next((f for f in flags if f.cleared_at is None), None)
    if open_flag is not None:
        if open_flag.message != message:
            open_flag.message = message[:500]
            open_flag.save()
        return open_flag
    if any(f.cleared_by_id and f.message == message for f in flags):
        return None
    return m.ReviewFlag.objects.create(
        content_type=content_type,
        object_id=record.pk,
        document=document,
        code=code,
        message=message[:500],
    )


def flag_document(document: m.SourceDocument, *, result: DocumentResult) -> list[m.ReviewFlag]:
    """Check the document's records, report each sign and keep the open flags in step."""
    signs = document_signs(document)
    kept: set[int] = set()
    flags = []
    for sign in signs:
        result.warnings.append(sign.message)
        flag = _open_flag(sign.record, document, sign.code, sign.message)
        entry = {
            "model": sign.record._meta.model_name,
            "pk": sign.record.pk,
            "label": str(sign.record),
            "code": sign.code,
            "message": sign.message,
        }
        result.flags.append(entry)
        if flag is not None:
            kept.add(flag.pk)
            flags.append(flag)
    # Signs that are gone (the text was repaired or re-imported whole) close their flag.
    gone = (
        m.ReviewFlag.objects.filter(document=document, cleared_at__isnull=True)
        .exclude(pk__in=kept)
        .exclude(code=Code.CONTRADICTING)
    )
    for flag in gone:
        flag.cleared_at = timezone.now()
        flag.save()
    return flags


def flag_contradiction(
    document: m.SourceDocument, other: m.SourceDocument, *, result: DocumentResult
) -> None:
    message = _("%(name)s: de structuur verschilt van '%(other)s'; controleer welke klopt") % {
        "name": document.title,
        "other": other.title,
    }
    _open_flag(document, document, Code.CONTRADICTING, message)
    result.flags.append(
        {
            "model": document._meta.model_name,
            "pk": document.pk,
            "label": str(document),
            "code": Code.CONTRADICTING,
            "message": message,
        }
    )
