"""factory-boy factories for kennisbank records (texts are invented for tests)."""

import factory

from kansenwerk.kennisbank import models as m


class SourceDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SourceDocument

    title = factory.Sequence(lambda n: f"Testdocument {n}")
    kind = m.SourceDocument.Kind.BRIEFING


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Theme

    title = factory.Sequence(lambda n: f"Thema {n}")
    guiding_question = "Hoe werken we samen aan dit thema?"
    introduction = "Een korte inleiding bij het thema."


class SolutionDirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SolutionDirection

    theme = factory.SubFactory(ThemeFactory)
    number = factory.Sequence(lambda n: f"1.{n}")
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Oplossingsrichting {n}")
    text = "Wat scholen en partners samen kunnen doen."
    questions = factory.LazyFunction(lambda: ["Wie doet al iets?", "Wat ontbreekt?"])


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Intervention

    title = factory.Sequence(lambda n: f"Interventie {n}")
    place = "Zandmeer"
    goal = "Kinderen beter laten meedoen."


class ReadingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ReadingItem

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Leestip {n}")
    medium = m.ReadingItem.Medium.ARTIKEL


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Initiative

    title = factory.Sequence(lambda n: f"Initiatief {n}")


class PracticeExampleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PracticeExample

    title = factory.Sequence(lambda n: f"Voorbeeld {n}")
    intervention = factory.SubFactory(InterventionFactory)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Lesson

    title = factory.Sequence(lambda n: f"Les {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Source

    title = factory.Sequence(lambda n: f"Bron {n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Section

    heading = factory.Sequence(lambda n: f"Sectie {n}")
