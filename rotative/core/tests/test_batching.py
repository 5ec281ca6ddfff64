"""After-commit work gathered per batch (core.batching): once, after the commit, with only
what the batch kept."""

import pytest
from django.db import transaction

from rotative.core.batching import batched, on_commit_batched


@pytest.fixture
def flushed():
    calls = []
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_batch_flushes_once_after_its_commit_without_the_writes_it_undid(flushed):
    with transaction.atomic(), batched():
        on_commit_batched(flushed.append, [1, 2])
        try:
            with transaction.atomic():  # a file of the batch that failed after queueing
                on_commit_batched(flushed.append, [3])
                raise ValueError
        except ValueError:
            pass
        with transaction.atomic():
            on_commit_batched(flushed.append, [4])
        assert flushed == []  # nothing before the commit
    assert flushed == [[1, 2, 4]]


@pytest.mark.django_db(transaction=True)
def test_a_batch_rolled_back_flushes_nothing(flushed):
    with pytest.raises(ValueError), transaction.atomic(), batched():
        on_commit_batched(flushed.append, [1])
        raise ValueError
    assert flushed == []


@pytest.mark.django_db(transaction=True)
def test_outside_a_batch_each_write_flushes_its_own_items_after_its_commit(flushed):
    with transaction.atomic():
        on_commit_batched(flushed.append, [1])
        on_commit_batched(flushed.append, [])  # nothing to do: no call
        assert flushed == []
    with transaction.atomic():
        on_commit_batched(flushed.append, [2])
    assert flushed == [[1], [2]]
