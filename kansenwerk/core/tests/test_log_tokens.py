"""The tokens of personal links never reach Django's request logs or gunicorn's access log."""

import datetime
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from kansenwerk.core.log_tokens import GunicornAccessLogger, redact


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def records():
    handler = _Records()
    loggers = [logging.getLogger(name) for name in ("django.server", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/afspraken/a/Zk3-x_9QpL/", "/afspraken/a/[token]/"),
        ("/meetups/aanmelding/abcDEF123/annuleren/", "/meetups/aanmelding/[token]/annuleren/"),
        ("GET /afspraken/a/Zk3x?x=1 HTTP/1.1", "GET /afspraken/a/[token]?x=1 HTTP/1.1"),
        (
            "https://kw.example.org/afspraken/a/geheim/",
            "https://kw.example.org/afspraken/a/[token]/",
        ),
        ("/afspraken/12/", "/afspraken/12/"),
        ("/kennisbank/interventies/voorlezen/", "/kennisbank/interventies/voorlezen/"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_routes_come_from_the_url_patterns_that_take_a_token():
    """A new personal link is covered by its URL pattern, not by a list to remember."""
    from kansenwerk.core import log_tokens

    heads = log_tokens._from_urlconf().pattern
    assert "afspraken/a/" in heads and "meetups/aanmelding/" in heads


def test_development_server_log_hides_the_token(records):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /afspraken/a/eenGeheimToken123/ HTTP/1.1", 200, 5120
    )
    assert records.messages == ['"GET /afspraken/a/[token]/ HTTP/1.1" 200 5120']


@pytest.mark.django_db
def test_not_found_warning_hides_the_token(client, records):
    response = client.get("/meetups/aanmelding/eenGeheimToken456/")
    assert response.status_code == 404
    assert records.messages, "django.request logs a 404"
    assert all("eenGeheimToken456" not in m for m in records.messages)
    assert any("/meetups/aanmelding/[token]/" in m for m in records.messages)


def test_gunicorn_access_log_hides_the_token():
    logger = GunicornAccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/afspraken/a/eenGeheimToken789/?stap=2",
        "PATH_INFO": "/afspraken/a/eenGeheimToken789/",
        "QUERY_STRING": "stap=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://kw.example.org/afspraken/a/eenGeheimToken789/",
    }
    resp = SimpleNamespace(status="302 Found", headers=[], sent=0)
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(resp, req, environ, datetime.timedelta(milliseconds=12))
    assert atoms["r"] == "POST /afspraken/a/[token]/?stap=2 HTTP/1.1"
    assert atoms["U"] == "/afspraken/a/[token]/"
    assert atoms["f"] == "https://kw.example.org/afspraken/a/[token]/"
    assert "eenGeheimToken789" not in repr(atoms)
    line = logger.cfg.access_log_format % atoms
    assert "eenGeheimToken789" not in line and "[token]" in line
