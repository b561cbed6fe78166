"""Forms for meetups: planning, the public registration form, walk-ins and messages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kansenwerk.kennisbank.models import Theme
from kansenwerk.meetups.models import (
    Meetup,
    MeetupTheme,
    OrganisationKind,
    Profession,
    Registration,
)
from kansenwerk.meetups.selectors import meetup_themes
from kansenwerk.meetups.services.meetup import MEETUP_FIELDS
from kansenwerk.meetups.services.registration import NEEDS_MAX_LENGTH, registration_max_length

ORGANISATION_KIND_CHOICES = [
    ("", _("Weet ik niet / zeg ik liever niet")),
    *OrganisationKind.choices,
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetupForm(forms.ModelForm):
    class Meta:
        model = Meetup
        # What `meetup_create`/`meetup_update` accept, plus the region to create it in.
        fields = ["region", *MEETUP_FIELDS]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "venue_accessibility": forms.Textarea(attrs={"rows": 3}),
            "organising_partners": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("Kies een regio…")
        if self.instance.pk:
            self.fields["region"].disabled = True

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("De eindtijd moet na de begintijd liggen."))
        return data


class AddThemeForm(forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Thema uit de kennisbank"), queryset=Theme.objects.none(), empty_label=_("Kies…")
    )

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        taken = meetup.themes.exclude(theme=None).values_list("theme_id", flat=True)
        self.fields["theme"].queryset = Theme.objects.exclude(pk__in=list(taken)).order_by("title")


class MeetupThemeForm(forms.ModelForm):
    class Meta:
        model = MeetupTheme
        fields = ["title", "guiding_question", "introduction", "capacity"]
        widgets = {
            "guiding_question": forms.Textarea(attrs={"rows": 2}),
            "introduction": forms.Textarea(attrs={"rows": 5}),
        }


class DirectionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300)
    text = forms.CharField(
        label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    questions = forms.CharField(
        label=_("Vragen voor aan tafel"),
        help_text=_("Eén vraag per regel."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_questions(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


class ReadingItemForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=500)
    author = forms.CharField(label=_("Auteur of uitgever"), max_length=300, required=False)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Naam van het initiatief"), max_length=300)
    organisation_name = forms.CharField(label=_("Organisatie"), max_length=300, required=False)
    place = forms.CharField(label=_("Plaats"), max_length=120, required=False)
    description = forms.CharField(
        label=_("Korte beschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


def _theme_label(theme: MeetupTheme) -> str:
    """A theme in the choice list, marked when its own places are taken."""
    if theme.capacity is not None and getattr(theme, "placed", 0) >= theme.capacity:
        return _("%(title)s (thema vol: u komt bij uw tweede keus of op de wachtlijst)") % {
            "title": theme.title
        }
    return theme.title


def _organisation_kind_field(*, for_organiser: bool = False) -> forms.ChoiceField:
    if for_organiser:
        help_text = _(
            "Voor gemengde tafels en het verslag. Leeg laten: wij nemen de soort over uit het "
            "netwerk als de organisatie daar bekend is."
        )
    else:
        help_text = _(
            "Zo zorgen wij voor gemengde tafels. Kent het netwerk van de regio uw organisatie, "
            "dan vullen wij dit voor u in; u kunt het aanpassen."
        )
    return forms.ChoiceField(
        label=_("Soort organisatie"),
        choices=ORGANISATION_KIND_CHOICES,
        required=False,
        help_text=help_text,
    )


class _ThemeChoiceField(forms.ModelChoiceField):
    """A theme of the meetup, found among its themes as read once (`meetup_themes`).

    The queryset (with the places taken, for the labels) is only read to render the
    options; a posted choice costs no query of its own (issue 15: the registration path).
    """

    known: dict[str, MeetupTheme]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        theme = getattr(self, "known", {}).get(str(value))
        if theme is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return theme


class RegistrationForm(forms.Form):
    """The public form: it only turns the POST into values for `registration_create`.

    Every rule (required fields, lengths from the model, e-mail format, themes, consent,
    places, duplicates) and every Dutch message is the service's, so the page and the API
    answer alike. Fields are rendered as required (`required_fields`) without validating
    here; lengths become the inputs' `maxlength` from the model.
    """

    required_fields = ("name", "email", "profession", "theme_choice_1", "consent")

    name = forms.CharField(label=_("Naam"), required=False)
    email = forms.CharField(
        label=_("E-mailadres"),
        required=False,
        widget=forms.EmailInput,
        help_text=_("Hierheen sturen wij de bevestiging en uw persoonlijke link."),
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        required=False,
        help_text=_(
            "Bijvoorbeeld uw school, kinderopvang of gemeente. Ouders mogen dit leeg laten."
        ),
    )
    organisation_kind = _organisation_kind_field()
    profession = forms.ChoiceField(
        label=_("Beroep of rol"),
        choices=[("", _("Kies…")), *Profession.choices],
        required=False,
    )
    theme_choice_1 = _ThemeChoiceField(
        label=_("Eerste keus thema"),
        queryset=MeetupTheme.objects.none(),
        empty_label=_("Kies…"),
        required=False,
    )
    theme_choice_2 = _ThemeChoiceField(
        label=_("Tweede keus thema"),
        queryset=MeetupTheme.objects.none(),
        required=False,
        empty_label=_("Geen tweede keus"),
    )
    needs = forms.CharField(
        label=_("Toegankelijkheid of dieetwensen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Bijvoorbeeld: rolstoel, tolk, vegetarisch. Alleen de organisatoren zien dit."),
    )
    # Offered only after the service said "thema vol" (see `offer_theme_waitlist`).
    waitlist_if_theme_full = forms.BooleanField(
        label=_("Zet mij op de wachtlijst voor mijn thema"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("Ik geef toestemming om mijn gegevens voor deze meetup te bewaren."),
        required=False,
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        themes = meetup.themes.annotate(
            placed=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING))
        ).order_by("position", "id")
        own = meetup_themes(meetup)
        known = {str(theme.pk): theme for theme in own}
        for name in ("theme_choice_1", "theme_choice_2"):
            self.fields[name].queryset = themes
            self.fields[name].known = known
            self.fields[name].label_from_instance = _theme_label
        if not own:
            del self.fields["theme_choice_1"]
            del self.fields["theme_choice_2"]
        for name in self.required_fields:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"required": True, "aria-required": "true"})
        for name in ("name", "email", "organisation", "needs"):
            self.fields[name].widget.attrs["maxlength"] = registration_max_length(name)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs.update(
            {
                "autocomplete": "organization",
                "list": "netwerk-organisaties",
                # Prefill the kind from the netwerk when the organisation is known there.
                "hx-get": reverse("meetups:organisation_kind", args=[meetup.slug]),
                "hx-trigger": "change",
                "hx-target": "#soort-organisatie",
                "hx-swap": "outerHTML",
                "hx-include": "[name='organisation_kind']",
            }
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.offer_theme_waitlist = bool(self.data.get("waitlist_if_theme_full"))

    @property
    def visible_fields_without_honeypot(self):
        hidden = ("website", "consent", "waitlist_if_theme_full")
        return [f for f in self if f.name not in hidden]

    def theme_choices(self) -> list[MeetupTheme]:
        picked = [self.cleaned_data.get("theme_choice_1"), self.cleaned_data.get("theme_choice_2")]
        return [t for t in picked if t is not None]


class RegistrationAddForm(forms.Form):
    """An organiser registers someone by hand; the rules are in `registration_add`."""

    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Leeg laten als de persoon geen e-mail wil; dan sturen wij niets."),
    )
    organisation = forms.CharField(label=_("Organisatie"), max_length=300, required=False)
    organisation_kind = _organisation_kind_field(for_organiser=True)
    profession = forms.ChoiceField(
        label=_("Beroep of rol"), choices=[("", _("Kies…")), *Profession.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Ingedeeld bij thema"), queryset=MeetupTheme.objects.none(), empty_label=_("Kies…")
    )
    theme_choice_2 = forms.ModelChoiceField(
        label=_("Tweede keus thema"),
        queryset=MeetupTheme.objects.none(),
        required=False,
        empty_label=_("Geen tweede keus"),
    )
    needs = forms.CharField(
        label=_("Toegankelijkheid of dieetwensen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NEEDS_MAX_LENGTH,
    )
    waitlist = forms.BooleanField(label=_("Op de wachtlijst zetten"), required=False)
    over_capacity = forms.BooleanField(
        label=_("Boven het aantal plaatsen (ook als de meetup of het thema vol is)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("De persoon heeft toestemming gegeven om deze gegevens te bewaren."),
        # Required, but checked (with its message) by `registration_add`.
        required=False,
        widget=forms.CheckboxInput(attrs={"required": True, "aria-required": "true"}),
    )

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        themes = meetup.themes.order_by("position", "id")
        self.fields["theme"].queryset = themes
        self.fields["theme_choice_2"].queryset = themes
        if not meetup.themes.exists():
            del self.fields["theme"]
            del self.fields["theme_choice_2"]


class RegistrationEditForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    organisation = forms.CharField(label=_("Organisatie"), max_length=300, required=False)
    organisation_kind = _organisation_kind_field(for_organiser=True)
    profession = forms.ChoiceField(
        label=_("Beroep of rol"), choices=[("", _("Kies…")), *Profession.choices]
    )
    needs = forms.CharField(
        label=_("Toegankelijkheid of dieetwensen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=NEEDS_MAX_LENGTH,
    )


class RegistrationMoveForm(forms.Form):
    """Move to another theme (who holds a place) or give a place (who waits)."""

    theme = forms.ModelChoiceField(
        label=_("Naar thema"), queryset=MeetupTheme.objects.none(), empty_label=_("Kies…")
    )
    over_capacity = forms.BooleanField(
        label=_("Boven het aantal plaatsen (ook als het thema of de meetup vol is)"),
        required=False,
    )

    def __init__(self, *args, meetup: Meetup, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = meetup.themes.annotate(
            placed=Count("registrations", filter=Q(registrations__status__in=Registration.HOLDING))
        ).order_by("position", "id")
        self.fields["theme"].label_from_instance = _theme_place_label
        self.fields["theme"].required = required
        if not required:
            self.fields["theme"].empty_label = _("Eerste keus met plaats")


def _theme_place_label(theme: MeetupTheme) -> str:
    """'Taal (5 van 8)' so the organiser sees where there is room."""
    if theme.capacity is None:
        return _("%(title)s (%(placed)d ingedeeld)") % {
            "title": theme.title,
            "placed": getattr(theme, "placed", 0),
        }
    return _("%(title)s (%(placed)d van %(capacity)d)") % {
        "title": theme.title,
        "placed": getattr(theme, "placed", 0),
        "capacity": theme.capacity,
    }


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    organisation = forms.CharField(label=_("Organisatie"), max_length=300, required=False)
    profession = forms.ChoiceField(
        label=_("Beroep of rol"), choices=[("", _("Kies…")), *Profession.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=MeetupTheme.objects.none(),
        required=False,
        empty_label=_("Nog niet"),
    )

    def __init__(self, *args, meetup: Meetup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = meetup.themes.order_by("position", "id")


class MessageForm(forms.Form):
    # strip=False: Django's strip would silently remove a trailing line break; we refuse it.
    subject = forms.CharField(label=_("Onderwerp"), max_length=200, strip=False)
    body = forms.CharField(label=_("Bericht"), widget=forms.Textarea(attrs={"rows": 8}))

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(
                _("Het onderwerp moet op één regel staan: haal de regelovergang weg."),
                code="newline",
            )
        subject = subject.strip()
        if not subject:
            raise forms.ValidationError(_("Vul een onderwerp in."), code="required")
        return subject
