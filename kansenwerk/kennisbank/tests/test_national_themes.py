"""National themes: suggestions for every seed theme, the beheerder's page, and their use in
pickers, netwerk gaps and regio-inzicht."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.national import selectors, services
from kansenwerk.kennisbank.national.demo import NATIONAL_THEMES, load_national_demo
from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# National themes described for this test, in other words than the demo's, so the
# suggestion is shown to follow the subject rather than one wording.
TEST_NATIONAL_THEMES = {
    "Taalvaardigheid": "Spreken, lezen en schrijven in het Nederlands; voorlezen, boeken, "
    "woordenschat en het inhalen van een achterstand in taal.",
    "Meer talen thuis": "Meertaligheid: kinderen en ouders met een andere moedertaal, "
    "nieuwkomers die Nederlands als tweede taal leren.",
    "Van school naar school": "Overgangen tussen kinderopvang, basisschool en middelbare "
    "school: de overstap naar het voortgezet onderwijs, het advies en een doorgaande lijn.",
    "Ouderbetrokkenheid": "Ouders die meedoen met het leren van hun kind, contact tussen "
    "ouders en leerkrachten, ouders die school lastig bereikt.",
    "De school in de buurt": "Verbinding tussen school, thuis en de omgeving: gemeente, "
    "welzijn en verenigingen werken samen rond kinderen in de wijk.",
    "Zorg naast de les": "Problemen thuis, armoede en hulpverlening: jeugdhulp en school "
    "verdelen de zorg zodat leraren kunnen lesgeven.",
    "Talenten ontdekken": "Talentontwikkeling buiten het rooster: sport, cultuur, techniek en "
    "weekendonderwijs.",
    "Leren als team": "Professionalisering: leraren en schoolleiders die van elkaar leren en "
    "samen een open cultuur bouwen.",
    "Iedereen hoort erbij": "Inclusief onderwijs voor alle kinderen, ook met een beperking; "
    "passend onderwijs zonder uitsluiting.",
}
# Every theme in the seeds and the national theme it is about. The twins named in the issue
# ("De grote oversteek" / "Soepele overgang"; "Taal centraal" and the demo's "Taal als
# basis") must land together.
EXPECTED = {
    "Taal centraal": "Taalvaardigheid",
    "De grote oversteek": "Van school naar school",
    "Zorgen vs. lesgeven": "Zorg naast de les",
    "De moeilijk te bereiken ouder": "Ouderbetrokkenheid",
    "De kracht van het team/netwerk": "Leren als team",
    "Verbinding school, thuis & omgeving": "De school in de buurt",
    "Talentontwikkeling": "Talenten ontdekken",
    "Soepele overgang": "Van school naar school",
    "Professionalisering": "Leren als team",
    "Meertaligheid": "Meer talen thuis",
    "Inclusief onderwijs": "Iedereen hoort erbij",
}
# The same subjects under the demo's national themes.
DEMO_NAMES = {
    "Taalvaardigheid": "Taal en lezen",
    "Meer talen thuis": "Meertaligheid",
    "Van school naar school": "Overgangen in de schoolloopbaan",
    "Ouderbetrokkenheid": "Ouders betrekken",
    "De school in de buurt": "School, thuis en wijk verbonden",
    "Zorg naast de les": "Onderwijs en zorg",
    "Talenten ontdekken": "Talentontwikkeling",
    "Leren als team": "Sterke schoolteams",
    "Iedereen hoort erbij": "Inclusief onderwijs",
}


def _import_json(*args) -> dict:
    out = StringIO()
    call_command("import", *[str(a) for a in args], "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def test_nationals():
    return {
        title: m.NationalTheme.objects.create(title=title, description=text)
        for title, text in TEST_NATIONAL_THEMES.items()
    }


@pytest.mark.parametrize("table", ["test", "demo"])
def test_every_seed_theme_gets_the_expected_national_theme(seeds_dir, table):
    if table == "test":
        for title, text in TEST_NATIONAL_THEMES.items():
            m.NationalTheme.objects.create(title=title, description=text)
        expected = EXPECTED
    else:
        load_national_demo()
        expected = {theme: DEMO_NAMES[national] for theme, national in EXPECTED.items()}
    report = _import_json(seeds_dir)
    assert report["errors"] == 0
    reported = {
        item["theme"]: item["national_theme"]
        for document in report["documents"]
        for item in document["national_themes"]
    }
    assert reported == expected
    themes = m.Theme.objects.select_related("national_theme")
    assert {t.title: t.national_theme.title for t in themes} == expected
    assert {t.national_theme_status for t in themes} == {m.NationalThemeStatus.SUGGESTED}
    by_title = {t.title: t.national_theme_id for t in themes}
    assert by_title["De grote oversteek"] == by_title["Soepele overgang"]
    # A second run finds the same and changes nothing (no audit rows).
    audit_rows = AuditLogEntry.objects.count()
    again = _import_json(seeds_dir)
    assert again["created"] == 0
    assert AuditLogEntry.objects.count() == audit_rows


def test_demo_and_regional_twins_share_a_national_theme(seeds_dir):
    from kansenwerk.core.demo.load import load_demo

    load_demo(with_users=False)
    load_national_demo()
    _import_json(*sorted(seeds_dir.glob("00[02]_*")))
    _import_json(*sorted(seeds_dir.glob("004_*")))
    national = {t.title: t.national_theme for t in m.Theme.objects.select_related("national_theme")}
    assert national["Taal centraal"] == national["Taal als basis"]
    overstap = national["Soepele overstap naar het voortgezet onderwijs"]
    assert national["De grote oversteek"] == national["Soepele overgang"] == overstap
    # The demo's own themes were confirmed by the demo; imported ones only suggested.
    assert m.Theme.objects.get(title="Taal als basis").national_theme_status == "bevestigd"
    assert m.Theme.objects.get(title="Taal centraal").national_theme_status == "voorgesteld"


def test_demo_national_themes_load_idempotently():
    load_national_demo()
    rows = AuditLogEntry.objects.count()
    assert m.NationalTheme.objects.count() == len(NATIONAL_THEMES)
    load_national_demo()
    assert AuditLogEntry.objects.count() == rows
    assert m.NationalTheme.objects.count() == len(NATIONAL_THEMES)


def test_a_theme_about_nothing_national_gets_no_suggestion(test_nationals):
    theme = ThemeFactory(
        title="Fietsenstalling", guiding_question="Waar zetten we de fietsen neer?"
    )
    [suggestion] = services.themes_suggest_national(themes=[theme])
    theme.refresh_from_db()
    assert suggestion.national_theme is None
    assert (theme.national_theme, theme.national_theme_status) == (None, "")


def test_a_confirmed_theme_keeps_the_beheerders_decision(beheerder, test_nationals):
    theme = ThemeFactory(title="Voorlezen en boeken", introduction="Taal en lezen thuis.")
    services.themes_suggest_national(themes=[theme])
    theme.refresh_from_db()
    assert theme.national_theme.title == "Taalvaardigheid"
    other = test_nationals["Meer talen thuis"]
    services.theme_national_theme_confirm(user=beheerder, theme=theme, national_theme=other)
    assert services.themes_suggest_national() == []
    theme.refresh_from_db()
    assert (theme.national_theme, theme.national_theme_status) == (other, "bevestigd")


def test_dry_run_suggests_nothing(seeds_dir, test_nationals):
    out = StringIO()
    call_command("import", str(next(seeds_dir.glob("002_*"))), "--json", "--dry-run", stdout=out)
    assert [d["national_themes"] for d in json.loads(out.getvalue())["documents"]] == [[]]
    assert not m.Theme.objects.exists()


def test_the_import_service_suggests_whoever_calls_it(seeds_dir, test_nationals):
    """The suggestion is part of the one import service, not of a way in: calling it directly
    (as any new way in would) stores and reports the suggestions too."""
    path = next(seeds_dir.glob("002_*"))
    [result] = import_documents(paths=[path]).documents
    titles = [theme["title"] for theme in result.themes]
    assert len(titles) >= 2
    expected = {title: EXPECTED[title] for title in titles}
    assert {n["theme"]: n["national_theme"] for n in result.national_themes} == expected
    stored = m.Theme.objects.select_related("national_theme")
    assert {t.title: (t.national_theme.title, t.national_theme_status) for t in stored} == {
        title: (national, "voorgesteld") for title, national in expected.items()
    }


def test_upload_through_the_page_leaves_suggestions_to_confirm(
    client, beheerder, seeds_dir, test_nationals, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = next(seeds_dir.glob("002_*"))
    client.force_login(beheerder)
    client.post(
        reverse("kennisbank:import"), {"files": [SimpleUploadedFile(path.name, path.read_bytes())]}
    )
    job = m.ImportJob.objects.get()
    assert job.status == "done" and not job.results[0]["errors"]
    expected = {t["title"]: EXPECTED[t["title"]] for t in job.results[0]["themes"]}
    assert {n["theme"]: n["national_theme"] for n in job.results[0]["national_themes"]} == expected
    # The job page names them and leads to the page where a beheerder decides.
    job_page = client.get(job.get_absolute_url()).content.decode()
    assert "Voorgesteld landelijk thema" in job_page
    assert reverse("kennisbank:national_themes") in job_page
    # On that page each imported theme waits as "Voorgesteld", its suggestion preselected.
    overview = client.get(reverse("kennisbank:national_themes")).content.decode()
    themes = list(m.Theme.objects.select_related("national_theme").order_by("pk"))
    assert {t.title for t in themes} == set(expected)
    for theme in themes:
        assert theme.national_theme.title == expected[theme.title]
        select = overview.split(f'id="nt-{theme.pk}"', 1)[1].split("</select>", 1)[0]
        assert f'value="{theme.national_theme_id}" selected' in select
    assert overview.count("Voorgesteld") >= len(themes)
    # The beheerder confirms one suggestion and merges the national theme of another.
    first, second = themes[0], themes[1]
    client.post(
        reverse("kennisbank:national_theme_decide", args=[first.pk]),
        {"national_theme": first.national_theme_id},
    )
    first.refresh_from_db()
    assert first.national_theme_status == "bevestigd"
    target = next(n for n in test_nationals.values() if n.pk != second.national_theme_id)
    client.post(
        reverse("kennisbank:national_theme_merge", args=[second.national_theme_id]),
        {"target": target.pk},
    )
    second.refresh_from_db()
    assert second.national_theme_id == target.pk


# -- the beheerder's page ---------------------------------------------------------------


def test_beheerder_confirms_a_suggestion_on_the_page(client, beheerder, test_nationals):
    theme = ThemeFactory(title="Samen lezen", introduction="Voorlezen en woordenschat.")
    services.themes_suggest_national(themes=[theme])
    client.force_login(beheerder)
    page = client.get(reverse("kennisbank:national_themes"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Samen lezen" in body and "Voorgesteld" in body
    chosen = test_nationals["Taalvaardigheid"]
    response = client.post(
        reverse("kennisbank:national_theme_decide", args=[theme.pk]),
        {"national_theme": chosen.pk},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.national_theme, theme.national_theme_status) == (chosen, "bevestigd")
    entry = AuditLogEntry.objects.filter(content_type__model="theme", action="update").first()
    assert entry.actor_id == beheerder.pk
    # "No national theme fits" is a decision too.
    client.post(reverse("kennisbank:national_theme_decide", args=[theme.pk]), {})
    theme.refresh_from_db()
    assert (theme.national_theme, theme.national_theme_status) == (None, "bevestigd")
    # Hostile input: a Dutch message, no 500.
    response = client.post(
        reverse("kennisbank:national_theme_decide", args=[theme.pk]), {"national_theme": "x'"}
    )
    assert response.status_code == 302
    assert "Kies een landelijk thema" in client.get(response.url).content.decode()


def test_beheerder_creates_edits_and_merges_national_themes(client, beheerder):
    client.force_login(beheerder)
    url = reverse("kennisbank:national_theme_create")
    assert client.post(url, {"title": "Lezen", "description": "Boeken."}).status_code == 302
    assert client.post(url, {"title": "Taal"}).status_code == 302
    duplicate = client.post(url, {"title": "  lezen "})
    assert duplicate.status_code == 400
    assert "Er is al een landelijk thema met deze titel." in duplicate.content.decode()
    too_long = client.post(url, {"title": "x" * 5000})
    assert too_long.status_code == 400
    lezen, taal = (
        m.NationalTheme.objects.get(title="Lezen"),
        m.NationalTheme.objects.get(title="Taal"),
    )
    response = client.post(
        reverse("kennisbank:national_theme_update", args=[taal.pk]),
        {"title": "Taal en spraak", "description": "Spreken."},
    )
    assert response.status_code == 302
    taal.refresh_from_db()
    assert taal.title == "Taal en spraak"
    first = ThemeFactory(national_theme=lezen, national_theme_status="voorgesteld")
    second = ThemeFactory(national_theme=lezen, national_theme_status="bevestigd")
    merge_url = reverse("kennisbank:national_theme_merge", args=[lezen.pk])
    assert client.post(merge_url, {"target": lezen.pk}).status_code == 400  # not into itself
    assert client.post(merge_url, {"target": taal.pk}).status_code == 302
    assert not m.NationalTheme.objects.filter(pk=lezen.pk).exists()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.national_theme, first.national_theme_status) == (taal, "voorgesteld")
    assert (second.national_theme, second.national_theme_status) == (taal, "bevestigd")
    deleted = AuditLogEntry.objects.filter(content_type__model="nationaltheme", action="delete")
    assert deleted.count() == 1 and deleted.get().actor_id == beheerder.pk


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "organisator", "deelnemer"])
def test_only_a_beheerder_may_use_the_page(client, request, role, test_nationals):
    theme = ThemeFactory()
    national = test_nationals["Taalvaardigheid"]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    expected = 302 if role == "anonymous" else 403
    gets = [
        reverse("kennisbank:national_themes"),
        reverse("kennisbank:national_theme_create"),
        reverse("kennisbank:national_theme_update", args=[national.pk]),
        reverse("kennisbank:national_theme_merge", args=[national.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == expected, url
    posts = [
        (reverse("kennisbank:national_theme_decide", args=[theme.pk]), {"national_theme": 1}),
        (reverse("kennisbank:national_theme_create"), {"title": "Nieuw"}),
        (reverse("kennisbank:national_themes_resuggest"), {}),
        (
            reverse("kennisbank:national_theme_merge", args=[national.pk]),
            {"target": test_nationals["Leren als team"].pk},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == expected, url
    theme.refresh_from_db()
    assert theme.national_theme_status == ""
    assert m.NationalTheme.objects.count() == len(TEST_NATIONAL_THEMES)
    with pytest.raises(Exception, match="beheerder"):
        services.national_theme_create(user=None, title="Via de shell")


# -- directions with their theme, and twins -------------------------------------------


@pytest.fixture
def twins(test_nationals):
    """Two regional framings of language, each with a direction on reading at home."""
    language = test_nationals["Taalvaardigheid"]
    north = ThemeFactory(
        title="Taal voorop", national_theme=language, national_theme_status="bevestigd"
    )
    south = ThemeFactory(
        title="Woorden tellen", national_theme=language, national_theme_status="voorgesteld"
    )
    other = ThemeFactory(title="Buiten spelen")
    return {
        "north": SolutionDirectionFactory(
            theme=north, number="1.2", title="Voorlezen thuis stimuleren"
        ),
        "south": SolutionDirectionFactory(
            theme=south, number="1.1", title="Thuis voorlezen stimuleren"
        ),
        "south_other": SolutionDirectionFactory(
            theme=south, number="1.2", title="Woordenschat in de klas"
        ),
        "elsewhere": SolutionDirectionFactory(
            theme=other, number="1.1", title="Voorlezen thuis stimuleren"
        ),
    }


def test_a_direction_is_labelled_with_its_theme(twins):
    assert twins["north"].label == "Taal voorop 1.2 – Voorlezen thuis stimuleren"


def test_twins_are_found_under_one_national_theme_only(twins):
    found = selectors.twin_directions(direction_ids=[twins["north"].pk])
    assert found == {twins["south"].pk}  # not the same title under another national theme
    assert selectors.twin_directions(direction_ids=[]) == set()


def test_netwerk_gap_closes_when_a_service_covers_the_twin(twins, region):
    from kansenwerk.netwerk.selectors import direction_gaps
    from kansenwerk.netwerk.tests.factories import OrganizationFactory, ServiceFactory

    before = set(direction_gaps(region=region))
    assert {twins["north"], twins["south"], twins["elsewhere"]} <= before
    service = ServiceFactory(organization=OrganizationFactory(region=region))
    service.solution_directions.set([twins["north"]])
    gaps = set(direction_gaps(region=region))
    assert twins["north"] not in gaps and twins["south"] not in gaps
    assert twins["south_other"] in gaps and twins["elsewhere"] in gaps


def test_pickers_group_directions_per_national_theme_with_checkboxes(
    client, coordinator, region, twins, django_assert_max_num_queries
):
    from kansenwerk.netwerk.forms import ServiceForm

    form = ServiceForm()
    with django_assert_max_num_queries(1):
        choices = [choice for choice in form.fields["solution_directions"].choices]
    groups = {group: [label for _value, label in options] for group, options in choices}
    assert groups["Taalvaardigheid"] == [
        "Taal voorop 1.2 – Voorlezen thuis stimuleren",
        "Woorden tellen 1.1 – Thuis voorlezen stimuleren",
        "Woorden tellen 1.2 – Woordenschat in de klas",
    ]
    assert groups["Buiten spelen"] == ["Buiten spelen 1.1 – Voorlezen thuis stimuleren"]
    html = str(form["solution_directions"])
    assert html.count("<fieldset") == 2 and 'type="checkbox"' in html
    assert (
        '<legend class="utrecht-form-fieldset__legend kw-choice-group__legend">Taalvaardigheid'
        in html
    )
    client.force_login(coordinator)
    from kansenwerk.netwerk.tests.factories import OrganizationFactory

    organization = OrganizationFactory(region=region)
    body = client.get(reverse("netwerk:service_create", args=[organization.pk])).content.decode()
    assert "Woorden tellen 1.1 – Thuis voorlezen stimuleren" in body
    assert "Ctrl" not in body.split('name="solution_directions"')[0][-2000:]


def test_agreement_picker_names_the_theme_of_each_direction(region):
    from kansenwerk.afspraken.forms import AgreementForm
    from kansenwerk.meetups.models import MeetupDirection
    from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory

    meetup = MeetupFactory(region=region)
    for title in ("Taal voorop", "Samen verder"):
        theme = MeetupThemeFactory(meetup=meetup, title=title)
        MeetupDirection.objects.create(meetup_theme=theme, number="1.1", title="Begin klein")
    form = AgreementForm(meetup=meetup)
    choices = list(form.fields["meetup_direction"].choices)
    assert choices[1:] == [
        ("Taal voorop", [(choices[1][1][0][0], "Taal voorop 1.1 – Begin klein")]),
        ("Samen verder", [(choices[2][1][0][0], "Samen verder 1.1 – Begin klein")]),
    ]


def test_regio_counts_agreements_per_national_theme(region, test_nationals):
    from kansenwerk.afspraken.tests.factories import AgreementFactory
    from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory
    from kansenwerk.regio.selectors import agreements_by_theme

    language = test_nationals["Taalvaardigheid"]
    first = ThemeFactory(
        title="Taal voorop", national_theme=language, national_theme_status="bevestigd"
    )
    second = ThemeFactory(
        title="Woorden tellen", national_theme=language, national_theme_status="voorgesteld"
    )
    alone = ThemeFactory(title="Buiten spelen")
    meetup = MeetupFactory(region=region)
    for theme, count in ((first, 2), (second, 1), (alone, 1)):
        meetup_theme = MeetupThemeFactory(meetup=meetup, theme=theme, title=theme.title)
        AgreementFactory.create_batch(count, meetup=meetup, meetup_theme=meetup_theme)
    rows = {row["label"]: row["total"] for row in agreements_by_theme(region=region)}
    assert rows == {"Taalvaardigheid": 3, "Buiten spelen": 1}
