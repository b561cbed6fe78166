"""Settings shared by every environment, read from environment variables (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the kansenwerk package
REPO_DIR = BASE_DIR.parent

env = environ.Env()

DATA_DIR = Path(env("KANSENWERK_DATA_DIR", default=str(REPO_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its own copy of Swagger UI as static files, so /api/docs needs no CDN
    "axes",
    "kansenwerk.core",
    "kansenwerk.kennisbank",
    "kansenwerk.search",
    "kansenwerk.netwerk",
    "kansenwerk.meetups",
    "kansenwerk.koppelen",
    "kansenwerk.tafels",
    "kansenwerk.afspraken",
    "kansenwerk.regio",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kansenwerk.core.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kansenwerk.core.middleware.StripNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kansenwerk.core.middleware.AuditContextMiddleware",
    "kansenwerk.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a locked-out login into our Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kansenwerk.urls"
WSGI_APPLICATION = "kansenwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kansenwerk.core.context_processors.site",
            ],
        },
    },
]


def _database_from_env() -> dict:
    default_sqlite = f"sqlite:///{DATA_DIR / 'kansenwerk.sqlite3'}"
    db = env.db_url("DATABASE_URL", default=default_sqlite)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers continue while one writer commits; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue instead of failing.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        db["CONN_HEALTH_CHECKS"] = True
    return db


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    # Refuses every login of a locked account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes) on /inloggen/ and the admin login. Failures are counted
# per account and, separately, per client address, so guessing one account's password from
# many addresses and trying many accounts from one address are both stopped. The lock holds
# even for the right password; a beheerder can lift it (kansenwerk/core/login_throttle.py).
AXES_FAILURE_LIMIT = env.int("KANSENWERK_LOGIN_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("KANSENWERK_LOGIN_LOCKOUT_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "kansenwerk.core.login_throttle.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "kansenwerk.core.login_throttle.lockout_response"
# Attempts during a lock do not extend it: "locked for an hour" stays an hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# No table of every successful login (address, browser): only failures are counted, and
# they are removed when the cool-off ends.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# Dutch only (see ARCHITECTURE.md, "Language"): every text a user reads is a Dutch msgid
# passed through Django's gettext, so a catalogue for another language can be added later
# without touching code, but none is shipped and no other language is offered.
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="kansenwerk <noreply@localhost>")

TASKS = {
    "default": {
        "BACKEND": env(
            "KANSENWERK_TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Import and upload limits (bytes).
KANSENWERK_MAX_IMPORT_BYTES = env.int("KANSENWERK_MAX_IMPORT_BYTES", default=50 * 1024 * 1024)
# What one document may unpack to and cost to read (kennisbank/importing/limits.py).
KANSENWERK_IMPORT_MAX_UNPACKED_BYTES = env.int(
    "KANSENWERK_IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024
)
KANSENWERK_IMPORT_MAX_XML_BYTES = env.int(
    "KANSENWERK_IMPORT_MAX_XML_BYTES", default=8 * 1024 * 1024
)
KANSENWERK_IMPORT_MAX_PARTS = env.int("KANSENWERK_IMPORT_MAX_PARTS", default=2000)
KANSENWERK_IMPORT_MAX_PDF_PAGES = env.int("KANSENWERK_IMPORT_MAX_PDF_PAGES", default=1000)
KANSENWERK_IMPORT_MAX_PDF_OBJECTS = env.int("KANSENWERK_IMPORT_MAX_PDF_OBJECTS", default=500_000)
KANSENWERK_IMPORT_SECONDS = env.float("KANSENWERK_IMPORT_SECONDS", default=60.0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

KANSENWERK_RATE_LIMITS = env("KANSENWERK_RATE_LIMITS", default="on")
# PostgreSQL: the registration path's statements are prepared once per connection
# (kansenwerk/core/statements.py). "off" behind a proxy that pools per transaction
# (pgbouncer in transaction mode), which does not keep a session's prepared statements.
KANSENWERK_PREPARED_STATEMENTS = env("KANSENWERK_PREPARED_STATEMENTS", default="on")
# Reverse proxies in front of the application (nginx: 1); rate limits then count the client
# named in X-Forwarded-For instead of the proxy (kansenwerk/core/http.py).
KANSENWERK_PROXY_COUNT = env.int("KANSENWERK_PROXY_COUNT", default=0)
NINJA_NUM_PROXIES = KANSENWERK_PROXY_COUNT
KANSENWERK_SITE_NAME = "kansenwerk"
# An agreement owner's personal link stops working this many months after the due date.
KANSENWERK_OWNER_LINK_MONTHS_AFTER_DUE = env.int(
    "KANSENWERK_OWNER_LINK_MONTHS_AFTER_DUE", default=6
)
# Absolute base URL for links in e-mails, .ics files and command output.
KANSENWERK_SITE_URL = env("KANSENWERK_SITE_URL", default="http://127.0.0.1:8000")

# Paths of personal links are logged without their token (kansenwerk/core/log_tokens.py);
# django.server is Django's own development-server handler, with the filter added.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "kansenwerk.core.log_tokens.RedactTokensFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
    },
    "loggers": {
        "django.server": {
            "handlers": ["django.server"],
            "filters": ["redact_tokens"],
            "level": "INFO",
            "propagate": False,
        },
        "django.request": {"filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
