"""`kansenwerk meetup-create --region NAME --title T --starts-at ISO8601 --capacity N [--themes …] --json`."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import Theme
from kansenwerk.meetups.services.planning import meetup_create, meetup_publish
from kansenwerk.meetups.tasks import site_url


class Command(BaseCommand):
    help = "Maak een meetup aan (als concept, of meteen gepubliceerd met --publish)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="naam of slug van de regio")
        parser.add_argument("--title", required=True)
        parser.add_argument("--starts-at", required=True, help="ISO 8601, bijv. 2026-03-12T19:00")
        parser.add_argument("--ends-at", help="ISO 8601")
        parser.add_argument("--capacity", type=int, required=True)
        parser.add_argument("--themes", nargs="*", default=[], help="slugs of titels van thema's")
        parser.add_argument("--venue", default="", help="naam van de locatie")
        parser.add_argument("--address", default="")
        parser.add_argument("--publish", action="store_true", help="meteen publiceren")
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON")

    @staticmethod
    def _datetime(value: str, option: str) -> datetime.datetime:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"{option}: geen geldige ISO 8601-datum/tijd: {value!r}") from exc
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def handle(self, *args, **options):
        region = Region.objects.filter(
            Q(name__iexact=options["region"]) | Q(slug=options["region"])
        ).first()
        if region is None:
            raise CommandError(f"Regio niet gevonden: {options['region']!r}")
        if options["capacity"] < 1:
            raise CommandError("--capacity moet minstens 1 zijn")
        themes = []
        for key in options["themes"]:
            theme = Theme.objects.filter(Q(slug=key) | Q(title__iexact=key)).first()
            if theme is None:
                raise CommandError(f"Thema niet gevonden: {key!r}")
            themes.append(theme)
        extra = {}
        if options["ends_at"]:
            extra["ends_at"] = self._datetime(options["ends_at"], "--ends-at")
        try:
            meetup = meetup_create(
                user=None,
                region=region,
                title=options["title"],
                starts_at=self._datetime(options["starts_at"], "--starts-at"),
                capacity=options["capacity"],
                themes=themes,
                venue_name=options["venue"],
                venue_address=options["address"],
                **extra,
            )
            if options["publish"]:
                meetup_publish(user=None, meetup=meetup)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        url = site_url(reverse("meetups:detail", args=[meetup.slug]))
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"id": meetup.pk, "slug": meetup.slug, "url": url, "status": meetup.status}
                )
            )
        else:
            self.stdout.write(
                f"Meetup {meetup.title} aangemaakt ({meetup.get_status_display()}): {url}"
            )
