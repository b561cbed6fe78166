"""Forms for programmes, intake, matching decisions and follow-up. Every intake field says
why it is asked: people (and parents of children) should know what their data is used for."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import Intervention
from kansenwerk.kennisbank.pickers import use_direction_picker

from .matching.explain import DAY_NAMES, slot_label
from .matching.rules import Rules
from .models import INTAKE_FIELDS, CheckIn, Match, Participant, Programme
from .selectors import coordinator_candidates

SLOT_PARTS = ("ochtend", "middag", "avond")
SLOT_CHOICES = [
    (f"{day}-{part}", slot_label(f"{day}-{part}"))
    for day in list(DAY_NAMES)[:6]
    for part in SLOT_PARTS
]
GENDER_CHOICES = [
    ("", _("Zeg ik liever niet")),
    ("vrouw", _("Vrouw")),
    ("man", _("Man")),
    ("anders", _("Anders")),
]
GENDER_PREFERENCE_CHOICES = [
    ("", _("Geen voorkeur")),
    ("vrouw", _("Een vrouw")),
    ("man", _("Een man")),
]

INTAKE_FIELD_LABELS = {
    "languages": _("Talen"),
    "home_language": _("Thuistaal"),
    "availability": _("Beschikbaarheid per dagdeel"),
    "postcode_area": _("Postcodegebied"),
    "interests": _("Interesses"),
    "year_group": _("Groep of leerjaar"),
    "age_band": _("Leeftijd (globaal)"),
    "needs": _("Hulpvraag of aanbod"),
    "gender": _("Geslacht en voorkeur"),
}


class ListField(forms.CharField):
    """Comma- or semicolon-separated words, stored as a list ("Nederlands, Arabisch")."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value) or ""
        seen: dict[str, str] = {}
        for part in re.split(r"[;,\n]", text):
            word = part.strip()
            if word and word.casefold() not in seen:
                seen[word.casefold()] = word[:60]
        return list(seen.values())


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3}$",
    _("Vul alleen de vier cijfers van de postcode in, bijvoorbeeld 3511."),
)


class ParticipantForm(forms.Form):
    """The intake for one side of a programme; which questions appear is the programme's choice."""

    display_name = forms.CharField(max_length=80)
    filled_in_by = forms.ChoiceField(choices=Participant.FilledInBy.choices)
    contact = forms.CharField(max_length=200, required=False)
    languages = ListField(
        label=_("Talen die hij of zij spreekt"),
        help_text=_(
            "Gescheiden door komma’s, bijvoorbeeld: Nederlands, Arabisch. Waarom: we koppelen "
            "alleen mensen die een taal delen."
        ),
    )
    home_language = forms.CharField(
        label=_("Thuistaal"),
        max_length=60,
        required=False,
        help_text=_("Waarom: een gedeelde thuistaal maakt het contact met het gezin makkelijker."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Wanneer beschikbaar?"),
        choices=SLOT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kies alle dagdelen die meestal kunnen. Waarom: samen moet er een moment zijn."
        ),
    )
    postcode_area = forms.CharField(
        label=_("Postcodegebied (4 cijfers)"),
        max_length=4,
        required=False,
        validators=[postcode_validator],
        help_text=_(
            "Alleen de cijfers, geen straat of huisnummer. Waarom: we zoeken iemand in de buurt."
        ),
    )
    interests = ListField(
        label=_("Interesses"),
        required=False,
        help_text=_(
            "Bijvoorbeeld: voetbal, tekenen, koken. Waarom: gedeelde interesses geven een "
            "makkelijk begin."
        ),
    )
    year_group = forms.IntegerField(
        label=_("Groep of leerjaar"),
        min_value=1,
        max_value=14,
        required=False,
        help_text=_(
            "Groep 1–8 op de basisschool, daarna 9 voor de brugklas enzovoort. Waarom: een "
            "oudere leerling helpt een jongere."
        ),
    )
    age_band = forms.ChoiceField(
        label=_("Leeftijd (globaal)"),
        choices=[("", _("Weet ik niet / zeg ik liever niet")), *Participant.AgeBand.choices],
        required=False,
        help_text=_("Een leeftijdsgroep is genoeg; we vragen geen geboortedatum."),
    )
    needs = ListField(
        label=_("Waar kan de mentor bij helpen?"),
        required=False,
        help_text=_(
            "Bijvoorbeeld: huiswerk, lezen, contact met school. Waarom: we zoeken een mentor "
            "die daarbij past."
        ),
    )
    gender = forms.ChoiceField(
        label=_("Geslacht"),
        choices=GENDER_CHOICES,
        required=False,
        help_text=_("Alleen gevraagd omdat sommige mentees een voorkeur hebben. Niet verplicht."),
    )
    gender_preference = forms.ChoiceField(
        label=_("Voorkeur voor de mentor"),
        choices=GENDER_PREFERENCE_CHOICES,
        required=False,
        help_text=_("Alleen als dat belangrijk is; we houden er zo veel mogelijk rekening mee."),
    )
    capacity = forms.IntegerField(
        label=_("Hoeveel mentees tegelijk?"),
        min_value=1,
        max_value=10,
        help_text=_("Waarom: zo krijgt niemand meer koppelingen dan hij of zij aankan."),
    )
    notes = forms.CharField(
        label=_("Notitie voor de coördinator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Alleen wat nodig is om goed te koppelen; geen medische of gevoelige details."),
    )
    consent = forms.BooleanField(
        label=_("Toestemming gegeven"),
        error_messages={
            "required": _("Zonder toestemming van de invuller slaan we niets op. Vraag die eerst.")
        },
        help_text=_(
            "De invuller weet dat deze gegevens alleen gebruikt worden om te koppelen, dat "
            "alleen de coördinatoren ze zien en dat ze na de bewaartermijn worden "
            "gepseudonimiseerd."
        ),
    )

    def __init__(self, *args, programme: Programme, side: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.programme, self.side = programme, side
        mentee = side == Participant.Side.MENTEE
        minor = programme.mentee_is_minor if mentee else programme.mentor_is_minor
        name = self.fields["display_name"]
        if minor:
            name.label = _("Voornaam, initialen of schuilnaam")
            name.help_text = _(
                "Geen achternaam nodig: alleen zo dat u het kind herkent in de lijst."
            )
        else:
            name.label = _("Naam")
            name.help_text = _("Een voornaam is genoeg.")
        by = self.fields["filled_in_by"]
        by.label = _("Wie vult dit in?")
        if minor:
            by.choices = [
                c for c in Participant.FilledInBy.choices if c[0] != Participant.FilledInBy.SELF
            ]
            by.help_text = _(
                "Bij kinderen en leerlingen vult een ouder of een professional de intake in."
            )
            by.initial = Participant.FilledInBy.PARENT
        else:
            by.initial = Participant.FilledInBy.SELF
        contact = self.fields["contact"]
        contact.label = _("Telefoon of e-mail (van de invuller)")
        contact.help_text = _("Waarom: om de koppeling te kunnen voorstellen. Niet verplicht.")
        asked = set(programme.intake_fields or ())
        for field_name in INTAKE_FIELDS:
            if field_name not in asked and field_name not in ("languages", "availability"):
                self.fields.pop(field_name, None)
        if "gender" in asked:
            # Mentors say what they are, mentees what they would like.
            self.fields.pop("gender_preference" if not mentee else "gender")
        else:
            self.fields.pop("gender_preference")
        if mentee:
            self.fields.pop("capacity")
        else:
            self.fields["capacity"].initial = programme.default_capacity
            if "needs" in self.fields:
                self.fields["needs"].label = _("Waar kan deze mentor bij helpen?")
        if mentee and programme.kind == Programme.Kind.VRIJWILLIGER_GEZIN:
            name.label = _("Naam van het gezin of schuilnaam")
            name.help_text = _("Een naam waaraan u het gezin herkent; geen adres nodig.")
            self.fields["languages"].label = _("Talen die het gezin spreekt")
            by.initial = Participant.FilledInBy.PROFESSIONAL
            by.choices = [
                (Participant.FilledInBy.PARENT, _("Een ouder uit het gezin")),
                (Participant.FilledInBy.PROFESSIONAL, _("Professional (leerkracht, jeugdwerker…)")),
            ]

    def intake_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "consent"}
        return data


class ParticipantEditForm(ParticipantForm):
    """The same questions when correcting an intake; consent was given at the start."""

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        initial = {
            name: getattr(participant, name) for name in self.base_fields if name != "consent"
        }
        super().__init__(
            *args,
            programme=participant.programme,
            side=participant.side,
            initial=initial,
            **kwargs,
        )
        self.fields.pop("consent")


class ProgrammeForm(forms.ModelForm):
    intake_fields = forms.MultipleChoiceField(
        label=_("Intakevragen"),
        choices=[
            (key, label)
            for key, label in INTAKE_FIELD_LABELS.items()
            if key not in ("languages", "availability")
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Vraag alleen wat u nodig hebt om te koppelen. Talen en beschikbaarheid worden "
            "altijd gevraagd. Niets aangevinkt bij een nieuw programma: de gebruikelijke "
            "vragen voor deze soort programma."
        ),
    )

    screening_steps = forms.MultipleChoiceField(
        label=_("Stappen voordat een mentor gekoppeld wordt"),
        choices=[
            ("intake_talk", _("Intakegesprek")),
            ("vog", _("VOG ontvangen")),
            ("training", _("Training gevolgd")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Alleen mentoren die deze stappen hebben afgerond, worden gekoppeld. Staat een "
            "stap te lang open, dan ziet u een herinnering op de programmapagina."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "kind",
            "region",
            "owner",
            "description",
            "solution_directions",
            "interventions",
            "intake_fields",
            "default_capacity",
            "retention_months",
            "is_open",
            "screening_steps",
            "coordinators",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: Any, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from kansenwerk.core.permissions import Capability, writable_region_ids

        allowed = writable_region_ids(user, capability=Capability.KOPPELEN)
        if self.instance.pk:
            self.fields.pop("region")
            self.fields.pop("kind")
        else:
            regions = Region.objects.all()
            if allowed is not None:
                regions = regions.filter(pk__in=allowed)
            self.fields["region"].queryset = regions
            self.fields["region"].empty_label = None
            self.fields["kind"].choices = [
                ("", _("Kies een soort programma…")),
                *Programme.Kind.choices,
            ]
            self.fields.pop("coordinators")
        if "coordinators" in self.fields:
            self.fields["coordinators"].queryset = coordinator_candidates(
                region_id=self.instance.region_id
            )
            self.fields["coordinators"].help_text = _(
                "Alleen coördinatoren zien de deelnemers. U kunt beheerders en "
                "regiocoördinatoren van de regio van dit programma kiezen. Op een computer "
                "houdt u ctrl of cmd ingedrukt om er meer te kiezen."
            )
        # "1.1" exists in every theme: named with its theme, grouped, checkboxes (no ctrl/cmd).
        use_direction_picker(self.fields["solution_directions"])
        self.fields["interventions"].queryset = Intervention.objects.all()
        self.fields["interventions"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["interventions"].widget.choices
        )
        for name in ("solution_directions", "interventions"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Waar draagt dit programma aan bij? Vink aan wat past.")
        self.fields["owner"].required = False
        self.fields["owner"].empty_label = _("Nog geen organisatie gekozen")


class RulesForm(forms.Form):
    """The hard rules and soft weights, in words a coordinator uses."""

    min_shared_languages = forms.IntegerField(
        label=_("Minimaal aantal gedeelde talen"), min_value=0, max_value=5
    )
    min_shared_availability = forms.IntegerField(
        label=_("Minimaal aantal gedeelde dagdelen"), min_value=0, max_value=10
    )
    max_distance_km = forms.FloatField(
        label=_("Maximale afstand in km (0 = geen grens)"), min_value=0, max_value=200
    )
    require_vog_for_minors = forms.BooleanField(
        label=_("Mentor van een kind of gezin moet een VOG hebben"), required=False
    )
    gender_preference_is_hard = forms.BooleanField(
        label=_("Voorkeur voor geslacht van de mentor is verplicht"), required=False
    )
    min_year_group_gap = forms.IntegerField(
        label=_("Mentor zit minstens zoveel groepen/leerjaren hoger (0 = geen eis)"),
        min_value=0,
        max_value=10,
    )
    shared_interests = forms.FloatField(
        label=_("Gewicht: gedeelde interesses"), min_value=0, max_value=10
    )
    distance = forms.FloatField(label=_("Gewicht: dichtbij wonen"), min_value=0, max_value=10)
    home_language = forms.FloatField(
        label=_("Gewicht: zelfde thuistaal"), min_value=0, max_value=10
    )
    extra_availability = forms.FloatField(
        label=_("Gewicht: extra gedeelde dagdelen"), min_value=0, max_value=10
    )
    shared_needs = forms.FloatField(
        label=_("Gewicht: mentor past bij de hulpvraag"), min_value=0, max_value=10
    )
    gender_preference = forms.FloatField(
        label=_("Gewicht: voorkeur geslacht"), min_value=0, max_value=10
    )
    maximize_matches = forms.BooleanField(
        label=_("Eerst zo veel mogelijk mensen koppelen"),
        required=False,
        help_text=_("Uit: alleen de hoogste totale passendheid (soms minder koppelingen)."),
    )

    HARD = (
        "min_shared_languages",
        "min_shared_availability",
        "max_distance_km",
        "require_vog_for_minors",
        "gender_preference_is_hard",
        "min_year_group_gap",
    )
    SOFT = (
        "shared_interests",
        "distance",
        "home_language",
        "extra_availability",
        "shared_needs",
        "gender_preference",
    )

    @classmethod
    def initial_from(cls, rules: Rules) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(rules.hard, name) for name in cls.HARD}
        initial["max_distance_km"] = rules.hard.max_distance_km or 0
        initial.update({name: getattr(rules.soft, name) for name in cls.SOFT})
        initial["maximize_matches"] = rules.maximize_matches
        return initial

    def overrides(self, *, current: dict[str, Any]) -> dict[str, Any]:
        """The programme's rules mapping with these values (other keys are kept)."""
        data = self.cleaned_data
        hard = {**current.get("hard", {}), **{name: data[name] for name in self.HARD}}
        soft = {**current.get("soft", {}), **{name: data[name] for name in self.SOFT}}
        objective = {**current.get("objective", {}), "maximize_matches": data["maximize_matches"]}
        return {**current, "hard": hard, "soft": soft, "objective": objective}


class RunForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Manier van koppelen"),
        choices=[
            ("optimal", _("Optimaal: de hoogste totale passendheid voor de hele groep")),
            ("stable", _("Stabiel: op volgorde van voorkeuren (niemand wil liever ruilen)")),
        ],
        initial="optimal",
        widget=forms.RadioSelect,
    )


class SwapForm(forms.Form):
    other = forms.ModelChoiceField(queryset=Match.objects.none(), label=_("Ruil de mentor met"))

    def __init__(self, *args, match: Match, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = candidates.exclude(pk=match.pk)
        self.fields["other"].label_from_instance = lambda m: (
            _("%(mentor)s – %(mentee)s")
            % {
                "mentor": m.mentor.display_name,
                "mentee": m.mentee.display_name,
            }
        )


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("Korte notitie"),
        required=False,
        max_length=280,
        help_text=_("Eén of twee zinnen, bijvoorbeeld wat jullie deden. Geen gevoelige details."),
    )


class CheckInForm(forms.Form):
    week = forms.TypedChoiceField(label=_("Moment"), choices=CheckIn.Week.choices, coerce=int)
    contact = forms.ChoiceField(
        label=_("Hoe vaak zien ze elkaar?"),
        choices=[
            ("wekelijks", _("Elke week")),
            ("tweewekelijks", _("Om de week")),
            ("minder", _("Minder vaak")),
            ("geen", _("Geen contact meer")),
        ],
    )
    going = forms.ChoiceField(
        label=_("Hoe gaat het?"),
        choices=[("goed", _("Goed")), ("redelijk", _("Redelijk")), ("moeizaam", _("Moeizaam"))],
    )
    continue_ = forms.TypedChoiceField(
        label=_("Willen beiden doorgaan?"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        coerce=lambda v: v == "ja",
    )
    note = forms.CharField(label=_("Korte notitie"), required=False, max_length=280)

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contact": data["contact"],
            "going": data["going"],
            "continue": data["continue_"],
            "note": data["note"],
        }


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom stopt de koppeling?"), choices=Match.EndReason.choices, required=False
    )
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)


class ImportForm(forms.Form):
    side = forms.ChoiceField(label=_("Kant"), choices=Participant.Side.choices)
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolomkoppen (in het Engels, zoals de opdracht ze verwacht): id, capacity (aantal "
            "mentees, alleen mentoren), languages (talen), availability (dagdelen), interests "
            "(interesses) — meerdere waarden met ; gescheiden — en postcode (4 cijfers). "
            "Gebruik in de kolom id een code of voornaam, geen volledige naam."
        ),
        error_messages={"required": _("Kies het CSV-bestand met de deelnemers.")},
    )

    def text(self) -> str:
        raw = self.cleaned_data["file"].read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Sla het bestand op als CSV in UTF-8 en probeer het opnieuw.")
            ) from None


class VogForm(forms.Form):
    has_vog = forms.BooleanField(
        label=_("Ik heb een geldige VOG van deze mentor gezien"), required=False
    )


class RankingForm(forms.Form):
    """Up to three ranked choices, used when matching stably."""

    def __init__(self, *args, participant: Participant, others, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ranking = list(participant.ranking or [])
        for i, label in enumerate((_("Eerste keus"), _("Tweede keus"), _("Derde keus"))):
            field = forms.ModelChoiceField(queryset=others, label=label, required=False)
            field.label_from_instance = lambda p: p.display_name
            field.initial = ranking[i] if i < len(ranking) else None
            self.fields[f"choice_{i}"] = field

    def ranking(self) -> list[int]:
        result: list[int] = []
        for name in ("choice_0", "choice_1", "choice_2"):
            value = self.cleaned_data.get(name)
            if value is not None and value.pk not in result:
                result.append(value.pk)
        return result


class PublicIntakeForm(ParticipantForm):
    """The public sign-up: the programme's questions plus an e-mail address for the personal
    link and consent. No notes field (that is the coordinator's)."""

    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        help_text=_(
            "Waarom: u krijgt een bevestiging met een persoonlijke link om de aanmelding te "
            "bekijken, te wijzigen of in te trekken."
        ),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )
    parental_consent = forms.BooleanField(
        label=_("De ouder of verzorger geeft toestemming"),
        required=False,
        help_text=_(
            "Nodig voor kinderen jonger dan 16 jaar. Vult u dit in als ouder of verzorger, "
            "dan geeft u hiermee zelf toestemming."
        ),
    )

    def __init__(self, *args, programme: Programme, side: str, **kwargs) -> None:
        super().__init__(*args, programme=programme, side=side, **kwargs)
        for name in ("notes", "contact"):
            self.fields.pop(name, None)
        mentee = side == Participant.Side.MENTEE
        minor = programme.mentee_is_minor if mentee else programme.mentor_is_minor
        if minor:
            age = forms.ChoiceField(
                label=_("Leeftijd (globaal)"),
                choices=[
                    ("", _("Kies een leeftijdsgroep")),
                    *[c for c in Participant.AgeBand.choices if c[0] != "18+"],
                ],
                help_text=_(
                    "Waarom: onder de 16 jaar vragen we toestemming van een ouder of verzorger."
                ),
            )
            self.fields["age_band"] = age
        else:
            self.fields.pop("parental_consent")
            self.fields.pop("filled_in_by")
        consent = self.fields["consent"]
        consent.label = _("Ik geef toestemming om deze gegevens te gebruiken voor het koppelen")
        consent.help_text = _(
            "Alleen de coördinatoren van dit programma zien de gegevens. U kunt de aanmelding "
            "altijd intrekken via de link in de bevestiging. Na afloop worden de gegevens "
            "gepseudonimiseerd."
        )
        consent.error_messages["required"] = _("Zonder toestemming slaan we niets op.")
        order = [n for n in self.fields if n not in ("email", "parental_consent", "consent")]
        order += [n for n in ("email", "parental_consent", "consent") if n in self.fields]
        self.order_fields(order)

    def intake_data(self) -> dict[str, Any]:
        skip = {"consent", "parental_consent", "email"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class PublicIntakeEditForm(PublicIntakeForm):
    """The same questions through the personal link; e-mail and consent are not asked again."""

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        super().__init__(*args, programme=participant.programme, side=participant.side, **kwargs)
        for name in ("email", "parental_consent", "consent"):
            self.fields.pop(name, None)
        for name in self.fields:
            self.initial.setdefault(name, getattr(participant, name, None))


class ScreeningForm(forms.Form):
    intake_talk_on = forms.DateField(
        label=_("Intakegesprek gehouden op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    vog_requested_on = forms.DateField(
        label=_("VOG aangevraagd op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    vog_received_on = forms.DateField(
        label=_("VOG ontvangen op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    training_on = forms.DateField(
        label=_("Training gevolgd op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
