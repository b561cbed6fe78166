"""`PreparedQuery`: SQL compiled once gives what the queryset gives, for any value."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Value
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import timezone

from kansenwerk.core.prepared import PreparedQuery
from kansenwerk.meetups.models import Meetup
from kansenwerk.meetups.tests.factories import MeetupFactory
from kansenwerk.netwerk.models import Organization


def meetups_by_slug(slug):
    return Meetup.objects.filter(slug=slug).order_by()


@pytest.mark.django_db
def test_objects_equal_the_querysets_instances_field_by_field(region):
    prepared = PreparedQuery(meetups_by_slug, slug=str)
    starts = timezone.now() + datetime.timedelta(days=3)
    meetups = [
        MeetupFactory(region=region, starts_at=starts + datetime.timedelta(hours=n))
        for n in range(3)
    ]
    fields = [f.attname for f in Meetup._meta.concrete_fields]
    for meetup in meetups:
        [got] = prepared.objects(slug=meetup.slug)
        [expected] = meetups_by_slug(meetup.slug)
        assert type(got) is Meetup
        # Datetimes come back as aware datetimes on SQLite too (the ORM's converters ran).
        assert isinstance(got.starts_at, datetime.datetime) and timezone.is_aware(got.starts_at)
        assert got.starts_at == meetup.starts_at
        assert [getattr(got, f) for f in fields] == [getattr(expected, f) for f in fields]
        # As loaded from the database: saving it writes an update, not a second row.
        assert got._state.adding is False and got._state.db == "default"
    assert prepared.objects(slug="bestaat-niet") == []


@pytest.mark.django_db
def test_sql_is_the_orms_own_sql_with_the_new_values_and_is_compiled_once(region):
    built = []

    def build(region_id, name):
        built.append((region_id, name))
        return (
            Organization.objects.filter(region_id=region_id)
            .filter(Exact(Upper("name"), Upper(Value(name))))
            .order_by("pk")
            .values_list("pk", "kind")[:1]
        )

    prepared = PreparedQuery(build, region_id=int, name=str)
    other = type(region).objects.create(name="Regio Zuid")
    first = Organization.objects.create(name="Het Anker", region=region, kind="school_po")
    Organization.objects.create(name="HET ANKER", region=region, kind="school_vo")
    Organization.objects.create(name="Het Anker", region=other, kind="bibliotheek")
    for region_id, name in (
        (region.pk, "het anker"),
        (other.pk, "HET anker"),
        (region.pk, "De Boog"),
        (region.pk, "50% korting_"),  # LIKE's wildcards are ordinary characters here
        (region.pk, "O'Neill\\"),
    ):
        expected = build(region_id, name)
        assert prepared.sql(region_id=region_id, name=name) == (
            expected.query.sql_with_params()[0],
            list(expected.query.sql_with_params()[1]),
        )
        assert prepared.rows(region_id=region_id, name=name) == list(expected)
    assert prepared.rows(region_id=region.pk, name="het anker") == [(first.pk, "school_po")]
    # Compiled once: the builder ran for the markers once, the other calls were ours above.
    markers = [call for call in built if call[0] < 0]
    assert len(markers) == 1


@pytest.mark.django_db
def test_a_lookup_that_changes_its_value_is_refused_when_prepared():
    # icontains wraps the value in % on every database: binding a new value in its place
    # would search for something else than the ORM would.
    prepared = PreparedQuery(
        lambda name: Organization.objects.filter(name__icontains=name), name=str
    )
    with pytest.raises(ImproperlyConfigured):
        prepared.rows(name="anker")


@pytest.mark.django_db
def test_values_of_the_wrong_type_or_missing_are_refused(region):
    prepared = PreparedQuery(meetups_by_slug, slug=str)
    with pytest.raises(TypeError):
        prepared.objects(slug=12)
    with pytest.raises(TypeError):
        prepared.objects()
    with pytest.raises(ImproperlyConfigured):
        PreparedQuery(meetups_by_slug, slug=float)
    # A queryset of tuples cannot make model instances.
    listing = PreparedQuery(lambda slug: meetups_by_slug(slug).values_list("pk"), slug=str)
    with pytest.raises(ImproperlyConfigured):
        listing.objects(slug="x")


@pytest.mark.django_db
def test_fetch_together_reads_each_query_as_it_would_read_alone(region):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kansenwerk.core.prepared import fetch_together

    by_slug = PreparedQuery(meetups_by_slug, slug=str)
    by_name = PreparedQuery(
        lambda region_id, name: (
            Organization.objects.filter(region_id=region_id)
            .filter(Exact(Upper("name"), Upper(Value(name))))
            .values_list("pk", "name")
        ),
        region_id=int,
        name=str,
    )
    meetup = MeetupFactory(region=region, starts_at=timezone.now() + datetime.timedelta(days=2))
    org = Organization.objects.create(name="Buurthuis 't Anker; west", region=region)
    with CaptureQueriesContext(connection) as queries:
        meetups, orgs, none = fetch_together(
            by_slug.bound(slug=meetup.slug, objects=True),
            by_name.bound(region_id=region.pk, name="BUURTHUIS 'T ANKER; WEST"),
            by_name.bound(region_id=region.pk, name="%"),
        )
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 3)
    fields = [f.attname for f in Meetup._meta.concrete_fields]
    assert [getattr(meetups[0], f) for f in fields] == [
        getattr(x, f) for x in by_slug.objects(slug=meetup.slug) for f in fields
    ]
    assert timezone.is_aware(meetups[0].starts_at)
    assert orgs == by_name.rows(region_id=region.pk, name=org.name.upper()) == [(org.pk, org.name)]
    assert none == []
    assert fetch_together() == []
    # objects=True needs plain model rows, as objects() does.
    with pytest.raises(ImproperlyConfigured):
        by_name.bound(region_id=region.pk, name="x", objects=True)
