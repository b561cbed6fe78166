import pytest
from django.db import transaction

from kansenwerk.kennisbank.models import Theme
from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory
from kansenwerk.search import services
from kansenwerk.search.models import SearchEntry


def entry_for(obj):
    return SearchEntry.objects.filter(model_label=obj._meta.label_lower, object_id=obj.pk).first()


@pytest.mark.django_db
def test_save_creates_and_updates_the_entry():
    theme = ThemeFactory(title="Ouderbetrokkenheid", guiding_question="Waarom ouders?")
    entry = entry_for(theme)
    assert entry.type_key == "themas"
    assert "ouderbetrok" in entry.title_tokens.split()
    assert "ouder" in entry.title_tokens.split()  # compound part kept beside the whole
    theme.title = "Kinderopvang"
    theme.save()
    entry.refresh_from_db()
    assert entry.title == "Kinderopvang"
    assert "ouderbetrok" not in entry.title_tokens


@pytest.mark.django_db
def test_delete_removes_the_entry():
    theme = ThemeFactory()
    pk = theme.pk
    theme.delete()
    assert not SearchEntry.objects.filter(model_label="kennisbank.theme", object_id=pk).exists()


@pytest.mark.django_db
def test_rollback_leaves_no_index_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        ThemeFactory(title="Wordt teruggedraaid")
        raise RuntimeError
    assert not Theme.objects.exists()
    assert not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_m2m_change_updates_theme_facet_both_directions():
    theme = ThemeFactory()
    intervention = InterventionFactory()
    intervention.themes.add(theme)
    assert entry_for(intervention).theme_ids() == [theme.pk]
    theme.interventions.remove(intervention)
    assert entry_for(intervention).theme_ids() == []
    theme.interventions.add(intervention)
    assert entry_for(intervention).theme_ids() == [theme.pk]
    theme.interventions.clear()
    assert entry_for(intervention).theme_ids() == []


@pytest.mark.django_db
def test_reindex_rebuilds_everything(corpus):
    SearchEntry.objects.all().delete()
    seen = []
    total = services.reindex(batch_size=2, progress=lambda key, done, count: seen.append(key))
    assert total == SearchEntry.objects.count() == 6
    assert {"themas", "interventies"} <= set(seen)
    assert entry_for(corpus["intervention"]).theme_ids() == [corpus["parents"].pk]


@pytest.mark.django_db
def test_location_breadcrumb(corpus):
    assert entry_for(corpus["direction"]).location == "Ouders betrekken bij het leren"
    assert entry_for(corpus["intervention"]).location == "Interventie › Zandmeer"
