"""Afspraken's entries in the privacy register: agreement owners, the people named with them,
and free text that may name people (progress notes, signals)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import NAME_REPLACEMENT, Basis, Item, PersonalData, Role, Subject

REGION_ACCESS = _("organisatoren en regiocoördinatoren van de regio van de meetup, beheerders")
TEXT_RETENTION = _(
    "Zolang de afspraak of het signaal bestaat; namen worden vervangen zodra de genoemde "
    "persoon om verwijdering vraagt."
)

privacy.declare(
    "afspraken.Agreement",
    title=_("Eigenaren van afspraken en wie bij een afspraak betrokken is"),
    purpose=_(
        "Afspraken na een meetup opvolgen: de eigenaar krijgt een persoonlijke link en "
        "herinneringen, de regio ziet wie met wie iets oppakt."
    ),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_(
        "Zolang de afspraak bestaat; op verzoek worden naam en e-mailadres van de eigenaar "
        "verwijderd en de link ingetrokken."
    ),
    access=_("de eigenaar zelf (persoonlijke link), ") + REGION_ACCESS,
    fields={
        "owner_name": PersonalData(
            _("naam van de eigenaar"), role=Role.NAME, erase=NAME_REPLACEMENT
        ),
        "owner_email": PersonalData(_("e-mailadres van de eigenaar"), role=Role.EMAIL),
        "people": PersonalData(
            _("namen van de mensen met wie de afspraak is gemaakt (vrije tekst)"),
            role=Role.TEXT,
            retention=TEXT_RETENTION,
            access=REGION_ACCESS,
        ),
    },
)

privacy.declare(
    "afspraken.ProgressUpdate",
    title=_("Voortgang van afspraken"),
    purpose=_("Laten zien wat er met een afspraak is gebeurd."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=TEXT_RETENTION,
    access=REGION_ACCESS,
    fields={
        "text": PersonalData(_("wat er is gebeurd (vrije tekst, kan namen noemen)"), role=Role.TEXT)
    },
)

privacy.declare(
    "afspraken.Signal",
    title=_("Signalen: wat is nodig"),
    purpose=_("Bundelen wat tafels vragen van gemeente en landelijk beleid."),
    basis=Basis.PUBLIC_TASK,
    retention=TEXT_RETENTION,
    access=REGION_ACCESS,
    fields={
        "text": PersonalData(_("wat er nodig is (vrije tekst, kan namen noemen)"), role=Role.TEXT)
    },
)


def _revoke(item: Item, subject: Subject) -> None:
    from .models import new_token

    agreement = item.instance
    agreement.what = privacy.scrub_value(agreement.what, subject=subject)
    agreement.token = new_token()
    agreement.token_revoked_at = agreement.token_revoked_at or timezone.now()
    agreement.save(update_fields=["what", "token", "token_revoked_at"])


def _scrub_what(item: Item, subject: Subject) -> None:
    agreement = item.instance
    what = privacy.scrub_value(agreement.what, subject=subject)
    if what != agreement.what:
        agreement.what = what
        agreement.save(update_fields=["what"])


def _retokenise(item: Item, subject: Subject) -> None:
    """The signal's stored analysis would still hold the name's words."""
    from .services.signals import signal_tokens

    signal = item.instance
    signal.tokens = signal_tokens(signal.text)
    signal.save(update_fields=["tokens"])


def _agreement_fields(agreement, *, owner: bool) -> dict:
    fields = {
        "meetup": agreement.meetup.title,
        "what": agreement.what,
        "people": agreement.people,
        "due_date": agreement.due_date.isoformat(),
        "status": agreement.status,
    }
    if owner:
        fields = {
            "owner_name": agreement.owner_name,
            "owner_email": agreement.owner_email,
            **fields,
        }
    return fields


def _collect(subject: Subject) -> list[Item]:
    from .models import Agreement

    items = []
    for agreement in Agreement.objects.filter(owner_email__iexact=subject.email).select_related(
        "meetup"
    ):
        subject.add_name(agreement.owner_name)
        items.append(
            Item(
                app="afspraken",
                kind="agreement",
                instance=agreement,
                fields=_agreement_fields(agreement, owner=True),
                erase=_revoke,
            )
        )
    return items


def _containing(field: str, subject: Subject) -> Q:
    q = Q(pk__in=[])
    for text in subject.texts():
        q |= Q(**{f"{field}__icontains": text})
    return q


def _mentions(subject: Subject) -> list[Item]:
    from .models import Agreement, ProgressUpdate, Signal

    items: list[Item] = []
    agreements = Agreement.objects.filter(
        _containing("people", subject) | _containing("what", subject)
    ).select_related("meetup")
    for agreement in agreements:
        items.append(
            Item(
                app="afspraken",
                kind="agreement_mention",
                instance=agreement,
                relation=privacy.Relation.MENTIONED,
                fields=_agreement_fields(agreement, owner=False),
                erase=_scrub_what,
            )
        )
    for update in ProgressUpdate.objects.filter(_containing("text", subject)):
        items.append(
            Item(
                app="afspraken",
                kind="progress_update",
                instance=update,
                relation=privacy.Relation.MENTIONED,
                fields={"agreement_id": update.agreement_id, "text": update.text},
            )
        )
    for signal in Signal.objects.filter(_containing("text", subject)):
        items.append(
            Item(
                app="afspraken",
                kind="signal",
                instance=signal,
                relation=privacy.Relation.MENTIONED,
                fields={"text": signal.text},
                erase=_retokenise,
            )
        )
    return items


privacy.provider("afspraken", collect=_collect, mentions=_mentions, order=30)
