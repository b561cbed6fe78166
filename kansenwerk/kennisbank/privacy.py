"""Kennisbank's entry in the privacy register: the people an intervention names.

Names in the kennisbank's other texts come from published sources; the structured list
of people involved is declared, kept out of the search index and cleaned on request.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import Basis, Item, PersonalData, Role, Subject

privacy.declare(
    "kennisbank.Intervention",
    title=_("Betrokkenen bij interventies in de kennisbank"),
    purpose=_("Laten zien wie een interventie heeft ontwikkeld of uitvoert, en in welke rol."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_("Zolang de interventie in de kennisbank staat, of tot de persoon bezwaar maakt."),
    access=_("iedereen die de interventie bekijkt (niet doorzoekbaar)"),
    fields={
        "people": PersonalData(_("namen en rollen van betrokkenen"), role=Role.TEXT),
    },
)


def _mentions(subject: Subject) -> list[Item]:
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from .models import Intervention

    q = Q(pk__in=[])
    for text in subject.texts():
        for form in privacy.json_forms(text):
            q |= Q(people_text__icontains=form)
    found = Intervention.objects.annotate(people_text=Cast("people", TextField())).filter(q)
    return [
        Item(
            app="kennisbank",
            kind="intervention_mention",
            instance=intervention,
            relation=privacy.Relation.MENTIONED,
            fields={"title": intervention.title, "people": intervention.people},
        )
        for intervention in found
    ]


privacy.provider("kennisbank", mentions=_mentions, order=60)
