"""The page and the API register through one service: same rules, same Dutch messages.

The form only turns the POST into values; every refusal comes from `registration_create`,
so a wrong value gets the same message on the page as in the JSON.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Meetup, Registration

API = "/api/meetups/{slug}/registrations"

GOOD = {
    "name": "Ilse de Wit",
    "email": "ilse@voorbeeld.invalid",
    "organisation": "Kinderopvang Het Anker",
    "profession": "pedagogisch_medewerker",
    "consent": True,
}

# field -> a hostile or wrong value, as the API gets it and as the form gets it.
WRONG = [
    ("name", "", ""),
    ("name", "x" * 5000, "x" * 5000),
    ("email", "geen-adres", "geen-adres"),
    ("email", "a" * 300 + "@voorbeeld.invalid", "a" * 300 + "@voorbeeld.invalid"),
    ("organisation", "o" * 400, "o" * 400),
    ("profession", "astronaut", None),  # the form's select cannot post an unknown choice
    ("consent", False, ""),
]


def _api(client, meetup, **values):
    data = {**GOOD, "theme_choices": ["taal"], **values}
    return client.post(API.format(slug=meetup.slug), data, content_type="application/json")


def _page(client, meetup, themes, **values):
    data = {**GOOD, "consent": "on", "theme_choice_1": str(themes[0].pk), **values}
    data = {k: v for k, v in data.items() if v not in ("", None)}
    return client.post(reverse("meetups:register", args=[meetup.slug]), data)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "api_value", "form_value"), WRONG)
def test_page_and_api_refuse_with_the_same_dutch_message(
    client, meetup, themes, field, api_value, form_value
):
    api = _api(client, meetup, **{field: api_value})
    assert api.status_code == 400, api.content
    messages = api.json()["errors"][field]
    assert messages and not any("field" in m or "Ensure" in m for m in messages)  # Dutch
    if form_value is not None:
        page = _page(client, meetup, themes, **{field: form_value})
        assert page.status_code == 400
        form = page.context["form"]
        assert form.errors[field] == messages
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_theme_slugs_and_objects_are_one_rule(client, meetup, themes):
    api = _api(client, meetup, theme_choices=["bestaat-niet"])
    assert api.status_code == 400
    assert "Onbekend thema: bestaat-niet" in api.json()["errors"]["theme_choices"][0]
    missing = _page(client, meetup, themes, theme_choice_1="")
    assert missing.status_code == 400
    assert missing.context["form"].errors["theme_choice_1"] == [
        "Kies het thema dat u het liefst bespreekt."
    ]
    assert _api(client, meetup, theme_choices=["ouders"]).status_code == 201


@pytest.mark.django_db
def test_a_started_meetup_is_closed_for_page_and_api_alike(client, meetup, themes):
    Meetup.objects.filter(pk=meetup.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    meetup.refresh_from_db()
    reason = selectors.registration_closed_reason(meetup=meetup)
    assert reason and "begonnen" in reason
    api = _api(client, meetup)
    assert api.status_code == 400 and api.json()["errors"]["__all__"] == [reason]
    page = client.get(reverse("meetups:register", args=[meetup.slug]), follow=True)
    assert reason in page.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_form_renders_the_model_limits_and_required_fields(client, meetup, themes):
    html = client.get(reverse("meetups:register", args=[meetup.slug])).content.decode()
    name_limit = Registration._meta.get_field("name").max_length
    assert f'maxlength="{name_limit}"' in html
    assert 'aria-required="true"' in html
