"""`kansenwerk koppelen-pseudonymise [--dry-run]`: pseudonymise participants whose retention
period has passed (run daily, like the meetups retention command)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from kansenwerk.core.actor import audit_context
from kansenwerk.koppelen.services import (
    participants_due_for_pseudonymisation,
    pseudonymise_participant,
)


class Command(BaseCommand):
    help = gettext(
        "Pseudonimiseer deelnemers van koppelprogramma's van wie de bewaartermijn voorbij is."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext("alleen tellen, niets wijzigen"),
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        due = participants_due_for_pseudonymisation()
        if dry_run:
            self.stdout.write(
                _("%(count)d deelnemer(s) zouden worden gepseudonimiseerd.") % {"count": len(due)}
            )
            return
        with audit_context(source="command"):
            for participant in due:
                pseudonymise_participant(participant=participant)
        self.stdout.write(_("%(count)d deelnemer(s) gepseudonimiseerd.") % {"count": len(due)})
