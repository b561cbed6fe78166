"""Facet counts expanded in Python from the per-process facet-key cache (facet_keys.py).

The counts of `search()` are compared with plain ORM counts over the index rows on a small
corpus written here: several types (two of them restricted), three regions (one of them
none) and overlapping themes. Runs on both databases (see the Makefile).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from kansenwerk.search import facet_keys
from kansenwerk.search.analysis import analyze, fold
from kansenwerk.search.models import SearchEntry, SearchFacet, SearchFacetKey, SearchFacetKeyTheme
from kansenwerk.search.selectors import Filters, hidden_for, search
from kansenwerk.search.services import facet_key_id

THEMES = (701, 702, 703)
TYPES = ("themas", "interventies", "lezen", "afspraken", "signalen")
RESTRICTED = ("afspraken", "signalen")
WORD = "knikkerbaan"


class Rollback(Exception):
    pass


def add_entry(n: int, *, type_key: str, region_id: int | None, themes, matches: bool) -> int:
    """An index row as services.index_object writes it (entry, facet row, facet key)."""
    title = f"{WORD} nummer {n}" if matches else f"Tegeltableau nummer {n}"
    body = "Samen spelen op het schoolplein." + (f" Een {WORD} voor de klas." if matches else "")
    title_tokens, body_tokens = analyze(title), analyze(body)
    entry = SearchEntry.objects.create(
        model_label="tests.record",
        object_id=n,
        type_key=type_key,
        title=title,
        text=body,
        region_id=region_id,
        title_folded=fold(title),
        title_tokens=" ".join(title_tokens),
        body_tokens=" ".join(body_tokens),
        length=len(title_tokens) + len(body_tokens),
        facet_key=facet_key_id(type_key=type_key, region_id=region_id, theme_ids=themes),
    )
    SearchFacet.objects.create(entry=entry, facet_key=entry.facet_key)
    return entry.pk


@pytest.fixture
def records(db, region, other_region, django_capture_on_commit_callbacks):
    """60 rows, 3 of every 4 holding WORD, over every type x region x theme set."""
    theme_sets = [(), THEMES[:1], THEMES[1:], THEMES, (THEMES[2],)]
    regions = (region.pk, other_region.pk, None)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(60):
            add_entry(
                n,
                type_key=TYPES[n % 5],
                region_id=regions[n % 3],
                themes=theme_sets[(n // 15 + n) % 5],
                matches=n % 4 != 3,
            )
    return {"region": region.pk, "other_region": other_region.pk}


def themes_of(entry: SearchEntry) -> set[int]:
    return set(
        SearchFacetKeyTheme.objects.filter(key_id=entry.facet_key).values_list(
            "theme_id", flat=True
        )
    )


def expected(filters: Filters, visible) -> tuple[dict, int]:
    """The facets and total by counting the matching, visible rows one by one."""
    rows = [e for e in SearchEntry.objects.filter(title_folded__contains=WORD) if visible(e)]
    types: dict[str, int] = {}
    regions: dict[int, int] = {}
    themes: dict[int, int] = {}
    total = 0
    for entry in rows:
        entry_themes = themes_of(entry)
        type_ok = not filters.types or entry.type_key in filters.types
        region_ok = not filters.region_ids or entry.region_id in filters.region_ids
        theme_ok = not filters.theme_ids or bool(entry_themes & set(filters.theme_ids))
        if theme_ok and region_ok:
            types[entry.type_key] = types.get(entry.type_key, 0) + 1
        if theme_ok and type_ok and entry.region_id is not None:
            regions[entry.region_id] = regions.get(entry.region_id, 0) + 1
        if type_ok and region_ok:
            for theme in entry_themes:
                themes[theme] = themes.get(theme, 0) + 1
        total += type_ok and region_ok and theme_ok
    return {"type": types, "theme": themes, "region": regions}, total


def check(filters: Filters, visible) -> dict:
    outcome = search(text=WORD, filters=filters)
    facets, total = expected(filters, visible)
    assert facets["type"]  # something to compare
    assert outcome.facets == facets
    assert outcome.total == total
    return outcome.facets


def anonymous(entry: SearchEntry) -> bool:
    return entry.type_key not in RESTRICTED


@pytest.mark.django_db
def test_counts_equal_orm_counts_without_restricted_records(records):
    facets = check(Filters(), anonymous)
    assert set(facets["type"]) == {"themas", "interventies", "lezen"}
    everything = search(text=WORD, filters=Filters(access=tuple((t, None) for t in RESTRICTED)))
    assert set(everything.facets["type"]) == set(TYPES)
    assert everything.total == SearchEntry.objects.filter(title_folded__contains=WORD).count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "types, regions, themes",
    [
        (("interventies",), (), ()),
        ((), ("region",), ()),
        ((), (), (THEMES[0],)),
        (("lezen", "themas"), ("other_region",), (THEMES[1], THEMES[2])),
        (("afspraken",), (), ()),
    ],
)
def test_counts_within_filters_equal_orm_counts(records, types, regions, themes):
    region_ids = tuple(records[r] for r in regions)
    check(Filters(types=types, region_ids=region_ids, theme_ids=themes), anonymous)
    # A coördinator of one region also sees the agreements of that region (not those
    # without a region), but no signals.
    access = (("afspraken", (records["region"],)),)

    def coordinator(entry: SearchEntry) -> bool:
        if entry.type_key == "signalen":
            return False
        return entry.type_key != "afspraken" or entry.region_id == records["region"]

    facets = check(
        Filters(types=types, region_ids=region_ids, theme_ids=themes, access=access), coordinator
    )
    assert "signalen" not in facets["type"]


@pytest.mark.django_db
def test_hidden_in_python_agrees_with_hidden_in_sql(records):
    keys = list(SearchFacetKey.objects.all())
    for access in [(), (("afspraken", (records["region"],)),), (("signalen", ()),)]:
        hidden = hidden_for(Filters(access=access))
        assert hidden is not None
        in_sql = set(SearchFacetKey.objects.filter(hidden.q).values_list("pk", flat=True))
        assert {k.pk for k in keys if hidden.hides(k.type_key, k.region_id)} == in_sql != set()
    assert hidden_for(Filters(access=tuple((t, None) for t in RESTRICTED))) is None


@pytest.mark.django_db
def test_the_cache_holds_committed_keys_and_is_refilled_after_clear(
    records, django_capture_on_commit_callbacks
):
    key_ids = set(SearchEntry.objects.values_list("facet_key", flat=True))
    stored = {
        k.pk: facet_keys.FacetKey(k.type_key, k.region_id, tuple(sorted(themes_of_key(k.pk))))
        for k in SearchFacetKey.objects.all()
    }
    # Created through facet_key_id after (capturing) a commit: cached without a query.
    assert {k: facet_keys.cached(k) for k in key_ids} == {k: stored[k] for k in key_ids}
    first = search(text=WORD).facets
    facet_keys.clear()
    assert facet_keys.size() == 0
    # A search inside a transaction uses keys it loads, but caches them only on commit.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert search(text=WORD).facets == first
    assert facet_keys.size() == 0 and callbacks
    with django_capture_on_commit_callbacks(execute=True):
        assert search(text=WORD).facets == first
    matched = set(
        SearchEntry.objects.filter(title_folded__contains=WORD).values_list("facet_key", flat=True)
    )
    assert {k: facet_keys.cached(k) for k in matched} == {k: stored[k] for k in matched}


def themes_of_key(key_id: int) -> list[int]:
    return list(
        SearchFacetKeyTheme.objects.filter(key_id=key_id).values_list("theme_id", flat=True)
    )


@pytest.mark.django_db
def test_a_key_created_in_a_rolled_back_transaction_is_not_cached(
    records, django_capture_on_commit_callbacks
):
    before = search(text=WORD).facets
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        pk = add_entry(900, type_key="lezen", region_id=None, themes=(799,), matches=True)
        lost = SearchEntry.objects.get(pk=pk).facet_key
        inside = search(text=WORD).facets  # loads the new key, must not cache it
        assert inside["theme"][799] == 1
        raise Rollback
    assert facet_keys.cached(lost) is None
    assert search(text=WORD).facets == before
    # The next key may get the same id (SQLite): it is cached with its own values.
    with django_capture_on_commit_callbacks(execute=True):
        pk = add_entry(901, type_key="themas", region_id=None, themes=(798,), matches=True)
    key = SearchEntry.objects.get(pk=pk).facet_key
    assert facet_keys.cached(key) == ("themas", None, (798,))
    after = search(text=WORD).facets
    assert 799 not in after["theme"] and after["theme"][798] == 1
    assert after["type"]["themas"] == before["type"]["themas"] + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_key_id_reused_by_another_key_gets_its_own_counts(region):
    add_entry(1, type_key="lezen", region_id=region.pk, themes=(701,), matches=True)
    with pytest.raises(Rollback), transaction.atomic():
        pk = add_entry(2, type_key="interventies", region_id=None, themes=(702,), matches=True)
        lost = SearchEntry.objects.get(pk=pk).facet_key
        assert search(text=WORD).facets["theme"] == {701: 1, 702: 1}
        raise Rollback
    assert facet_keys.cached(lost) is None
    pk = add_entry(3, type_key="themas", region_id=None, themes=(703,), matches=True)
    outcome = search(text=WORD)
    assert outcome.facets == {
        "type": {"lezen": 1, "themas": 1},
        "theme": {701: 1, 703: 1},
        "region": {region.pk: 1},
    }
    assert outcome.total == 2
    key = SearchEntry.objects.get(pk=pk).facet_key
    assert facet_keys.cached(key) == ("themas", None, (703,))


@pytest.mark.django_db(transaction=True)
def test_flush_and_migrate_empty_the_cache():
    key = facet_key_id(type_key="lezen", region_id=None, theme_ids=(701,))
    assert facet_keys.cached(key) == ("lezen", None, (701,))  # committed: cached at once
    call_command("flush", interactive=False, verbosity=0)  # post_migrate: cache emptied
    assert facet_keys.size() == 0
    facet_keys.add({key: facet_keys.FacetKey("themas", None, ())})
    call_command("migrate", verbosity=0)
    assert facet_keys.size() == 0
