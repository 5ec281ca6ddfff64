"""How a change reaches every server process: in-process, PostgreSQL NOTIFY or Redis pub/sub.

`LIVE_BROKER` chooses. Whatever the broker, a notification only wakes each process's hub
(live/hub.py), which reads the new events from the database: a lost notification delays an
entry by the hub's safety poll, never loses it.
"""

import logging

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

PG_CHANNEL = "rotative_live"
REDIS_CHANNEL = "rotative:live"

_redis = None


def kind() -> str:
    return settings.LIVE_BROKER


def announce(*, event_id: int) -> None:
    """Tell every process that events up to `event_id` exist (called after commit)."""
    from rotative.live.hub import hub

    try:
        if kind() == "postgres":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [PG_CHANNEL, str(event_id)])
        elif kind() == "redis":
            _redis_client().publish(REDIS_CHANNEL, str(event_id))
    except Exception:  # the safety poll delivers it anyway
        logger.warning("Live event %s could not be announced", event_id, exc_info=True)
    hub.wake_threadsafe()  # this process's readers at once, whatever the broker


def _redis_client():
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL)
    return _redis


async def listen(wake) -> None:
    """Call `wake()` on every announcement from another process; returns never (or raises)."""
    if kind() == "postgres":
        await _listen_postgres(wake)
    elif kind() == "redis":
        await _listen_redis(wake)


async def _listen_postgres(wake) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=str(db.get("PORT") or "") or None,
    )
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        await conn.execute(f"LISTEN {PG_CHANNEL}")
        async for _notify in conn.notifies():
            wake()


async def _listen_redis(wake) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(settings.REDIS_URL)
    async with client.pubsub() as pubsub:
        await pubsub.subscribe(REDIS_CHANNEL)
        async for message in pubsub.listen():
            if message.get("type") == "message":
                wake()
