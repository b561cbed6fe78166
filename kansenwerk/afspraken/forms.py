"""Forms for the table host page, the owner's link and the organiser's follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansenwerk.afspraken.models import AgreementStatus, SignalLevel
from kansenwerk.kennisbank.models import direction_label
from kansenwerk.kennisbank.pickers import GroupedChoiceIterator
from kansenwerk.meetups.models import Meetup, MeetupDirection, MeetupTheme


def meetup_direction_picker(field: forms.ModelChoiceField, queryset) -> None:
    """A meetup's directions grouped per theme and named with it ("Taal centraal 1.2 – …"):
    every theme has a "1.1"."""
    field.iterator = GroupedChoiceIterator
    field.group_of = lambda d: d.meetup_theme.title
    field.label_from_instance = lambda d: direction_label(
        theme=d.meetup_theme.title, number=d.number, title=d.title
    )
    field.queryset = queryset.select_related("meetup_theme").order_by(
        "meetup_theme__position", "meetup_theme_id", "position", "id"
    )


class _MeetupChoicesMixin:
    def _limit(self, meetup: Meetup) -> None:
        self.fields["meetup_theme"].queryset = MeetupTheme.objects.filter(meetup=meetup)
        meetup_direction_picker(
            self.fields["meetup_direction"],
            MeetupDirection.objects.filter(meetup_theme__meetup=meetup),
        )


class AgreementForm(_MeetupChoicesMixin, forms.Form):
    # The theme marks :invalid fields red; an empty form should not look wrong.
    use_required_attribute = False
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    table_label = forms.CharField(
        label=_("Tafel"), max_length=60, required=False, help_text=_("Bijvoorbeeld: tafel 3.")
    )
    meetup_theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=MeetupTheme.objects.none(),
        required=False,
        empty_label=_("Geen thema gekozen"),
    )
    meetup_direction = forms.ModelChoiceField(
        label=_("Oplossingsrichting"),
        queryset=MeetupDirection.objects.none(),
        required=False,
        empty_label=_("Geen oplossingsrichting gekozen"),
    )
    what = forms.CharField(label=_("Wat spreken we af?"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(
        label=_("Wie trekt het? (eigenaar)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    owner_email = forms.EmailField(
        label=_("E-mailadres van de eigenaar"),
        required=False,
        help_text=_("Voor de persoonlijke link en de herinneringen."),
    )
    people = forms.CharField(label=_("Met wie?"), required=False, max_length=500)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Met welke organisaties uit het netwerk?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(label=_("Klaar op"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        from kansenwerk.netwerk.models import Organization

        self._limit(meetup)
        self.fields["organizations"].queryset = Organization.objects.filter(
            region_id=meetup.region_id
        ).order_by("name")


class SignalForm(_MeetupChoicesMixin, forms.Form):
    use_required_attribute = False
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    table_label = forms.CharField(label=_("Tafel"), max_length=60, required=False)
    meetup_theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=MeetupTheme.objects.none(),
        required=False,
        empty_label=_("Geen thema gekozen"),
    )
    meetup_direction = forms.ModelChoiceField(
        label=_("Oplossingsrichting"),
        queryset=MeetupDirection.objects.none(),
        required=False,
        empty_label=_("Geen oplossingsrichting gekozen"),
    )
    text = forms.CharField(label=_("Wat is er nodig?"), widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(
        label=_("Van wie?"),
        choices=SignalLevel.choices,
        widget=forms.RadioSelect,
        initial=SignalLevel.GEMEENTE,
    )

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit(meetup)


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    new_status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)

    def __init__(self, *args, agreement, **kwargs):
        kwargs.setdefault("initial", {"new_status": agreement.status})
        super().__init__(*args, **kwargs)


class TableLinkAgreementForm(forms.Form):
    """The agreement form of a table host's link: theme and table come from the link.

    Field names are those of `POST /api/tables/{token}/agreements`, so the page's script
    sends the form as it is to the API; without JavaScript it posts to the page.
    """

    use_required_attribute = False
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    direction = forms.ModelChoiceField(
        label=_("Oplossingsrichting"),
        queryset=MeetupDirection.objects.none(),
        required=False,
        empty_label=_("Geen oplossingsrichting gekozen"),
    )
    what = forms.CharField(label=_("Wat spreken we af?"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_name = forms.CharField(
        label=_("Wie trekt het? (eigenaar)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    owner_email = forms.EmailField(
        label=_("E-mailadres van de eigenaar"),
        required=False,
        help_text=_("De eigenaar krijgt hierop een persoonlijke link en herinneringen."),
    )
    with_whom = forms.CharField(label=_("Met wie?"), required=False, max_length=500)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Met welke organisaties uit het netwerk?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due = forms.DateField(label=_("Klaar op"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        from kansenwerk.netwerk.models import Organization

        meetup_direction_picker(
            self.fields["direction"],
            MeetupDirection.objects.filter(meetup_theme_id=link.meetup_theme_id),
        )
        self.fields["organisations"].queryset = Organization.objects.filter(
            region_id=link.meetup.region_id
        ).order_by("name")


class TableLinkSignalForm(forms.Form):
    use_required_attribute = False
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    meetup_direction = forms.ModelChoiceField(
        label=_("Oplossingsrichting"),
        queryset=MeetupDirection.objects.none(),
        required=False,
        empty_label=_("Geen oplossingsrichting gekozen"),
    )
    text = forms.CharField(label=_("Wat is er nodig?"), widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(
        label=_("Van wie?"),
        choices=SignalLevel.choices,
        widget=forms.RadioSelect,
        initial=SignalLevel.GEMEENTE,
    )

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        meetup_direction_picker(
            self.fields["meetup_direction"],
            MeetupDirection.objects.filter(meetup_theme_id=link.meetup_theme_id),
        )
