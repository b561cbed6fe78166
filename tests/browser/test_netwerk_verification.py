"""The verified-listings and self-registration pages in a browser, with axe: the personal
link, its thank-you page, a used link, the coordinator's review with a diff, and the
public "meld uw organisatie aan" form."""

import pytest
from django.utils import timezone

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.netwerk import services_verification as verification
from kansenwerk.netwerk.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verification_link_and_review_pages_are_accessible(page, visit, login):
    region = RegionFactory(name="Regio Controle")
    organization = OrganizationFactory(name="Speel-o-theek Oost", region=region)
    other = OrganizationFactory(name="Huiswerkklas West", region=region)
    now = timezone.now()
    link = verification._create_request(organization, email="a@example.org", now=now)
    visit(f"/netwerk/controle/{link.token}/")
    page.get_by_role("button", name="Ja, dit klopt nog").click()
    page.get_by_role("heading", name="Bedankt").wait_for()
    visit(f"/netwerk/controle/{link.token}/", status_below=411)
    assert "al gebruikt" in page.content()

    edit = verification._create_request(other, email="b@example.org", now=now)
    verification.verification_propose(
        token=edit.token,
        data={
            "name": "Huiswerkklas West-Noord",
            "description": other.description,
            "website": "",
            "email": "",
            "phone": "",
        },
        now=now,
    )
    visit(f"/netwerk/{region.slug}/aanmelden/")
    login(UserFactory(role="regiocoordinator", regions=[region]))
    visit(f"/netwerk/{region.slug}/controle/")
    assert "Huiswerkklas West-Noord" in page.locator("ins").first.inner_text()
