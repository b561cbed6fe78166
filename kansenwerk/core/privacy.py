"""The register of personal data (AVG art. 30), declared once, read by everything else.

Each app declares, in its own `<app>/privacy.py`, which model fields hold personal data
(`declare`) and how to find what is held about one e-mail address (`provider`), the way
pretix's data shredders do. From that one declaration come the privacy statement, the
verwerkingsregister for beheerders, `privacy_export` / `privacy_erase` (commands, the
beheerder page, the self-service "Mijn gegevens" and the retention jobs), the audit
log's redaction (core/audit.py) and the test that fails on an undeclared personal field.
The modules are imported by `autodiscover()` from `CoreConfig.ready()`.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .actor import audit_context, current_actor
from .values import jsonable

MARKER = "[persoonsgegeven gewijzigd]"
NAME_REPLACEMENT = "[naam verwijderd]"
EMAIL_REPLACEMENT = "[e-mailadres verwijderd]"


class Role(enum.StrEnum):
    """What a field is to the person it is about; decides how it is found and erased."""

    EMAIL = "email"  # identifies the person: export/erase look for it
    NAME = "name"  # the person's name: found by e-mail, then searched for in free text
    TEXT = "text"  # free text that may name other people: occurrences are replaced
    OTHER = "other"  # any other personal data (phone, needs, intake answers): cleared


class Basis(enum.StrEnum):
    """Legal bases of AVG art. 6(1), with the Dutch wording of the statement."""

    CONSENT = "a"
    CONTRACT = "b"
    PUBLIC_TASK = "e"
    LEGITIMATE_INTEREST = "f"

    @property
    def label(self) -> str:
        return str(
            {
                "a": _("toestemming (AVG art. 6 lid 1a)"),
                "b": _("uitvoering van een afspraak met de persoon (AVG art. 6 lid 1b)"),
                "e": _("taak van algemeen belang (AVG art. 6 lid 1e)"),
                "f": _("gerechtvaardigd belang (AVG art. 6 lid 1f)"),
            }[self.value]
        )


@dataclass(frozen=True)
class PersonalData:
    """One declared field: what it is and, if the model's defaults do not fit, why and how long."""

    what: Any  # Dutch (lazy) description
    role: Role = Role.OTHER
    # The value after erasure: a constant, or callable(instance) -> value. Default: empty.
    erase: Any = None
    purpose: Any = None
    retention: Any = None
    access: Any = None


@dataclass(frozen=True)
class Declaration:
    """The personal data of one model, with the defaults its fields share."""

    model_label: str  # "meetups.Registration"
    title: Any  # who these people are, e.g. "Aanmelders voor meetups"
    purpose: Any
    basis: Basis
    retention: Any
    access: Any
    fields: dict[str, PersonalData]
    minors: bool = False  # may hold data about children

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def rows(self) -> list[dict[str, Any]]:
        """One row per field for the register page and the statement."""
        model = self.model
        out = []
        for name, item in self.fields.items():
            out.append(
                {
                    "model": model._meta.verbose_name_plural,
                    "field": _field(model, name).verbose_name,
                    "field_name": name,
                    "what": item.what,
                    "purpose": item.purpose or self.purpose,
                    "basis": self.basis.label,
                    "retention": item.retention or self.retention,
                    "access": item.access or self.access,
                }
            )
        return out


_DECLARATIONS: dict[str, Declaration] = {}


def declare(
    model_label: str,
    *,
    title: Any,
    purpose: Any,
    basis: Basis,
    retention: Any,
    access: Any,
    fields: dict[str, PersonalData],
    minors: bool = False,
) -> Declaration:
    """Declare the personal fields of a model (once, from the app's privacy.py)."""
    declaration = Declaration(
        model_label=model_label,
        title=title,
        purpose=purpose,
        basis=basis,
        retention=retention,
        access=access,
        fields=dict(fields),
        minors=minors,
    )
    _DECLARATIONS[model_label.lower()] = declaration
    return declaration


def declarations() -> list[Declaration]:
    return list(_DECLARATIONS.values())


def declaration_for(model: type[models.Model] | models.Model) -> Declaration | None:
    return _DECLARATIONS.get(model._meta.label_lower)


def _field(model: Any, name: str) -> models.Field:
    """A declared field (always a concrete model field, never a reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is not a concrete field")
    return field


def personal_fields(model: type[models.Model] | models.Model) -> dict[str, PersonalData]:
    """Declared personal fields of a model, by field name (empty if none)."""
    declaration = declaration_for(model)
    return declaration.fields if declaration else {}


def personal_attnames(model: type[models.Model] | models.Model) -> frozenset[str]:
    names = set()
    for name in personal_fields(model):
        names.add(_field(model, name).attname)
    return frozenset(names)


def neutral_repr(instance: models.Model) -> str:
    """'Aanmelding #12': how the audit log names an object that holds personal data."""
    label = str(instance._meta.verbose_name)
    return f"{label[:1].upper()}{label[1:]} #{instance.pk}"


def safe_repr(instance: models.Model) -> str:
    """The object's own __str__ unless its model holds declared personal data."""
    if personal_fields(instance):
        return neutral_repr(instance)
    return str(instance)


# -- finding and erasing what is held about one address ---------------------------


@dataclass
class Subject:
    """The person asked about: an address, and the names found with it.

    A retention job erases many people at once: their other addresses are in `emails`,
    so the audit log and the index are read once for all of them.
    """

    email: str
    names: set[str] = field(default_factory=set)
    items: list[Item] = field(default_factory=list)  # found so far, for later providers
    emails: set[str] = field(default_factory=set)

    def all_emails(self) -> list[str]:
        return sorted({self.email, *self.emails} - {""}, key=len, reverse=True)

    def ids(self, kind: str) -> set[Any]:
        return {i.instance.pk for i in self.items if i.kind == kind}

    def add_name(self, value: Any) -> None:
        value = str(value or "").strip()
        if len(value) >= 3:  # "Jo" would match half the texts; never replace that blindly
            self.names.add(value)

    def texts(self) -> list[str]:
        """What must not survive anywhere: the address and every name, longest first."""
        return sorted({*self.all_emails(), *self.names} - {""}, key=len, reverse=True)


class Relation(enum.StrEnum):
    SUBJECT = "subject"  # the record is about the person: all declared fields go
    MENTIONED = "mentioned"  # the person is named in it: only the occurrences go


@dataclass
class Item:
    """One record held about the person, as export shows it and erasure handles it."""

    app: str
    kind: str
    instance: Any  # a model instance
    relation: Relation = Relation.SUBJECT
    fields: dict[str, Any] | None = None  # export override; default: the declared fields
    # Custom erasure for this item (after the declared fields), callable(item, subject).
    erase: Callable[[Item, Subject], None] | None = None

    def export(self) -> dict[str, Any]:
        if self.fields is not None:
            values = self.fields
        else:
            values = {
                name: jsonable(getattr(self.instance, _field(self.instance, name).attname))
                for name in personal_fields(self.instance)
            }
        return {"app": self.app, "kind": self.kind, "id": self.instance.pk, "fields": values}


@dataclass(frozen=True)
class Provider:
    """How one app finds its records about a subject.

    `collect` searches by the address (and may add names to the subject), `related`
    follows records other providers found (a registration's table plans), `mentions`
    searches free text for the names.
    """

    app: str
    collect: Callable[[Subject], list[Item]] | None = None
    related: Callable[[Subject], list[Item]] | None = None
    mentions: Callable[[Subject], list[Item]] | None = None
    order: int = 100


_PROVIDERS: dict[str, Provider] = {}
_AFTER_ERASE: dict[str, Callable[[Subject, list[Item]], dict[str, int]]] = {}


def provider(
    app: str,
    *,
    collect: Callable[[Subject], list[Item]] | None = None,
    related: Callable[[Subject], list[Item]] | None = None,
    mentions: Callable[[Subject], list[Item]] | None = None,
    order: int = 100,
) -> None:
    _PROVIDERS[app] = Provider(
        app=app, collect=collect, related=related, mentions=mentions, order=order
    )


def after_erase(key: str, hook: Callable[[Subject, list[Item]], dict[str, int]]) -> None:
    """Run `hook(subject, items)` at the end of every erasure (search index, tasks)."""
    _AFTER_ERASE[key] = hook


def _providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.app))


def _add(subject: Subject, found: Iterable[Item]) -> None:
    seen = {(type(i.instance), i.instance.pk, i.kind) for i in subject.items}
    for item in found:
        key = (type(item.instance), item.instance.pk, item.kind)
        if key not in seen:
            seen.add(key)
            subject.items.append(item)


def follow_related(*, subject: Subject) -> list[Item]:
    """Add what follows from the items already found (without searching by address or name)."""
    for p in _providers():
        if p.related is not None:
            _add(subject, p.related(subject))
    return subject.items


def collect_items(*, subject: Subject) -> list[Item]:
    """Everything held about the subject: what the address finds, what follows, the names."""
    for p in _providers():
        if p.collect is not None:
            _add(subject, p.collect(subject))
    follow_related(subject=subject)
    if subject.names:
        for p in _providers():
            if p.mentions is not None:
                _add(subject, p.mentions(subject))
    return subject.items


def _pattern(texts: Sequence[str]) -> re.Pattern | None:
    texts = [t for t in texts if t]
    if not texts:
        return None
    return re.compile("|".join(re.escape(t) for t in texts), re.IGNORECASE)


def _patterns(subject: Subject) -> tuple[re.Pattern | None, re.Pattern | None]:
    key = (tuple(subject.all_emails()), tuple(sorted(subject.names, key=len, reverse=True)))
    cached = getattr(subject, "_patterns", None)
    if cached is None or cached[0] != key:
        cached = (key, (_pattern(key[0]), _pattern(key[1])))
        subject._patterns = cached  # type: ignore[attr-defined]
    return cached[1]


def scrub_value(value: Any, *, subject: Subject) -> Any:
    """`value` (text or JSON) with every occurrence of the subject's address and names replaced."""
    email, names = _patterns(subject)

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            if email is not None:
                v = email.sub(EMAIL_REPLACEMENT, v)
            if names is not None:
                v = names.sub(NAME_REPLACEMENT, v)
            return v
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            return {walk(k) if isinstance(k, str) else k: walk(x) for k, x in v.items()}
        return v

    return walk(value)


def erased_value(instance: models.Model, name: str, item: PersonalData) -> Any:
    """The value a declared field gets when its record's person is erased."""
    if item.erase is not None:
        return item.erase(instance) if callable(item.erase) else item.erase
    model_field = _field(instance, name)
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    return ""


def erase_instance(instance: models.Model, *, subject: Subject | None = None) -> list[str]:
    """Erase the declared fields of one record about the subject (no save); returns fields changed.

    Free-text fields (`Role.TEXT`) keep their text with the subject's names and address
    replaced, as in records the subject is only named in (`erase_mentions`).
    """
    changed = []
    for name, item in personal_fields(instance).items():
        attname = _field(instance, name).attname
        if item.role == Role.TEXT:
            # Free text about others ("met wie"): only the subject's traces go.
            new = scrub_value(getattr(instance, attname), subject=subject or Subject(email=""))
        else:
            new = erased_value(instance, name, item)
        if getattr(instance, attname) != new:
            setattr(instance, attname, new)
            changed.append(attname)
    return changed


def erase_mentions(instance: models.Model, *, subject: Subject) -> list[str]:
    """Replace the subject's address and names in the record's declared fields (no save)."""
    changed = []
    for name in personal_fields(instance):
        attname = _field(instance, name).attname
        old = getattr(instance, attname)
        new = scrub_value(old, subject=subject)
        if new != old:
            setattr(instance, attname, new)
            changed.append(attname)
    return changed


def _scrub_item(item: Item, subject: Subject) -> bool:
    instance = item.instance
    if item.relation == Relation.SUBJECT:
        changed = erase_instance(instance, subject=subject)
    else:
        changed = erase_mentions(instance, subject=subject)
    if changed:
        instance.save(update_fields=changed)
    if item.erase is not None:
        item.erase(item, subject)
        return True
    return bool(changed)


def json_forms(text: str) -> set[str]:
    """How `text` may appear inside a stored JSON document (raw, or \\u-escaped on SQLite)."""
    return {text, json.dumps(text)[1:-1]}


_WORD = re.compile(r"[\w@+-]+(?:\.[\w@+-]+)*")


def _words(text: str) -> list[str]:
    """Words as the scan compares them: an e-mail address stays one word."""
    return _WORD.findall(text)


CHUNK = 60  # LIKE conditions per query: SQLite refuses expression trees deeper than 1000


def rows_containing(queryset: Any, columns: Sequence[str], texts: Iterable[str]) -> set[Any]:
    """Primary keys of rows where a column contains one of the texts (case-insensitive),
    also in their JSON-escaped form; asked in chunks so many people fit in few queries."""
    from django.db.models import Q

    forms = sorted({form for text in texts if text for form in json_forms(text)})
    per = max(1, CHUNK // max(1, len(columns)))
    pks: set[Any] = set()
    if len(forms) > per:
        # Many people at once (a retention job): one pass in Python instead of a query per
        # chunk. Each text is looked up by its longest word (a set lookup per row), then
        # confirmed as a substring.
        by_key: dict[str, list[str]] = {}
        for form in forms:
            words = _words(form.casefold())
            if words:
                by_key.setdefault(max(words, key=len), []).append(form.casefold())
        keys = set(by_key)
        for pk, *values in queryset.values_list("pk", *columns).iterator(chunk_size=2000):
            text = " ".join(str(v) for v in values if v).casefold()
            for key in keys & set(_words(text)):
                if any(form in text for form in by_key[key]):
                    pks.add(pk)
                    break
        return pks
    for start in range(0, len(forms), per):
        condition = Q(pk__in=[])
        for form in forms[start : start + per]:
            for column in columns:
                condition |= Q(**{f"{column}__icontains": form})
        pks.update(queryset.filter(condition).values_list("pk", flat=True))
    return pks


def scrub_audit_log(*, subject: Subject, items: Iterable[Item] = ()) -> int:
    """Rows of the audit log about the erased records, or holding a name or the address."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    AuditLogEntry = apps.get_model("core", "AuditLogEntry")

    by_type: dict[Any, set[str]] = {}
    for item in items:
        ct = ContentType.objects.get_for_model(type(item.instance))
        by_type.setdefault(ct, set()).add(str(item.instance.pk))
    wanted = Q(pk__in=[])
    for ct, ids in by_type.items():
        wanted |= Q(content_type=ct, object_id__in=sorted(ids))
    texted = AuditLogEntry.objects.annotate(changes_text=Cast("changes", TextField()))
    pks = set(AuditLogEntry.objects.filter(wanted).values_list("pk", flat=True))
    pks |= rows_containing(texted, ["object_repr", "changes_text", "actor_label"], subject.texts())
    done = 0
    rows = AuditLogEntry.objects.filter(pk__in=sorted(pks))
    for entry in rows.select_related("content_type"):
        model = entry.content_type.model_class()
        changes = redact_changes(model, entry.changes) if model else entry.changes
        changes = scrub_value(changes, subject=subject)
        repr_ = scrub_value(entry.object_repr, subject=subject)
        if model is not None and personal_fields(model):
            label = str(model._meta.verbose_name)
            repr_ = f"{label[:1].upper()}{label[1:]} #{entry.object_id}"
        label = scrub_value(entry.actor_label, subject=subject)
        if (changes, repr_, label) != (entry.changes, entry.object_repr, entry.actor_label):
            AuditLogEntry.objects.filter(pk=entry.pk).update(
                changes=changes, object_repr=repr_[:255], actor_label=label[:150]
            )
            done += 1
    return done


def redact_changes(model: type[models.Model] | None, changes: Any) -> Any:
    """Audit `changes` with the values of the model's declared personal fields replaced."""
    if model is None or not isinstance(changes, dict):
        return changes
    personal = personal_attnames(model)
    if not personal:
        return changes
    out = {}
    for key, value in changes.items():
        if key in personal:
            if isinstance(value, list) and len(value) == 2:
                value = [None if v in (None, "", [], {}) else MARKER for v in value]
            else:
                value = MARKER
        out[key] = value
    return out


# -- the two services ---------------------------------------------------------------


def normalise(email: str) -> str:
    return (email or "").strip()


def privacy_export(*, email: str) -> list[dict[str, Any]]:
    """Everything held about `email` across all apps: [{app, kind, id, fields}]."""
    email = normalise(email)
    if not email or "@" not in email:
        return []
    subject = Subject(email=email)
    return [item.export() for item in collect_items(subject=subject)]


@dataclass
class ErasureReport:
    email: str
    counts: dict[str, int] = field(default_factory=dict)
    account_deactivated: bool = False

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n

    def as_json(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "changed": dict(sorted(self.counts.items())),
            "account_deactivated": self.account_deactivated,
        }


def erase_items(*, subject: Subject, items: list[Item]) -> ErasureReport:
    """Erase these items and every trace of the subject they leave (audit log, index, tasks).

    The one erasure every path uses: `privacy_erase`, the self-service page and the
    retention jobs. Call inside a transaction (it opens one itself).
    """
    report = ErasureReport(email=subject.email)
    with transaction.atomic():
        for item in items:
            if _scrub_item(item, subject):
                report.add(item.kind)
        for _key, hook in sorted(_AFTER_ERASE.items()):
            for kind, n in hook(subject, items).items():
                report.add(kind, n)
        report.add("audit_log", scrub_audit_log(subject=subject, items=items))
        report.account_deactivated = any(
            i.kind == "account" and i.relation == Relation.SUBJECT for i in items
        )
    return report


def privacy_erase(*, email: str, actor: Any = None) -> ErasureReport:
    """Erase or pseudonymise everything held about `email`, in one transaction.

    `actor` is who asked (a beheerder, or None for a command); the audit entries of the
    erasure itself carry it through the audit context.
    """
    email = normalise(email)
    if not email or "@" not in email:
        return ErasureReport(email=email)
    now = current_actor()
    user = actor if actor is not None else now.user
    with audit_context(user=user, source=now.source), transaction.atomic():
        subject = Subject(email=email)
        items = collect_items(subject=subject)
        if not items:
            return ErasureReport(email=email)
        return erase_items(subject=subject, items=items)


def autodiscover() -> None:
    """Import every app's privacy.py (core's own declarations, privacy_accounts.py, are
    imported by `CoreConfig.ready()`)."""
    autodiscover_modules("privacy")
