"""`kansenwerk evidence-statement ID --as <beheerder> --move TARGET`.

Moves a found statement to another intervention (`interventie:<id>`), solution direction
(`oplossingsrichting:<id>`) or to its document only (`document`), through the same
service as the review page; refusals are in Dutch.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kansenwerk.core.actor import audit_context
from kansenwerk.kennisbank.evidence import services
from kansenwerk.kennisbank.evidence.models import EvidenceStatement


class Command(BaseCommand):
    help = "Een gevonden uitspraak over effect verplaatsen naar een ander record."

    def add_arguments(self, parser):
        parser.add_argument("statement", type=int, help="het nummer (id) van de uitspraak")
        parser.add_argument("--as", dest="username", help="gebruikersnaam van de beheerder")
        parser.add_argument(
            "--move",
            required=True,
            help="interventie:<id>, oplossingsrichting:<id> of document",
        )

    def handle(self, *args, statement, username, move, **options):
        found = EvidenceStatement.objects.filter(pk=statement).first()
        if found is None:
            raise CommandError(_("Onbekende uitspraak: %(id)s.") % {"id": statement})
        user = get_user_model().objects.filter(username=username or "").first()
        if user is None:
            raise CommandError(_("Geef met --as de gebruikersnaam van een beheerder."))
        try:
            with audit_context(user=user, source="command"):
                moved = services.statement_move(user=user, statement=found, target=move)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            _("Uitspraak %(id)s staat nu bij: %(where)s.")
            % {
                "id": moved.pk,
                "where": moved.intervention or moved.solution_direction or _("het hele document"),
            }
        )
