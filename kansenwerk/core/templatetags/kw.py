"""Template helpers shared by every app."""

from django import forms, template
from django.utils.http import urlencode

register = template.Library()

_WIDGET_CLASSES = (
    (forms.CheckboxSelectMultiple, "kw-checkbox-list"),
    (forms.RadioSelect, "kw-radio-list"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
)


@register.filter
def utrecht(bound_field):
    """Render a form field's widget with the NL Design System classes."""
    widget = bound_field.field.widget
    css = next((c for cls, c in _WIDGET_CLASSES if isinstance(widget, cls)), "")
    if bound_field.errors:
        css += " utrecht-textbox--invalid"
    attrs = {"class": css.strip()}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (None removes one)."""
    params = context["request"].GET.copy()
    params.pop("pagina", None)
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def verbose(obj, field_name):
    """A model field's Dutch label."""
    return obj._meta.get_field(field_name).verbose_name


@register.filter
def display(obj, field_name):
    """A field's value for display: choices by their label, relations by their string."""
    getter = getattr(obj, f"get_{field_name}_display", None)
    if callable(getter):
        return getter()
    return getattr(obj, field_name, "")


@register.filter
def is_checkbox(bound_field):
    """True for a single checkbox, which is laid out before its label."""
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
