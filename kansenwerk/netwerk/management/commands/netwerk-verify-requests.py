"""`kansenwerk netwerk-verify-requests [--limit N] [--json]`: the periodic verification
job (daily): reminders for unanswered requests, then new requests for listings whose last
check is older than KANSENWERK_VERIFY_AFTER_DAYS, at most KANSENWERK_VERIFY_LIMIT_PER_RUN
e-mails per run."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kansenwerk.core.actor import audit_context
from kansenwerk.netwerk.services_verification import verification_run


class Command(BaseCommand):
    help = _("Verstuur controleverzoeken en herinneringen voor de sociale kaart.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help=_("hoogstens zoveel e-mails (standaard uit de instellingen)"),
        )
        parser.add_argument("--json", action="store_true", help=_("schrijf het verslag als JSON"))

    def handle(self, *args, limit=None, **options):
        with audit_context(source="command"):
            result = verification_run(limit=limit)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), indent=2))
            return
        self.stdout.write(
            _(
                "%(requests)d controleverzoeken en %(reminders)d herinneringen verstuurd; "
                "%(without)d organisaties zonder e-mailadres; %(left)d voor de volgende keer."
            )
            % {
                "requests": result.requests,
                "reminders": result.reminders,
                "without": result.without_address,
                "left": result.left_for_next_run,
            }
        )
