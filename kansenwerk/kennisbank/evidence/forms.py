"""The beheerder's form for an evidence profile; the service validates again on save."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import EvidenceProfile, SchoolType
from .services import PROFILE_FIELDS


class LinesField(forms.CharField):
    """A list of strings edited as one item per line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(str(v) for v in value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def _formfield(db_field, **kwargs):
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ProfileForm(forms.ModelForm):
    effective_elements = LinesField(
        label=_("Werkzame elementen"), required=False, help_text=_("Eén element per regel.")
    )
    school_types = forms.MultipleChoiceField(
        label=_("Onderwijstypen"),
        choices=SchoolType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EvidenceProfile
        fields = PROFILE_FIELDS
        formfield_callback = _formfield
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }


class CompareForm(forms.Form):
    """Which interventions to compare; the selector checks the choice."""

    i = forms.MultipleChoiceField(label=_("Interventies (twee tot vier)"), required=False)
    gemeente = forms.ChoiceField(label=_("Aanbod in gemeente"), required=False)
