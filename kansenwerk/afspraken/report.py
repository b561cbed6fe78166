"""The meetup report as files: PDF (WeasyPrint, tagged), CSV of agreements, iCalendar
of deadlines. The PDF is rendered from its own print template with the same content
as the web page."""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kansenwerk.afspraken.models import Agreement
from kansenwerk.core.http import site_url
from kansenwerk.core.pdf import render_pdf
from kansenwerk.core.spreadsheet import csv_text
from kansenwerk.meetups.models import Meetup

CSV_COLUMNS = (
    "id",
    "thema",
    "oplossingsrichting",
    "tafel",
    "afspraak",
    "eigenaar",
    "e-mail",
    "met_wie",
    "organisaties",
    "klaar_op",
    "status",
)


def report_pdf(
    *,
    meetup: Meetup,
    report: dict,
    base_url: str = "http://localhost/",
    public: bool = False,
) -> bytes:
    """The report as a tagged PDF; `public=True` leaves out names (see the public page)."""
    with translation.override("nl"):
        html = render_to_string(
            "afspraken/report_pdf.html",
            {"meetup": meetup, "report": report, "generated_at": timezone.now(), "public": public},
        )
    return render_pdf(html, base_url=base_url, pdf_tags=True)


def agreements_csv(*, agreements: Iterable[Agreement]) -> str:
    """Agreements as CSV (semicolons, a BOM for Excel), every cell spreadsheet-safe."""
    rows = (
        [
            a.pk,
            a.meetup_theme.title if a.meetup_theme else "",
            str(a.meetup_direction) if a.meetup_direction else "",
            a.table_label,
            a.what,
            a.owner_name,
            a.owner_email,
            a.people,
            ", ".join(o.name for o in a.organizations.all()),
            a.due_date.isoformat(),
            a.get_status_display(),
        ]
        for a in agreements
    )
    return csv_text(CSV_COLUMNS, rows)


def deadlines_ics(*, meetup: Meetup, agreements: Iterable[Agreement]) -> bytes:
    """An all-day event per agreement deadline."""
    calendar = Calendar()
    calendar.add("prodid", "-//kansenwerk//afspraken//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Afspraken van %(title)s") % {"title": meetup.title})
    stamp = timezone.now()
    for a in agreements:
        event = Event()
        event.add("uid", f"afspraak-{a.pk}@kansenwerk")
        event.add("dtstamp", stamp)
        event.add("dtstart", a.due_date)
        event.add("summary", _("Afspraak klaar: %(what)s") % {"what": a.what[:80]})
        event.add(
            "description",
            _("Eigenaar: %(owner)s. Status: %(status)s. Gemaakt op %(meetup)s.")
            % {"owner": a.owner_name, "status": a.get_status_display(), "meetup": meetup.title},
        )
        event.add("url", site_url(reverse("afspraken:detail", kwargs={"pk": a.pk})))
        calendar.add_component(event)
    return calendar.to_ical()
