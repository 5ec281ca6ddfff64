"""The shared cache's client (core/cache.py): one per process, whatever the thread. Django
makes a cache object per thread and uvicorn runs each request in a thread of its own, so a
client per object was a Redis connection opened per page (core/tests/test_production.py
counts them against a real server); and Django's client builds a redis-py client at every
call. No server is needed to see either: building a client connects to nothing."""

import threading

from rotative.core.cache import ResilientRedisCache

CONFIG = {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}


def test_every_thread_and_every_call_use_the_same_redis_client():
    here = ResilientRedisCache("redis://127.0.0.1:1/0", CONFIG)
    seen = []
    thread = threading.Thread(
        target=lambda: seen.append(ResilientRedisCache("redis://127.0.0.1:1/0", CONFIG))
    )
    thread.start()
    thread.join()
    there = seen[0]
    assert here._cache is there._cache
    assert here._cache.get_client() is there._cache.get_client(write=True)


def test_an_outage_seen_by_one_thread_is_known_to_the_others():
    here = ResilientRedisCache("redis://127.0.0.1:1/1", CONFIG)
    assert here.get("nothing") is None  # nothing listens: the breaker opens
    there = ResilientRedisCache("redis://127.0.0.1:1/1", CONFIG)
    assert there.unavailable()
