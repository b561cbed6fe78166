import pytest

from kansenwerk.core.tests.factories import UserFactory

from .factories import ProgrammeFactory


@pytest.fixture
def programme_coordinator(db, region):
    """An organisator (a school's mentor coordinator) who coordinates the programme."""
    return UserFactory(role="organisator", username="schoolcoordinator", regions=[region])


@pytest.fixture
def programme(db, region, programme_coordinator):
    return ProgrammeFactory(
        name="Buurtmaatjes", region=region, coordinators=[programme_coordinator]
    )


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Sign-up rate limits have their own test; elsewhere they would leak between tests."""
    settings.KANSENWERK_RATE_LIMITS = "off"
