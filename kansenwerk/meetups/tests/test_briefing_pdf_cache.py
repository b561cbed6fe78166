"""The briefing PDF is rendered once per version of its content (issue 15)."""

from unittest import mock

import pytest
from django.urls import reverse

from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory
from kansenwerk.meetups.services.meetup import meetup_theme_add


@pytest.fixture(autouse=True)
def _pdf_cache_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def planned(meetup):
    theme = ThemeFactory(title="Lezen met plezier")
    SolutionDirectionFactory(theme=theme, title="Een leesclub na school")
    meetup_theme_add(user=None, meetup=meetup, theme=theme)
    return meetup


def _count_renders():
    import weasyprint

    return mock.patch.object(
        weasyprint.HTML, "write_pdf", autospec=True, side_effect=weasyprint.HTML.write_pdf
    )


@pytest.mark.django_db
def test_same_content_is_rendered_once_and_a_change_renders_again(client, planned):
    url = reverse("meetups:briefing_pdf", args=[planned.slug])
    with _count_renders() as render:
        first = client.get(url)
        second = client.get(url)
        assert render.call_count == 1
        assert first.content == second.content and first.content.startswith(b"%PDF")
        planned.title = "Kansrijk lezen in de regio"
        planned.save()
        third = client.get(url)
        assert render.call_count == 2
    assert third.content != first.content


@pytest.mark.django_db
def test_anonymous_pdf_requests_are_rate_limited(client, planned, settings):
    from django.core.cache import cache

    cache.clear()  # other tests in this process may have asked for PDFs in the last minute
    settings.KANSENWERK_RATE_LIMITS = "on"
    url = reverse("meetups:briefing_pdf", args=[planned.slug])
    with mock.patch("kansenwerk.core.ratelimit.PDF_LIMIT", 3):
        statuses = [client.get(url).status_code for _ in range(4)]
        refused = client.get(url)
    assert statuses == [200, 200, 200, 429]
    assert "te veel" in refused.content.decode() and refused["Retry-After"] == "60"
