"""Signal receivers that keep the search index in step with registered models.

They listen to every model and act only for the ones in the registry (a dictionary
look-up per save), so the registry needs no import of this module. They run
synchronously in the sender's transaction, so a rollback also rolls back
the index change. Inside `indexing.deferred()` they only note the touched records;
the block indexes them once when it ends.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from kansenwerk.search import indexing, registry, services


def _index(obj) -> None:
    pending = indexing.current()
    if pending is not None:
        pending.save(type(obj), obj.pk)
    else:
        services.index_object(obj=obj)


@receiver(post_save, dispatch_uid="search-save")
def on_save(sender, instance, raw=False, **kwargs):
    if registry.get(sender) is None:
        return
    if raw:  # loaddata: related rows may be missing; `kansenwerk reindex` catches up
        return
    _index(instance)
    _reindex_dependents(sender, instance)


@receiver(post_delete, dispatch_uid="search-delete")
def on_delete(sender, instance, **kwargs):
    if registry.get(sender) is None:
        return
    pending = indexing.current()
    if pending is not None:
        pending.delete(sender, instance.pk)
    else:
        services.remove_object(model=sender, object_id=instance.pk)
    _reindex_dependents(sender, instance)


@receiver(m2m_changed, dispatch_uid="search-m2m")
def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not registry.is_tracked_through(sender):
        return
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if action != "pre_clear":
            _index(instance)
        return
    # Reverse side (theme.interventions.add(...)): reindex the registered objects.
    search_type = registry.get(model)
    if search_type is None:
        return
    if action == "pre_clear":
        pk_set = set(getattr(instance, _accessor(sender, model)).values_list("pk", flat=True))
        instance._search_cleared = pk_set
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_search_cleared", set())
    pending = indexing.current()
    if pending is not None:
        for pk in pk_set or ():
            pending.save(model, pk)
        return
    for obj in search_type.all_objects().filter(pk__in=pk_set or ()):
        services.index_object(obj=obj)


def _accessor(through, model) -> str:
    for field in model._meta.many_to_many:
        if field.remote_field.through is through:
            return field.remote_field.get_accessor_name()
    return ""


def _reindex_dependents(sender, instance) -> None:
    search_type = registry.get(sender)
    if search_type is None or search_type.dependents is None:
        return
    for obj in search_type.dependents(instance):
        _index(obj)
