"""`kansenwerk meetup-create --region NAME --title T --starts-at ISO8601 --capacity N [--themes …] --json`."""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.http import site_url
from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import Theme
from kansenwerk.meetups.services.meetup import meetup_create, meetup_publish


class Command(BaseCommand):
    help = _("Maak een meetup aan (als concept, of meteen gepubliceerd met --publish).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help=gettext_lazy("naam of slug van de regio")
        )
        parser.add_argument("--title", required=True)
        parser.add_argument(
            "--starts-at", required=True, help=gettext_lazy("ISO 8601, bijv. 2026-03-12T19:00")
        )
        parser.add_argument("--ends-at", help=gettext_lazy("ISO 8601"))
        parser.add_argument("--capacity", type=int, required=True)
        parser.add_argument(
            "--themes", nargs="*", default=[], help=gettext_lazy("slugs of titels van thema's")
        )
        parser.add_argument("--venue", default="", help=gettext_lazy("naam van de locatie"))
        parser.add_argument("--address", default="")
        parser.add_argument(
            "--publish", action="store_true", help=gettext_lazy("meteen publiceren")
        )
        parser.add_argument("--json", action="store_true", help=gettext_lazy("uitvoer als JSON"))

    @staticmethod
    def _datetime(value: str, option: str) -> datetime.datetime:
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("%(option)s: geen geldige ISO 8601-datum/tijd: %(value)s")
                % {"option": option, "value": repr(value)}
            ) from exc
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    def handle(self, *args, **options):
        region = Region.objects.filter(
            Q(name__iexact=options["region"]) | Q(slug=options["region"])
        ).first()
        if region is None:
            raise CommandError(
                _("Regio niet gevonden: %(region)s") % {"region": repr(options["region"])}
            )
        if options["capacity"] < 1:
            raise CommandError(_("--capacity moet minstens 1 zijn"))
        themes = []
        for key in options["themes"]:
            theme = Theme.objects.filter(Q(slug=key) | Q(title__iexact=key)).first()
            if theme is None:
                raise CommandError(_("Thema niet gevonden: %(theme)s") % {"theme": repr(key)})
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
                _("Meetup %(title)s aangemaakt (%(status)s): %(url)s")
                % {"title": meetup.title, "status": meetup.get_status_display(), "url": url}
            )
