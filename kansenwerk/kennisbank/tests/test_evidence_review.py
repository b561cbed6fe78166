"""The review page: a beheerder moves a found statement to another intervention or
solution direction, or to its document only; audited, refused in Dutch, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.kennisbank.evidence import services
from kansenwerk.kennisbank.evidence.models import EvidenceStatement
from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    SolutionDirectionFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def found():
    """A statement the import attached to the wrong intervention."""
    wrong = InterventionFactory(title="Huiswerkklas")
    right = InterventionFactory(title="Zomerschool")
    direction = SolutionDirectionFactory(title="Meer leertijd buiten school")
    statement = EvidenceStatement.objects.create(
        text="Leerlingen die de zomerschool volgden, hielden hun leesniveau vast.",
        source_document=SourceDocumentFactory(title="Evaluatie zomer"),
        source_page=7,
        intervention=wrong,
    )
    return statement, wrong, right, direction


def _move(client, statement, target, **extra):
    return client.post(
        reverse("kennisbank:evidence_move", args=[statement.pk]), {"target": target}, **extra
    )


def test_a_beheerder_moves_a_statement_and_the_log_says_where_from(client, beheerder, found):
    statement, wrong, right, direction = found
    client.force_login(beheerder)

    response = _move(client, statement, f"interventie:{right.pk}")

    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.intervention, statement.solution_direction) == (right, None)
    assert statement.status == EvidenceStatement.Status.PROPOSED  # moving is not confirming
    entry = AuditLogEntry.objects.filter(
        object_id=str(statement.pk), action=AuditLogEntry.Action.UPDATE
    ).latest("id")
    assert entry.actor == beheerder
    assert entry.changes["intervention_id"] == [wrong.pk, right.pk]

    _move(client, statement, f"oplossingsrichting:{direction.pk}")
    statement.refresh_from_db()
    assert (statement.intervention, statement.solution_direction) == (None, direction)
    _move(client, statement, "document")
    statement.refresh_from_db()
    assert (statement.intervention, statement.solution_direction) == (None, None)
    page = client.get(reverse("kennisbank:evidence_review")).content.decode()
    assert 'value="document" selected' in page


def test_with_htmx_the_row_is_replaced_in_place(client, beheerder, found):
    statement, _wrong, right, _direction = found
    client.force_login(beheerder)

    response = _move(client, statement, f"interventie:{right.pk}", **HTMX)

    assert response.status_code == 200
    row = response.content.decode()
    assert row.lstrip().startswith(f'<tr class="utrecht-table__row" id="uitspraak-{statement.pk}"')
    assert "<html" not in row
    assert f'<option value="interventie:{right.pk}" selected>Zomerschool</option>' in row
    assert "Verplaatst." in row


@pytest.mark.parametrize(
    "target",
    [
        "",
        "interventie:999999",
        "interventie:abc",
        "oplossingsrichting:-1",
        "interventie:١٢",
        "interventie:99999999999999999999",
        "interventie:" + "9" * 5000,
        "thema:1",
        "document; DROP TABLE",
        "x" * 5000,
    ],
)
def test_an_invalid_target_is_refused_in_dutch_and_changes_nothing(
    client, beheerder, found, target
):
    statement, wrong, _right, _direction = found
    client.force_login(beheerder)

    page = _move(client, statement, target)
    row = _move(client, statement, target, **HTMX)

    assert page.status_code == 400
    assert "De uitspraak is niet verplaatst: Kies een interventie" in page.content.decode()
    assert row.status_code == 422
    assert "deze keuze bestaat niet (meer)" in row.content.decode()
    assert 'aria-invalid="true"' in row.content.decode()
    statement.refresh_from_db()
    assert statement.intervention == wrong


def test_only_a_beheerder_moves_statements(client, coordinator, found):
    statement, wrong, right, _direction = found
    assert _move(client, statement, f"interventie:{right.pk}").status_code == 302  # to login
    client.force_login(coordinator)
    assert _move(client, statement, f"interventie:{right.pk}").status_code == 403
    with pytest.raises(PermissionDenied):
        services.statement_move(user=coordinator, statement=statement, target="document")
    statement.refresh_from_db()
    assert statement.intervention == wrong


def test_an_unknown_statement_is_a_404(client, beheerder):
    client.force_login(beheerder)
    response = client.post(reverse("kennisbank:evidence_move", args=[424242]), {"target": "x"})
    assert response.status_code == 404


def test_a_bad_decision_is_a_400_in_dutch(client, beheerder, found):
    statement = found[0]
    client.force_login(beheerder)
    response = client.post(
        reverse("kennisbank:evidence_decide", args=[statement.pk]), {"status": "weg"}
    )
    assert response.status_code == 400
    assert "Onbekende beoordeling" in response.content.decode()


def test_the_review_page_does_not_query_per_statement(
    client, beheerder, found, django_assert_max_num_queries
):
    client.force_login(beheerder)
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("kennisbank:evidence_review"))
    document = SourceDocumentFactory()
    for n in range(6):
        EvidenceStatement.objects.create(
            text=f"Bewering {n} over het effect.",
            source_document=document,
            intervention=InterventionFactory(),
            solution_direction=None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("kennisbank:evidence_review"))
    assert response.content.decode().count('<tr class="utrecht-table__row" id=') == 7


def test_the_command_moves_through_the_same_service(beheerder, coordinator, found):
    from django.core.management import CommandError, call_command

    statement, _wrong, right, _direction = found
    call_command("evidence-statement", str(statement.pk), "--as", beheerder.username,
                 "--move", f"interventie:{right.pk}")  # fmt: skip
    statement.refresh_from_db()
    assert statement.intervention == right
    entry = AuditLogEntry.objects.filter(object_id=str(statement.pk)).latest("id")
    assert entry.source == AuditLogEntry.Source.COMMAND
    with pytest.raises(CommandError, match="deze keuze bestaat niet"):
        call_command("evidence-statement", str(statement.pk), "--as", beheerder.username,
                     "--move", "interventie:0")  # fmt: skip
    with pytest.raises(CommandError, match="Alleen een beheerder"):
        call_command("evidence-statement", str(statement.pk), "--as", coordinator.username,
                     "--move", "document")  # fmt: skip
    statement.refresh_from_db()
    assert statement.intervention == right
