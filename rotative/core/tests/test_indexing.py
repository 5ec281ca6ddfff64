"""Bulk writers index each object once, after the commit, and only if it commits."""

from collections import Counter

import pytest
from django.db import transaction
from django_tasks.signals import task_enqueued

from rotative.core.indexing import index_updates_deferred
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def enqueued():
    seen = Counter()

    def record(sender, task_result, **kwargs):
        seen[task_result.task.name] += 1

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


@pytest.mark.django_db(transaction=True)
def test_three_saves_make_one_search_and_one_reference_update(home, enqueued):
    section = SectionPageFactory(parent=home, title="Orne", slug="orne")
    article = ArticlePageFactory(parent=section, title="Foire d'Alençon")
    enqueued.clear()
    with transaction.atomic(), index_updates_deferred():
        for title in ("Foire d'Alençon : J-3", "Foire d'Alençon : J-2", "Foire d'Alençon : J-1"):
            article.title = title
            article.save()
        assert enqueued == {}  # nothing before the commit
    assert enqueued["insert_or_update_object_task"] == 1
    assert enqueued["update_reference_index_task"] == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_for_a_rolled_back_batch(home, enqueued):
    section = SectionPageFactory(parent=home, title="Orne", slug="orne")
    article = ArticlePageFactory(parent=section, title="Foire d'Alençon")
    enqueued.clear()
    with pytest.raises(RuntimeError), transaction.atomic(), index_updates_deferred():
        article.save()
        raise RuntimeError("échec au milieu du lot")
    assert enqueued == {}


@pytest.mark.django_db(transaction=True)
def test_outside_a_batch_every_save_is_indexed_as_usual(home, enqueued):
    section = SectionPageFactory(parent=home, title="Orne", slug="orne")
    article = ArticlePageFactory(parent=section, title="Foire d'Alençon")
    enqueued.clear()
    article.save()
    article.save()
    assert enqueued["insert_or_update_object_task"] == 2
