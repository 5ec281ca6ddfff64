"""Search and reference index updates, one per object for a batch of saves.

Wagtail queues an index task on every save of an indexed object; creating and publishing a page
saves it two or three times, so bulk writers (the wire desk) wrap their work in
`index_updates_deferred()` and each touched object is indexed once, after the commit.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from modelsearch import signal_handlers as search_signal_handlers
from modelsearch.index import get_indexed_models
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from rotative.core import tasks

# (app_label, model_name, pk) -> (search indexed, reference indexed); None when not deferring.
_pending: ContextVar[dict | None] = ContextVar("rotative_index_pending", default=None)


@contextmanager
def index_updates_deferred():
    """Inside, saves queue no index task; one per saved object is queued after the commit."""
    if _pending.get() is not None:  # nested: the outermost block queues
        yield
        return
    pending: dict = {}
    token = _pending.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _pending.reset(token)
    transaction.on_commit(lambda: _enqueue(pending))


def _enqueue(pending: dict) -> None:
    """One task per model for the batch: the search backend indexes a list of objects in one
    insert (add_bulk), where a task per object costs a transaction and four statements each."""
    searched, referenced = {}, {}
    for (app_label, model_name, pk), (search, reference) in pending.items():
        if search:
            searched.setdefault((app_label, model_name), []).append(pk)
        if reference:
            referenced.setdefault((app_label, model_name), []).append(pk)
    for (app_label, model_name), pks in searched.items():
        if len(pks) == 1:
            insert_or_update_object_task.enqueue(app_label, model_name, pks[0])
        else:
            tasks.search_index_update.enqueue(app_label, model_name, pks)
    for (app_label, model_name), pks in referenced.items():
        for pk in pks:
            update_reference_index_task.enqueue(app_label, model_name, pk)


def reference_index_now(instance) -> None:
    """Write `instance`'s reference index now, in the caller's transaction, from the object
    in memory, and drop it from the batch's after-commit work. For a writer that has just
    created the object with its relations in memory (news.page_writes): the task would
    fetch it and every relation back in a transaction of its own."""
    if not ReferenceIndex.is_indexed(type(instance)):
        return
    ReferenceIndex.create_or_update_for_object(instance)
    _reference_written([instance])


def reference_index_new(instances: list) -> None:
    """`reference_index_now` for objects of one model created in this transaction, in one
    insert for all: what `ReferenceIndex.create_or_update_for_object` writes for each, without
    its read of the rows already there (a new object has none) and its delete (none to
    remove)."""
    if not instances or not ReferenceIndex.is_indexed(type(instances[0])):
        return
    content_types = [
        ContentType.objects.get_for_model(model, for_concrete_model=False)
        for model in [type(instances[0]), *instances[0]._meta.get_parent_list()]
    ]
    rows = []
    for instance in instances:
        references = set(ReferenceIndex._extract_references_from_object(instance))
        rows += [
            ReferenceIndex(
                content_type=content_types[0],
                base_content_type=content_types[-1],
                object_id=instance.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
        ]
    ignore = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(rows, **ignore)
    _reference_written(instances)


def _key(instance) -> tuple[str, str, str]:
    return (instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def _reference_written(instances: list) -> None:
    """Their reference index is written: no task for it after the commit."""
    pending = _pending.get()
    if pending is None:
        return
    for key in map(_key, instances):
        if key in pending:
            pending[key] = (pending[key][0], False)


def _search_index_on_save(sender, instance, raw=False, **kwargs):
    """Stands in for modelsearch's post_save handler: the same task, unless deferred."""
    if _pending.get() is None:
        search_signal_handlers.post_save_signal_handler(instance=instance, raw=raw, **kwargs)


def _collect_on_save(sender, instance, raw=False, **kwargs):
    pending = _pending.get()
    if pending is None or raw:
        return
    searched = sender in _searched_models
    referenced = sender in ReferenceIndex.tracked_models
    if searched or referenced:
        key = _key(instance)
        old = pending.get(key, (False, False))
        pending[key] = (old[0] or searched, old[1] or referenced)


_searched_models: set = set()


def install() -> None:
    """Swap modelsearch's save handlers for ours (called once the search app is ready)."""
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        if post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model):
            post_save.connect(_search_index_on_save, sender=model)
            _searched_models.add(model)
    post_save.connect(_collect_on_save, dispatch_uid="rotative_index_collect")
