"""One hub per server process: it learns of new events and hands them to every open stream.

The hub reads each new event once from the database and renders it once; every connection of
the process gets the same bytes. Connections whose queue overflows are closed: the browser
reconnects with Last-Event-ID and replays what it missed from the database.
"""

import asyncio
import contextlib
import logging
from collections import defaultdict

from asgiref.sync import sync_to_async
from django.conf import settings

from rotative.live import broker, selectors
from rotative.ops import metrics

logger = logging.getLogger(__name__)

QUEUE_SIZE = 256
HEARTBEAT_SECONDS = 15

# Queued besides messages: a comment line that keeps proxies from closing an idle stream,
# and the end of a stream whose reader went away.
PING = object()
CLOSE = object()


class Subscription:
    __slots__ = ("channel", "queue", "overflowed")

    def __init__(self, channel: str):
        self.channel = channel
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.overflowed = False

    def offer(self, item) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            self.overflowed = True  # the stream ends once drained; the browser replays

    def close(self) -> None:
        self.offer(CLOSE)


class Hub:
    def __init__(self):
        self.subscriptions: dict[str, set[Subscription]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.last_seen = 0
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []
        self._starting: asyncio.Lock | None = None

    # --- streams -----------------------------------------------------------------------

    async def subscribe(self, channel: str) -> Subscription:
        await self._ensure_running()
        subscription = Subscription(channel)
        self.subscriptions[channel].add(subscription)
        metrics.live_connections_set(self.connections())
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self.subscriptions[subscription.channel].discard(subscription)
        metrics.live_connections_set(self.connections())

    def stop(self) -> None:
        """Forget the loop (its tasks end with it) and its streams, which ended with it: the
        next stream starts afresh."""
        self.loop = None
        self._tasks = []
        self.subscriptions.clear()
        metrics.live_connections_set(0)

    def connections(self) -> int:
        return sum(len(subs) for subs in self.subscriptions.values())

    # --- waking ------------------------------------------------------------------------

    def wake_threadsafe(self) -> None:
        """From any thread of this process: new events may exist."""
        loop, wake = self.loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(wake.set)

    async def _ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # first stream of this server (or of a test's new loop)
            self.loop, self._wake, self._starting = loop, asyncio.Event(), asyncio.Lock()
            self._tasks = []
            self.subscriptions.clear()
        if self._tasks:
            return
        # Streams arriving together on a fresh server wait for one start: one delivery loop
        # and one broker connection per process, never one per stream.
        async with self._starting:
            if self._tasks:
                return
            self.last_seen = await sync_to_async(
                selectors.last_event_id_closing, thread_sensitive=False
            )()
            tasks = [loop.create_task(self._deliver_forever()), loop.create_task(self._beat())]
            if broker.kind() != "inprocess":
                tasks.append(loop.create_task(self._listen_forever()))
            self._tasks = tasks

    async def _listen_forever(self) -> None:
        loop, wake = self.loop, self._wake
        while self.loop is loop:
            try:
                await broker.listen(wake.set)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live broker connection lost; retrying", exc_info=True)
            wake.set()  # catch up on whatever came meanwhile
            await asyncio.sleep(2)

    async def _beat(self) -> None:
        loop = self.loop
        while self.loop is loop:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            for subscriptions in list(self.subscriptions.values()):
                for subscription in list(subscriptions):
                    subscription.offer(PING)

    async def _deliver_forever(self) -> None:
        poll = settings.LIVE_SAFETY_POLL_SECONDS
        loop, wake = self.loop, self._wake
        while self.loop is loop:  # a hub restarted on another loop (tests) ends this one
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=poll)
            wake.clear()
            if self.loop is not loop:
                return
            try:
                await self._deliver()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live events could not be delivered; retrying")
                await asyncio.sleep(1)

    async def _deliver(self) -> None:
        batch = await sync_to_async(selectors.message_batch_after_closing, thread_sensitive=False)(
            last_id=self.last_seen
        )
        for message in batch.messages:
            for subscription in list(self.subscriptions.get(message.channel, ())):
                subscription.offer(message)
        self.last_seen = max(self.last_seen, batch.last_read)
        for channel in batch.private_channels:
            # A blog unpublished or made private while pages follow it: their streams end,
            # and the reconnection is refused.
            for subscription in list(self.subscriptions.get(channel, ())):
                subscription.close()
        if batch.full and self._wake is not None:
            self._wake.set()  # more to read


hub = Hub()
