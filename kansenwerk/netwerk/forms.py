"""Forms for the netwerk's pages (data goes to services.py; no saving here)."""

from __future__ import annotations

import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank.pickers import use_direction_picker

from .models import ContactPerson, Location, Organization, OrganizationProposal, Service


class LanguagesField(forms.CharField):
    """Language codes edited as "nl, en, ar"."""

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):
        # JSONField.formfield() passes its encoder/decoder; text editing needs neither.
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        codes = [c.strip().lower() for c in re.split(r"[,\s;]+", text) if c.strip()]
        bad = [c for c in codes if not re.fullmatch(r"[a-z]{2,3}", c)]
        if bad:
            raise forms.ValidationError(
                _("Gebruik taalcodes van twee of drie letters, zoals nl, en, ar (niet: %(bad)s).")
                % {"bad": ", ".join(bad)}
            )
        return list(dict.fromkeys(codes))


def _formfield(field, **kwargs):
    # Web addresses typed without a scheme are https (Django 6's default, chosen now).
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganizationForm(forms.ModelForm):
    class Meta:
        formfield_callback = _formfield
        model = Organization
        fields = [
            "name",
            "kind",
            "description",
            "website",
            "email",
            "phone",
            "region",
            "municipalities",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "municipalities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, allowed_region_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Region.objects.all()
        if allowed_region_ids is not None:
            regions = regions.filter(pk__in=allowed_region_ids)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None
        self.fields["municipalities"].queryset = Municipality.objects.select_related(
            "region"
        ).order_by("region__name", "name")
        self.fields["municipalities"].label_from_instance = lambda m: f"{m.name} ({m.region})"


class ServiceForm(forms.ModelForm):
    class Meta:
        formfield_callback = _formfield
        model = Service
        fields = [
            "name",
            "description",
            "status",
            "minimum_age",
            "maximum_age",
            "target_groups",
            "cost",
            "how_to_apply",
            "languages",
            "url",
            "email",
            "themes",
            "solution_directions",
            "interventions",
            "initiatives",
        ]
        field_classes = {"languages": LanguagesField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "cost": forms.Textarea(attrs={"rows": 2}),
            "how_to_apply": forms.Textarea(attrs={"rows": 2}),
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "solution_directions": forms.CheckboxSelectMultiple,
            "interventions": forms.SelectMultiple(attrs={"size": 6}),
            "initiatives": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_direction_picker(self.fields["solution_directions"])
        self.fields["languages"].help_text = _("Taalcodes, bijvoorbeeld: nl, en, ar, tr.")
        self.fields["minimum_age"].help_text = _("Leeg laten als er geen ondergrens is.")
        self.fields["maximum_age"].help_text = _("Leeg laten als er geen bovengrens is.")
        for name in ("interventions", "initiatives"):
            self.fields[name].help_text = _(
                "Houd Ctrl (Mac: Cmd) ingedrukt om er meer dan één te kiezen."
            )
        self.fields["languages"].required = False

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age",
                _("'Tot en met leeftijd' moet gelijk aan of hoger dan 'vanaf leeftijd' zijn."),
            )
        return cleaned


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "address", "postcode", "city", "municipality", "services"]
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = organization.services.all()


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone", "service"]

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = organization.services.all()
        self.fields["service"].required = False
        self.fields["service"].help_text = _(
            "Laat leeg als deze persoon voor alles aanspreekbaar is."
        )


class MergeForm(forms.Form):
    surviving = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Deze organisatie blijft bestaan"),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surviving"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )


class VerificationEditForm(forms.ModelForm):
    """What an organisation's contact may change through the verification link; the
    changes wait for the coordinator."""

    class Meta:
        formfield_callback = _formfield
        model = Organization
        fields = ("name", "description", "website", "email", "phone")


class ProposalForm(forms.ModelForm):
    """The public "meld uw organisatie aan" form."""

    class Meta:
        formfield_callback = _formfield
        model = OrganizationProposal
        fields = (
            "name",
            "kind",
            "description",
            "website",
            "email",
            "phone",
            "contact_name",
            "contact_email",
        )
        help_texts = {
            "contact_email": _(
                "Alleen de coördinator van de regio ziet uw naam en e-mailadres; zij nemen "
                "contact op als er iets onduidelijk is."
            ),
        }
