"""Forms of the national-theme pages: they only turn the POST into values for the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansenwerk.kennisbank import models as m


class NationalThemeForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"), max_length=m.NationalTheme._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=m.NationalTheme._meta.get_field("description").help_text,
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Samenvoegen met"),
        queryset=m.NationalTheme.objects.none(),
        empty_label=_("Kies een landelijk thema…"),
        help_text=_(
            "De regionale thema's gaan naar het gekozen landelijke thema; dit thema verdwijnt."
        ),
    )

    def __init__(self, *args, source: m.NationalTheme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = m.NationalTheme.objects.exclude(pk=source.pk).order_by(
            "title"
        )


class ThemeDecisionForm(forms.Form):
    national_theme = forms.ModelChoiceField(
        label=_("Landelijk thema"),
        queryset=m.NationalTheme.objects.order_by("title"),
        required=False,
        empty_label=_("Geen landelijk thema"),
    )
