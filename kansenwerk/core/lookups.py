"""`__in` with an integer the database cannot hold matches nothing, instead of crashing.

Django 5.0 made `exact`, `gt`, `gte`, `lt` and `lte` on integer fields treat an out-of-range
value as "no match" (`IntegerFieldOverflow`, ticket #27397), but not `in`: on SQLite
`Model.objects.filter(pk__in=[10**20])` raises OverflowError while the statement is run.
Every ModelMultipleChoiceField runs exactly that with what a visitor posted, so a form
field given `99999999999999999999` answered 500 instead of "Selecteer een geldige keuze".

The two lookups below drop such values from the list before Django builds the SQL, for
integer columns and for single-column relations (foreign keys, many-to-many), on every
database; an emptied list is Django's own "matches nothing" (EmptyResultSet). Registered
once in CoreConfig.ready(), so forms, filters and the API all get it.
"""

from __future__ import annotations

from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def _integer_range(field, connection) -> tuple[int | None, int | None]:
    target = getattr(field, "target_field", None) if field.is_relation else field
    if target is None or not isinstance(target, IntegerField):
        return None, None
    ranges = connection.ops.integer_field_ranges
    if target.get_internal_type() not in ranges:
        return None, None
    return connection.ops.integer_field_range(target.get_internal_type())


class _DropsOutOfRange:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not isinstance(self.rhs, str):
            low, high = _integer_range(self.lhs.output_field, connection)
            if low is not None or high is not None:
                self.rhs = [
                    value
                    for value in self.rhs
                    if not isinstance(value, int)
                    or ((low is None or value >= low) and (high is None or value <= high))
                ]
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(_DropsOutOfRange, In):
    pass


class RelatedIntegerIn(_DropsOutOfRange, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(RelatedIntegerIn)
