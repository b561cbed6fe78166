"""Fixtures shared by every app's tests: users per role, regions, and the seed folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent
# `shared/seeds` beside the checkout; a git worktree may sit deeper, so the nearest ancestor wins.
SEEDS_DIR = next(
    (d / "shared" / "seeds" for d in REPO_DIR.parents if (d / "shared" / "seeds").is_dir()),
    REPO_DIR.parent / "shared" / "seeds",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate-limit counters and cached PDFs from an
    earlier test on the same worker must not decide this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_facet_keys():
    """Each test starts and ends with an empty facet-key cache (search/facet_keys.py): a
    test's rolled-back keys (or a flush) free their ids for other keys in the next test."""
    from kansenwerk.search import facet_keys

    facet_keys.clear()
    yield
    facet_keys.clear()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.fail(f"De seed-documenten ontbreken: {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture
def region(db):
    from kansenwerk.core.tests.factories import RegionFactory

    return RegionFactory(name="Regio Noord")


@pytest.fixture
def other_region(db):
    from kansenwerk.core.tests.factories import RegionFactory

    return RegionFactory(name="Regio Zuid")


@pytest.fixture
def beheerder(db):
    from kansenwerk.core.tests.factories import UserFactory

    return UserFactory(role="beheerder", username="beheerder")


@pytest.fixture
def coordinator(db, region):
    from kansenwerk.core.tests.factories import UserFactory

    return UserFactory(role="regiocoordinator", username="coordinator", regions=[region])


@pytest.fixture
def organisator(db, region):
    from kansenwerk.core.tests.factories import UserFactory

    return UserFactory(role="organisator", username="organisator", regions=[region])


@pytest.fixture
def deelnemer(db, region):
    from kansenwerk.core.tests.factories import UserFactory

    return UserFactory(role="deelnemer", username="deelnemer", regions=[region])
