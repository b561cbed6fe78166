"""The briefing as PDF (WeasyPrint): A4, cover, table of contents, page numbers, tagged.

The PDF is rendered from its own print template (`meetups/briefing_pdf.html`), with
the same content as the web page; WeasyPrint keeps the links, builds bookmarks from
the headings, and with `pdf_variant="pdf/ua-1"` writes a tagged PDF/UA-1 file
(structure tree, XMP metadata) that screen readers can follow. The document title
and `lang="nl"` come from the HTML.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kansenwerk.core.pdf import render_pdf
from kansenwerk.meetups.models import Meetup


def briefing_html(*, meetup: Meetup) -> str:
    from kansenwerk.meetups.selectors import meetup_themes_with_content

    with translation.override("nl"):
        return render_to_string(
            "meetups/briefing_pdf.html",
            {
                "meetup": meetup,
                "themes": meetup_themes_with_content(meetup=meetup),
                "generated_at": timezone.now(),
            },
        )


def briefing_pdf(*, meetup: Meetup, base_url: str = "http://localhost/") -> bytes:
    """The briefing as PDF/UA; rendered again only when its content changed (core.pdf)."""
    return render_pdf(briefing_html(meetup=meetup), base_url=base_url, pdf_variant="pdf/ua-1")
