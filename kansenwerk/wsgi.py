"""WSGI entry point for gunicorn: `gunicorn kansenwerk.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.production")
application = get_wsgi_application()
