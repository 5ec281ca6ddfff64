import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def front_cache_purge(cache_url: str, urls: list[str]):
    """A purge the web process could not send at once (front_cache.urls_purge)."""
    from rotative.core import front_cache

    front_cache.urls_purge_retry(cache_url=cache_url, urls=urls)


@task()
def search_index_update(app_label: str, model_name: str, pks: list[str]):
    """Index these objects in every auto-updated search backend, in one bulk insert each:
    what modelsearch's insert_or_update_object_task does for one object (queued by
    core.indexing for a batch of saves). Objects gone or no longer indexed are skipped."""
    from django.apps import apps
    from modelsearch.backends import get_search_backends
    from modelsearch.index import get_indexed_instance

    model = apps.get_model(app_label, model_name)
    by_type: dict[type, list] = {}
    for obj in model.get_indexed_objects().filter(pk__in=pks):
        indexed = get_indexed_instance(obj, check_exists=False)
        if indexed is not None:
            by_type.setdefault(type(indexed), []).append(indexed)
    for backend in get_search_backends(with_auto_update=True):
        for indexed_model, objs in by_type.items():
            try:
                backend.add_bulk(indexed_model, objs)
            except Exception:  # as modelsearch does: a search outage must not fail the writer
                logger.exception("Search index update of %s %s failed", model_name, pks[:10])
    return sum(len(objs) for objs in by_type.values())
