import pytest

from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    ReadingItemFactory,
    SolutionDirectionFactory,
    ThemeFactory,
)


@pytest.fixture
def corpus(db, region, other_region, django_capture_on_commit_callbacks):
    """A small kennisbank, written for these tests, indexed through the signals; the
    spelling vocabulary is built as after a commit (the task that index writes schedule)."""
    with django_capture_on_commit_callbacks(execute=True):
        return _corpus(region, other_region)


def _corpus(region, other_region):
    parents = ThemeFactory(
        title="Ouders betrekken bij het leren",
        guiding_question="Hoe maken we van ouders partners van de school?",
        introduction="Samenwerken met gezinnen begint bij vertrouwen.",
        region=region,
    )
    transition = ThemeFactory(
        title="De overstap naar de middelbare school",
        guiding_question="Hoe maken leerlingen een goede overstap?",
        introduction="Groep 8 en de brugklas vragen om afstemming.",
        region=other_region,
    )
    direction = SolutionDirectionFactory(
        theme=parents,
        title="Huisbezoeken door de leerkracht",
        text="Een leerkracht die thuis op bezoek gaat, leert het kind en de ouders kennen.",
        questions=["Welke gezinnen zien we nooit op school?"],
        region=region,
    )
    reading = ReadingItemFactory(
        theme=parents,
        title="Ouderbetrokkenheid in de praktijk",
        author="Een onderzoeksbureau",
        region=region,
    )
    intervention = InterventionFactory(
        title="Voorlees Express",
        place="Zandmeer",
        goal="Kinderen in taalarme gezinnen lezen meer samen met hun ouders.",
        approach="Vrijwilligers komen twintig weken lang wekelijks voorlezen bij het gezin thuis.",
        region=other_region,
    )
    intervention.themes.add(parents)
    social = InterventionFactory(
        title="Maatschappelijk werker op de basisschool",
        place="Veenstad",
        goal="Jeugdzorg dichtbij: snelle hulp voor leerlingen en hun gezin in de school.",
        region=region,
    )
    social.themes.add(transition)
    return {
        "parents": parents,
        "transition": transition,
        "direction": direction,
        "reading": reading,
        "intervention": intervention,
        "social": social,
    }
