"""Property-based test of the whole API from its own OpenAPI description (issue 15).

schemathesis generates requests for every operation in /api/openapi.json — valid ones and,
for the writes, invalid ones (wrong types, overlong strings, missing fields, broken JSON) —
and checks that no answer is a server error and that every documented answer matches its
schema. Bounded: a few examples per operation, so the whole run stays well under two
minutes on either database.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory
from kansenwerk.meetups.tests.factories import MeetupThemeFactory, RegistrationFactory
from kansenwerk.netwerk.tests.factories import LocationFactory, ServiceFactory

EXAMPLES = 12


@pytest.fixture
def api_data(db, settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    theme = MeetupThemeFactory(slug="taal")
    RegistrationFactory(meetup=theme.meetup, theme=theme, theme_choice_1=theme)
    ThemeFactory()
    InterventionFactory()
    service = ServiceFactory()
    LocationFactory(organization=service.organization)
    # Requests go through a plain WSGIHandler, which closes the database connection after
    # each request; inside a test that would end the test's transaction. Django's test
    # client does the same as this.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The description is read once at collection; it is generated from code, no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors_and_answers_match_the_description(case, api_data):
    response = case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
    if response.status_code >= 400:
        assert response.headers.get("Content-Type", [""])[0].startswith("application/json") or (
            response.headers.get("content-type", [""])[0].startswith("application/json")
        ), response.text[:200]
