"""Repair from a better extraction, damage flags, their review page and provenance.

Seed 000 is an extraction whose columns came out of order; 001 is a clean extraction of the
same document. Expected texts are read from the seeds' own parses at test time.
"""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank import services
from kansenwerk.kennisbank.importing import damage, repair
from kansenwerk.kennisbank.importing.api import parse_file
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.importing.tests.helpers import DATA

pytestmark = pytest.mark.django_db

Code = m.ReviewFlag.Code


@pytest.fixture
def broken(seeds_dir):
    return next(seeds_dir.glob("000_*"))


@pytest.fixture
def clean(seeds_dir):
    return next(seeds_dir.glob("001_*"))


def _import(*paths) -> list[dict]:
    out = StringIO()
    call_command("import", *[str(p) for p in paths], "--json", stdout=out)
    return json.loads(out.getvalue())["documents"]


def _first_theme():
    return m.Theme.objects.get(number=1, source_document__files__path__contains="000_")


def _direction(number):
    return m.SolutionDirection.objects.select_related("theme", "source_file").get(
        number=number, theme=_first_theme()
    )


def _open_flags(record) -> set[str]:
    return set(
        m.ReviewFlag.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)),
            object_id=record.pk,
            cleared_at__isnull=True,
        ).values_list("code", flat=True)
    )


def _assert_repaired(clean_path, broken_path):
    """Directions hold the clean extraction's text and questions; the theme introduction
    keeps the broken extraction's own opening paragraph and loses 1.1's stray continuation."""
    good = parse_file(clean_path).themes[0]
    damaged = parse_file(broken_path).themes[0]
    for parsed, other in zip(good.solution_directions, damaged.solution_directions, strict=True):
        direction = _direction(parsed.number)
        if parsed.number in ("1.1", "1.2"):  # the two the broken extraction scrambled
            assert direction.text == damage.heal(parsed.text), parsed.number
            assert direction.questions == parsed.questions, parsed.number
        else:  # sound in both: small differences (quotes, spacing) keep what was stored
            assert direction.text in (damage.heal(parsed.text), damage.heal(other.text))
    theme = _first_theme()
    first_paragraph = damage.paragraphs(damaged.introduction)[0]
    assert theme.introduction == first_paragraph
    assert not damage.fragment_paragraphs(theme.introduction)
    for number in ("1.1", "1.2"):
        text = _direction(number).text
        assert not damage.ends_mid_sentence(text) and _direction(number).questions


def test_flags_on_the_broken_extraction_alone(broken):
    (doc,) = _import(broken)
    assert doc["errors"] == []
    assert "Taal centraal 1.2: tekst eindigt midden in een zin" in doc["warnings"]
    assert (
        "Taal centraal: inleiding bevat een alinea die midden in een zin begint" in doc["warnings"]
    )
    assert any(
        w.startswith("Taal centraal 1.2: de vragen voor aan tafel ontbreken")
        for w in doc["warnings"]
    )
    assert _open_flags(_direction("1.2")) == {Code.ENDS_MID_SENTENCE, Code.MISSING_QUESTIONS}
    assert _open_flags(_first_theme()) == {Code.FRAGMENT_START}
    # Sound directions of the same theme are not flagged.
    assert _open_flags(_direction("1.3")) == _open_flags(_direction("1.4")) == set()
    flagged = {(f["label"], f["code"]) for f in doc["flags"]}
    assert ("1.2 Zorg voor een gezamenlijk doel", Code.ENDS_MID_SENTENCE) in flagged


def test_clean_extraction_repairs_the_broken_one(broken, clean):
    first, second = _import(broken, clean)
    assert second["duplicate_of"] == first["path"] and second["created"] == 0
    repaired = {(r["model"], r["label"]): r for r in second["repaired"]}
    assert set(repaired) >= {
        ("theme", "Taal centraal"),
        ("solutiondirection", "1.1 Signaleer samen – zo vroeg mogelijk."),
        ("solutiondirection", "1.2 Zorg voor een gezamenlijk doel"),
    }
    assert repaired[("solutiondirection", "1.2 Zorg voor een gezamenlijk doel")]["fields"] == [
        "text",
        "questions",
    ]
    assert second["updated"] == len(second["repaired"])
    assert any(
        w.startswith("Taal centraal 1.2: hersteld met behulp van 001_") for w in second["warnings"]
    )
    _assert_repaired(clean, broken)
    # The repaired records point to the file their text now comes from.
    assert _direction("1.2").source_file.name == clean.name
    assert _direction("1.3").source_file.name == broken.name
    # The signs are gone, so their flags closed; the records still match their import hash.
    assert _open_flags(_direction("1.2")) == set()
    assert _open_flags(_first_theme()) == set()
    assert not any("1.2: tekst eindigt" in w for w in second["warnings"])
    third = import_documents(paths=[broken, clean]).documents
    assert [d.updated for d in third] == [0, 0]


def _stored_links() -> set[str]:
    return {
        *m.ReadingItem.objects.exclude(url="").values_list("url", flat=True),
        *m.Initiative.objects.exclude(url="").values_list("url", flat=True),
    }


def _parsed_links(path) -> set[str]:
    parsed = parse_file(path)
    # Only links the import keeps (http(s), valid): a link with spaces is reported, not stored.
    links = {
        repair._link(item.url)
        for theme in parsed.themes
        for item in [*theme.reading_items, *theme.initiatives]
    }
    return links - {""}


def test_links_come_from_whichever_extraction_has_them(broken, clean):
    """The clean extraction keeps the link targets; the broken one only the link texts. In
    either order the records end with the links of the clean one."""
    expected = _parsed_links(clean)
    assert expected and not _parsed_links(broken)
    _first, second = _import(broken, clean)
    assert _stored_links() == expected
    linked = [r for r in second["repaired"] if r["fields"] == ["url"]]
    assert len(linked) == m.ReadingItem.objects.exclude(url="").count() + (
        m.Initiative.objects.exclude(url="").count()
    )
    assert sum("link aangevuld uit 001_" in w for w in second["warnings"]) == len(linked)
    # A link fills an empty field only; the record keeps the file its text comes from.
    assert {r.source_file.name for r in m.ReadingItem.objects.exclude(url="")} == {broken.name}
    # Importing again changes nothing.
    assert [d.updated for d in import_documents(paths=[broken, clean]).documents] == [0, 0]


def test_links_stay_when_the_extraction_without_them_comes_second(broken, clean):
    _import(clean, broken)
    assert _stored_links() == _parsed_links(clean)


def test_broken_extraction_second_does_not_damage_the_clean_text(broken, clean):
    first, second = _import(clean, broken)
    assert first["errors"] == second["errors"] == []
    assert second["duplicate_of"] == first["path"]
    # Only what the clean extraction lacked (theme introductions) is taken from the broken one.
    assert {r["model"] for r in second["repaired"]} <= {"theme"}
    _assert_repaired(clean, broken)
    assert _direction("1.1").source_file.name == clean.name


def test_a_hand_edited_record_is_not_repaired(broken, clean, beheerder):
    _import(broken)
    direction = _direction("1.2")
    services.kennisbank_item_update(
        user=beheerder, instance=direction, data={"text": "Door de coördinator herschreven."}
    )
    (_first, second) = _import(broken, clean)
    direction.refresh_from_db()
    assert direction.text == "Door de coördinator herschreven."
    assert "solutiondirection" not in {
        r["model"] for r in second["repaired"] if r["label"].startswith("1.2")
    }
    assert any("1.2" in w and "met de hand gewijzigd" in w for w in second["warnings"])


def test_repair_updates_meetup_copies_nobody_edited(broken, clean):
    from kansenwerk.meetups.models import MeetupDirection
    from kansenwerk.meetups.services.briefing import briefing_html
    from kansenwerk.meetups.tests.factories import MeetupThemeFactory

    _import(broken)
    meetup_theme = MeetupThemeFactory(theme=_first_theme())
    copies = {}
    for number in ("1.1", "1.2"):
        source = _direction(number)
        copies[number] = MeetupDirection.objects.create(
            meetup_theme=meetup_theme,
            source_direction=source,
            number=source.number,
            title=source.title,
            text=source.text,
            questions=source.questions,
        )
    edited = copies["1.1"]
    edited.text = "Eigen tekst van de organisator."
    edited.save()
    _import(clean)
    copies["1.2"].refresh_from_db()
    edited.refresh_from_db()
    assert copies["1.2"].text == _direction("1.2").text
    assert copies["1.2"].questions == _direction("1.2").questions
    assert edited.text == "Eigen tekst van de organisator."
    # The briefing prints the repaired text: every paragraph starts and ends a sentence.
    repaired = copies["1.2"].text
    assert not damage.fragment_paragraphs(repaired) and not damage.ends_mid_sentence(repaired)
    assert all("\n\n" + p[:1].lower() not in repaired for p in damage.paragraphs(repaired)[1:])
    html = briefing_html(meetup=meetup_theme.meetup)
    assert damage.paragraphs(repaired)[-1][-40:] in html
    broken_end = parse_file(broken).themes[0].solution_directions[1].text[-60:]
    assert broken_end + "</p>" not in html


def test_clearing_a_flag_is_for_beheerders_and_audited(broken, beheerder, coordinator):
    _import(broken)
    flag = m.ReviewFlag.objects.filter(code=Code.ENDS_MID_SENTENCE).first()
    with pytest.raises(PermissionDenied):
        services.review_flag_clear(user=coordinator, flag=flag)
    services.review_flag_clear(user=beheerder, flag=flag)
    flag.refresh_from_db()
    assert flag.cleared_at is not None and flag.cleared_by == beheerder
    entry = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(m.ReviewFlag), object_id=str(flag.pk)
    ).latest("pk")
    assert "cleared_at" in entry.changes and "cleared_by_id" in entry.changes
    assert Code.ENDS_MID_SENTENCE not in _open_flags(_direction("1.2"))


def test_review_page_access_and_clearing(client, broken, beheerder, coordinator):
    _import(broken)
    url = reverse("kennisbank:review")
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    flag = m.ReviewFlag.objects.filter(code=Code.ENDS_MID_SENTENCE).first()
    assert client.post(reverse("kennisbank:review_clear", args=[flag.pk])).status_code == 403
    client.force_login(beheerder)
    page = client.get(url).content.decode()
    assert "Taal centraal 1.2: tekst eindigt midden in een zin" in page
    assert _direction("1.2").get_absolute_url() in page
    response = client.post(reverse("kennisbank:review_clear", args=[flag.pk]))
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_at is not None and flag.cleared_by == beheerder
    entry = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(m.ReviewFlag), object_id=str(flag.pk)
    ).latest("pk")
    assert entry.actor == beheerder
    page = client.get(url).content.decode()
    assert reverse("kennisbank:review_clear", args=[flag.pk]) not in page
    assert "Taal centraal: inleiding bevat een alinea" in page  # the other flags stay
    # Clearing twice is a Dutch message, not an error page.
    again = client.post(reverse("kennisbank:review_clear", args=[flag.pk]), follow=True)
    assert again.status_code == 200 and "al gecontroleerd" in again.content.decode()
    assert client.post(reverse("kennisbank:review_clear", args=[999999])).status_code == 404


def test_record_page_shows_file_and_heading_path(client, broken, beheerder):
    _import(broken)
    direction = _direction("1.2")
    assert direction.source_path == "Taal centraal › 1.2"
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "Taal centraal › 1.2" in page and broken.name in page
    assert "tekst eindigt midden in een zin" not in page  # flags are for beheerders
    client.force_login(beheerder)
    page = client.get(direction.get_absolute_url()).content.decode()
    assert "tekst eindigt midden in een zin" in page


def test_briefing_warns_the_organiser_only(client, broken, organisator, region):
    from kansenwerk.meetups.models import MeetupDirection
    from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory

    _import(broken)
    meetup = MeetupFactory(region=region)
    meetup_theme = MeetupThemeFactory(meetup=meetup, theme=_first_theme())
    source = _direction("1.2")
    MeetupDirection.objects.create(
        meetup_theme=meetup_theme, source_direction=source, number="1.2", title=source.title
    )
    url = reverse("meetups:briefing", args=[meetup.slug])
    warning = "Taal centraal 1.2: tekst eindigt midden in een zin"
    assert warning not in client.get(url).content.decode()
    client.force_login(organisator)
    page = client.get(url).content.decode()
    assert warning in page and "Alleen voor organisatoren" in page
    pdf = client.get(reverse("meetups:briefing_pdf", args=[meetup.slug]))
    assert pdf.status_code == 200
    m.ReviewFlag.objects.update(cleared_at="2026-01-01T00:00:00Z")
    assert "Alleen voor organisatoren" not in client.get(url).content.decode()


OTHER_BRIEFING = """# BRIEFING – MEETUP ZANDMEER

THEMA 1

Sport na school

Hoe krijgen we meer kinderen aan het bewegen?

Het sportveld ligt achter de school, maar na drie uur is het leeg.

OPLOSSINGSRICHTINGEN

1.1 Een trainer op het schoolplein

Een trainer van de voetbalclub geeft twee middagen per week les. Wie betaalt de trainer?

1.2 Gymzaal open in de vakantie

De gymzaal blijft in de zomer open voor spelletjes. Wie houdt toezicht?
"""


def test_documents_sharing_a_title_are_not_merged(tmp_path):
    first = tmp_path / "noord" / "briefing.md"
    first.parent.mkdir()
    shutil.copy(DATA / "briefing_zandmeer.md", first)
    other = tmp_path / "zuid" / "briefing.md"
    other.parent.mkdir()
    other.write_text(OTHER_BRIEFING, encoding="utf-8")  # same file name and title, other content
    docs = import_documents(paths=[first, other]).documents
    assert [d.errors for d in docs] == [[], []]
    assert m.SourceDocument.objects.count() == 2
    assert docs[1].duplicate_of is None and docs[1].created > 0
    # The first document's records are still there, untouched.
    assert m.Theme.objects.filter(title="Lezen in het dorp").exists()
    assert m.Theme.objects.filter(title="Sport na school").exists()


def test_contradicting_rendering_is_imported_apart_with_a_warning(tmp_path):
    text = (DATA / "briefing_zandmeer.md").read_text(encoding="utf-8")
    first = tmp_path / "zandmeer.md"
    first.write_text(text, encoding="utf-8")
    # Another rendering of the same briefing whose structure differs: a direction is missing.
    heading = "4.2 Een maatje uit de brugklas"
    assert heading in text
    second = tmp_path / "zandmeer-weergave.md"
    second.write_text(text.split(heading)[0], encoding="utf-8")
    docs = import_documents(paths=[first, second]).documents
    assert [d.errors for d in docs] == [[], []]
    assert m.SourceDocument.objects.count() == 2
    warning = next(w for w in docs[1].warnings if "structuur verschilt" in w)
    assert "zandmeer-weergave.md" in warning and "(zandmeer.md)" in warning
    new = m.SourceDocument.objects.get(files__path=str(second))
    assert _open_flags(new) == {Code.CONTRADICTING}
    assert {f["code"] for f in docs[1].flags} >= {Code.CONTRADICTING}
