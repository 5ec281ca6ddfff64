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

logger = logging.getLogger(__name__)

QUEUE_SIZE = 256


class Subscription:
    __slots__ = ("channel", "queue", "overflowed")

    def __init__(self, channel: str):
        self.channel = channel
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_SIZE)
        self.overflowed = False


class Hub:
    def __init__(self):
        self.subscriptions: dict[str, set[Subscription]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.last_seen = 0
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []

    # --- streams -----------------------------------------------------------------------

    async def subscribe(self, channel: str) -> Subscription:
        await self._ensure_running()
        subscription = Subscription(channel)
        self.subscriptions[channel].add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self.subscriptions[subscription.channel].discard(subscription)

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
        if self.loop is loop and self._tasks:
            return
        self.loop, self._wake = loop, asyncio.Event()
        self.subscriptions.clear()
        self.last_seen = await sync_to_async(
            selectors.last_event_id_closing, thread_sensitive=False
        )()
        self._tasks = [loop.create_task(self._deliver_forever())]
        if broker.kind() != "inprocess":
            self._tasks.append(loop.create_task(self._listen_forever()))

    async def _listen_forever(self) -> None:
        while True:
            try:
                await broker.listen(self._wake.set)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live broker connection lost; retrying", exc_info=True)
            self._wake.set()  # catch up on whatever came meanwhile
            await asyncio.sleep(2)

    async def _deliver_forever(self) -> None:
        poll = settings.LIVE_SAFETY_POLL_SECONDS
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)
            self._wake.clear()
            try:
                await self._deliver()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Live events could not be delivered; retrying")
                await asyncio.sleep(1)

    async def _deliver(self) -> None:
        messages = await sync_to_async(selectors.messages_after_closing, thread_sensitive=False)(
            last_id=self.last_seen
        )
        for message in messages:
            self.last_seen = max(self.last_seen, message.id)
            for subscription in list(self.subscriptions.get(message.channel, ())):
                try:
                    subscription.queue.put_nowait(message)
                except asyncio.QueueFull:
                    subscription.overflowed = True
        if len(messages) == selectors.REPLAY_LIMIT:
            self._wake.set()  # more to read


hub = Hub()
