"""Forms for editing kennisbank records; list-valued fields are edited one item per line."""

from __future__ import annotations

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from .pickers import use_direction_picker
from .registry import RecordKind


class _JSONListField(forms.CharField):
    """Base for list-valued JSONField form fields edited as text."""

    widget = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *args, encoder=None, decoder=None, **kwargs):
        # JSONField.formfield() passes its encoder/decoder; text editing needs neither.
        super().__init__(*args, **kwargs)


class LinesField(_JSONListField):
    """A list of strings edited as one item per line."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class PeopleField(_JSONListField):
    """People and roles edited as "Naam – rol" per line."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                " – ".join(p for p in (item.get("name", ""), item.get("role", "")) if p)
                for item in value
            )
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        people = []
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            for sep in (" – ", " - ", ": ", ", "):
                if sep in line:
                    name, role = line.split(sep, 1)
                    people.append({"name": name.strip(), "role": role.strip()})
                    break
            else:
                people.append({"name": line, "role": ""})
        return people


def form_for_kind(kind: RecordKind) -> type[forms.ModelForm]:
    field_classes = {}
    fields = kind.form_fields
    if "questions" in fields:
        field_classes["questions"] = LinesField
    if "people" in fields:
        field_classes["people"] = PeopleField
    form_class = modelform_factory(kind.model, fields=fields, field_classes=field_classes)
    if "questions" in fields:
        form_class.base_fields["questions"].required = False
        form_class.base_fields["questions"].help_text = _("Eén vraag per regel.")
    if "people" in fields:
        form_class.base_fields["people"].required = False
        form_class.base_fields["people"].help_text = _("Eén persoon per regel: naam – rol.")
    if "solution_directions" in fields:
        use_direction_picker(form_class.base_fields["solution_directions"])
    return form_class
