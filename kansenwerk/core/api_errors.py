"""Dutch JSON errors for every API endpoint, whatever went wrong.

django-ninja answers bad input with English `{"detail": …}` and lets Django render an HTML
500 page for anything unexpected. Every endpoint under /api/ answers JSON with the same
`errors` object as the endpoints' own 400s (`{"errors": {"veld": ["Nederlandse melding"]}}`);
`detail` stays for clients that read it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger("kansenwerk.api")


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Dit veld is verplicht.")
    if kind == "json_invalid":
        return _("De inhoud is geen geldige JSON.")
    if kind in ("string_too_long", "too_long"):
        return _("Te lang: maximaal %(max)s tekens.") % {
            "max": ctx.get("max_length", ctx.get("max_length", "?"))
        }
    if kind in ("string_too_short", "too_short"):
        return _("Te kort.")
    if kind.startswith("string") or kind == "str_type":
        return _("Verwacht tekst.")
    if kind.startswith("int") or kind.startswith("float") or kind.startswith("decimal"):
        return _("Verwacht een getal.")
    if kind.startswith("bool"):
        return _("Verwacht waar of onwaar (true/false).")
    if kind.startswith("date") or kind.startswith("time"):
        return _("Verwacht een datum in de vorm JJJJ-MM-DD.")
    if kind.startswith("list") or kind.startswith("tuple") or kind.startswith("set"):
        return _("Verwacht een lijst.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Verwacht een object.")
    if kind in ("enum", "literal_error"):
        return _("Deze waarde is niet toegestaan.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Vul een geldig e-mailadres in.")
    return _("Deze waarde is ongeldig.")


def _field(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ())]
    # ninja prefixes where the value came from ("body", "query", "path") and the schema's
    # parameter name; the field people know is what follows.
    while location and location[0] in ("body", "query", "path", "header", "cookie", "form"):
        location = location[1:]
    if len(location) > 1 and location[0] in ("payload", "params", "data", "filters"):
        location = location[1:]
    return ".".join(location) or "__all__"


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field(error), []).append(_message(error))
    return fields


def install(api: NinjaAPI) -> None:
    """Register the Dutch handlers on the project's one NinjaAPI."""

    def respond(request: HttpRequest, errors: dict[str, list[str]], status: int, **extra):
        return api.create_response(request, {"errors": errors, **extra}, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_errors(exc.errors), 422, detail=exc.errors)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"__all__": [_("Niet gevonden.")]}, 404, detail="Not Found")

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        messages = {
            401: _("U moet ingelogd zijn."),
            403: _("U heeft hier geen toegang toe."),
            405: _("Deze methode is hier niet toegestaan."),
            429: _("Te veel verzoeken; probeer het later opnieuw."),
        }
        text = messages.get(exc.status_code, str(exc))
        return respond(request, {"__all__": [text]}, exc.status_code, detail=str(exc))

    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # A value the database refuses (too long, out of range) that validation missed:
        # the client's input, so a 400, and logged so the missing check gets added.
        logger.warning("API input refused by the database on %s: %s", request.path, exc)
        return respond(
            request,
            {"__all__": [_("Een van de waarden is te lang of valt buiten het toegestane bereik.")]},
            400,
        )

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unexpected error on %s", request.path)
        return respond(
            request,
            {"__all__": [_("Er ging iets mis aan onze kant. Probeer het later opnieuw.")]},
            500,
        )
