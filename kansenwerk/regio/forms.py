from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class IndicatorUploadForm(forms.Form):
    """Only translates the input; `services.indicator_file_import` checks everything."""

    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Eerste kolom: de CBS-code van de gemeente (GM0402, 0402 of 402) of haar naam; "
            "daarna één kolom per indicator. "
            "Scheidingsteken puntkomma of komma; decimalen met komma of punt."
        ),
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=300,
        help_text=_("Bijvoorbeeld CBS of de Gelijke Kansen Alliantie, met de naam van de tabel."),
    )
    reference_date = forms.DateField(
        label=_("Peildatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("De datum waarop de cijfers betrekking hebben."),
    )
