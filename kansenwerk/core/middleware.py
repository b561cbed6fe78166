"""Request middleware: who is acting (for the audit log) and security headers."""

from django.conf import settings

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
