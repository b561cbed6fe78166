"""Request middleware: who is acting (for the audit log) and security headers."""

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext as _

from .actor import audit_context


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith("/admin/"):
            source = "admin"
        elif path.startswith("/api/"):
            source = "api"
        else:
            source = "web"
        user = getattr(request, "user", None)
        with audit_context(user=user, source=source):
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy: only our own scripts, styles and images."""

    POLICY = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if not settings.DEBUG:
            response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class ApiJsonErrorsMiddleware:
    """Every error answer under /api/ is JSON, also those made before our API code runs
    (405 for a method an endpoint does not take, Django's CSRF 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            messages = {
                403: _("U heeft hier geen toegang toe."),
                404: _("Niet gevonden."),
                405: _("Deze methode is hier niet toegestaan."),
            }
            message = messages.get(response.status_code, _("Het verzoek kon niet worden verwerkt."))
            replacement = JsonResponse(
                {"errors": {"__all__": [message]}}, status=response.status_code
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class StripNulMiddleware:
    """NUL characters are taken out of every query parameter and posted form field.

    A NUL has no meaning in anything a visitor types, PostgreSQL cannot store or compare
    it in a text value (psycopg refuses the statement: a 500 for `?thema=ou%00ders` on
    every filter, and for a posted form field whose form does not check for it), and
    SQLite cuts strings at it. Removing it before any view runs is one rule for every
    page instead of one check per filter. Form posts are read the way CsrfViewMiddleware
    reads them anyway (urlencoded and multipart only); JSON bodies are the API's own
    validation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _without_nul(params: QueryDict) -> QueryDict:
    if not any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists()):
        return params
    clean = QueryDict(mutable=True, encoding=params.encoding)
    for key, values in params.lists():
        clean.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    clean._mutable = False
    return clean
