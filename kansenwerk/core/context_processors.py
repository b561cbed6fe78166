"""Template context shared by every page."""

from django.conf import settings


def site(request):
    return {"site_name": settings.KANSENWERK_SITE_NAME}
