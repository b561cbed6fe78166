"""gunicorn settings for production: `gunicorn -c python:kansenwerk.gunicorn_conf kansenwerk.wsgi`.

The access log goes to standard output with the tokens of personal links hidden
(kansenwerk/core/log_tokens.py); bind address and workers can still be given on the
command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
logger_class = "kansenwerk.core.log_tokens.GunicornAccessLogger"
