"""Production settings: secure defaults; SECRET_KEY and DATABASE_URL must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY moet in de omgeving staan (minstens 32 tekens).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
TASKS = {
    "default": {
        "BACKEND": env("KANSENWERK_TASK_BACKEND", default="django_tasks_db.backend.DatabaseBackend")
    }
}

# Rate limits (registration form, anonymous API reads) must be shared by all gunicorn workers.
CACHES = {
    "default": {
        "BACKEND": env(
            "KANSENWERK_CACHE_BACKEND",
            default="django.core.cache.backends.db.DatabaseCache",
        ),
        "LOCATION": env("KANSENWERK_CACHE_LOCATION", default="kansenwerk_cache"),
    }
}
