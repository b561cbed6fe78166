"""Who proposed an organisation, and where a verification request went, are exported and erased."""

import datetime

import pytest
from django.utils import timezone

from kansenwerk.core import privacy
from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.netwerk.models import OrganizationProposal, VerificationRequest
from kansenwerk.netwerk.services import proposal_submit
from kansenwerk.netwerk.tests.factories import OrganizationFactory

EMAIL = "joost.vermeer@voorbeeld.invalid"


@pytest.mark.django_db
def test_proposal_and_verification_request_are_exported_and_erased():
    region = RegionFactory()
    proposal = proposal_submit(
        region=region,
        data={
            "name": "Huiswerkclub De Brug",
            "kind": "welzijn",
            "contact_name": "Joost Vermeer",
            "contact_email": EMAIL,
        },
    )
    organization = OrganizationFactory(region=region)
    now = timezone.now()
    request = VerificationRequest.objects.create(
        organization=organization,
        organization_name=organization.name,
        region=region,
        email=EMAIL,
        token="t" * 40,
        created_at=now,
        sent_at=now,
        expires_at=now + datetime.timedelta(days=30),
    )
    kinds = {item["kind"] for item in privacy.privacy_export(email=EMAIL)}
    assert {"organization_proposal", "verification_request"} <= kinds

    privacy.privacy_erase(email=EMAIL)

    proposal.refresh_from_db()
    request.refresh_from_db()
    assert (proposal.contact_name, proposal.contact_email) == ("", "")
    assert proposal.name == "Huiswerkclub De Brug"  # the organisation is no person
    assert request.email == ""
    assert privacy.privacy_export(email=EMAIL) == []
    assert OrganizationProposal.objects.count() == 1
