"""Forms for the table pages: plan settings, keep rules and a hand move."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansenwerk.meetups.models import Registration

from .models import KeepRule, TablePlan


class RegistrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        org = f" ({obj.organisation})" if obj.organisation else ""
        return f"{obj.name}{org}"


class RegistrationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        org = f" ({obj.organisation})" if obj.organisation else ""
        return f"{obj.name}{org}"


class PlanSettingsForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Indelen op basis van"),
        choices=TablePlan.Source.choices,
        initial=TablePlan.Source.REGISTRATIONS,
        help_text=_("Aan de deur: alleen wie is ingecheckt of als aanwezig gemarkeerd."),
    )
    rounds = forms.IntegerField(
        label=_("Aantal gespreksrondes"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_(
            "Bij meer rondes zit iedereen zo veel mogelijk met nieuwe mensen. Heeft een "
            "thema maar één tafel, zet dan ook 'naar het thema van de 2e keus' aan; anders "
            "zit die tafel in elke ronde met dezelfde mensen."
        ),
    )
    table_size_min = forms.IntegerField(
        label=_("Minimaal aantal per tafel"), min_value=1, max_value=30, initial=4
    )
    table_size_max = forms.IntegerField(
        label=_("Maximaal aantal per tafel"), min_value=2, max_value=30, initial=8
    )
    seconds = forms.IntegerField(
        label=_("Rekentijd in seconden"),
        min_value=1,
        max_value=60,
        initial=5,
        help_text=_("Na deze tijd krijgt u de beste indeling die tot dan is gevonden."),
    )
    facilitator_per_table = forms.BooleanField(
        label=_("Eén gespreksleider per tafel"), required=False
    )
    facilitators = RegistrationMultipleChoiceField(
        label=_("Gespreksleiders"),
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wie een tafelgesprek leidt; de planner zet er één aan elke tafel."),
    )
    rotate_themes = forms.BooleanField(
        label=_("In de volgende ronde naar het thema van de 2e keus"),
        required=False,
        help_text=_(
            "Uit: iedereen blijft bij zijn thema en krijgt nieuwe tafelgenoten. Aan: ronde 2 "
            "bij het thema van de 2e keus. Ronde 1 is altijd het thema uit de bevestiging."
        ),
    )
    keep_seated = forms.BooleanField(
        label=_("Wie al is ingecheckt houdt zijn plaats uit de definitieve indeling"),
        required=False,
        initial=True,
        help_text=_("Voor opnieuw indelen aan de deur; de anderen worden om hen heen ingedeeld."),
    )

    def __init__(self, *args, registrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if registrations is not None:
            self.fields["facilitators"].queryset = registrations

    def clean(self):
        data = super().clean()
        low, high = data.get("table_size_min"), data.get("table_size_max")
        if low and high and high < low:
            self.add_error(
                "table_size_max", _("Het maximum per tafel moet minstens het minimum zijn.")
            )
        if data.get("facilitator_per_table") and not data.get("facilitators"):
            self.add_error(
                "facilitators", _("Kies de gespreksleiders, of zet 'één per tafel' uit.")
            )
        return data


class KeepRuleForm(forms.Form):
    first = RegistrationChoiceField(
        label=_("Deelnemer"), queryset=Registration.objects.none(), empty_label=_("Kies…")
    )
    kind = forms.ChoiceField(label=_("Regel"), choices=KeepRule.Kind.choices)
    second = RegistrationChoiceField(
        label=_("Met deelnemer"), queryset=Registration.objects.none(), empty_label=_("Kies…")
    )

    def __init__(self, *args, registrations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if registrations is not None:
            self.fields["first"].queryset = registrations
            self.fields["second"].queryset = registrations

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Kies twee verschillende deelnemers."))
        return data


class MoveForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    round = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    target = forms.RegexField(label=_("Verplaats naar"), regex=r"^\d+:(\d+|new)$")

    def target_parts(self) -> tuple[int, int | None]:
        theme, table = self.cleaned_data["target"].split(":")
        return int(theme), None if table == "new" else int(table)
