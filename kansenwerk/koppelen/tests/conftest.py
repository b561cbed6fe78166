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
