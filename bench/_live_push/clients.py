"""Stream clients, run in spawned worker processes: each an asyncio loop of plain protocol
objects (no HTTP library, no Django), driven by the bench through a pipe."""

from __future__ import annotations

import array
import asyncio
import contextlib
import errno
import multiprocessing
import time
from collections import Counter

from _live_push.server import proc_cpu_seconds, raise_nofile

STREAM_PATH = "/en-direct/flux/?canal=site"


def now() -> float:
    # CLOCK_MONOTONIC is one clock for every process of the machine: the publisher's and the
    # clients' timestamps compare directly.
    return time.monotonic()


class StreamClient(asyncio.Protocol):
    """One SSE connection: HTTP/1.1 response head, chunked body, `\\n\\n`-separated frames."""

    __slots__ = (
        "request",
        "ready",
        "transport",
        "raw",
        "body",
        "head_done",
        "chunked",
        "recv",
        "dups",
        "pings",
        "closed",
        "ended",
    )

    def __init__(self, request: bytes, ready: asyncio.Future):
        self.request = request
        self.ready = ready
        self.transport = None
        self.raw = bytearray()
        self.body = bytearray()
        self.head_done = False
        self.chunked = False
        self.recv: dict[int, float] = {}
        self.dups = 0
        self.pings = 0
        self.closed = False
        self.ended = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def _fail(self, reason: str) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(reason))
        if self.transport is not None:
            self.transport.close()

    def data_received(self, data):
        t = now()
        raw = self.raw
        raw += data
        if not self.head_done:
            end = raw.find(b"\r\n\r\n")
            if end < 0:
                if len(raw) > 65536:
                    self._fail("response head too long")
                return
            head = bytes(raw[:end]).decode("latin-1").lower()
            del raw[: end + 4]
            parts = head.split(" ", 2)
            status = parts[1] if len(parts) > 1 else "?"
            if status != "200":
                self._fail(f"HTTP {status}")
                return
            self.chunked = "transfer-encoding: chunked" in head
            self.head_done = True
        body = self.body
        if self.chunked:
            while True:
                eol = raw.find(b"\r\n")
                if eol < 0:
                    break
                size = int(bytes(raw[:eol]).split(b";")[0], 16)
                if size == 0:
                    self.ended = True
                    del raw[:]
                    break
                start = eol + 2
                if len(raw) < start + size + 2:
                    break
                body += raw[start : start + size]
                del raw[: start + size + 2]
        else:
            body += raw
            del raw[:]
        while True:
            cut = body.find(b"\n\n")
            if cut < 0:
                break
            frame = bytes(body[:cut])
            del body[: cut + 2]
            if frame.startswith(b"id: "):
                event_id = int(frame[4 : frame.find(b"\n")])
                if event_id in self.recv:
                    self.dups += 1
                else:
                    self.recv[event_id] = t
            elif frame.startswith(b"retry:"):
                if not self.ready.done():
                    self.ready.set_result(t)
            elif frame.startswith(b":"):
                self.pings += 1

    def connection_lost(self, exc):
        self.closed = True
        if not self.ready.done():
            self.ready.set_exception(
                ConnectionError("closed before retry" + (f": {exc}" if exc else ""))
            )


class ClientWorker:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.request = (
            f"GET {STREAM_PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n"
            "User-Agent: rotative-live-bench\r\n\r\n"
        ).encode("ascii")
        self.clients: list[StreamClient] = []

    async def _open_one(self, timeout: float):
        loop = asyncio.get_running_loop()
        ready = loop.create_future()
        started = now()
        try:
            transport, proto = await asyncio.wait_for(
                loop.create_connection(
                    lambda: StreamClient(self.request, ready), self.host, self.port
                ),
                timeout,
            )
        except TimeoutError:
            return False, "connect timeout", None
        except OSError as error:
            name = errno.errorcode.get(error.errno or 0, type(error).__name__)
            return False, f"connect {name}", None
        try:
            await asyncio.wait_for(ready, max(0.1, timeout - (now() - started)))
        except TimeoutError:
            transport.close()
            return False, f"no retry line within {timeout:.0f} s", None
        except ConnectionError as error:
            transport.close()
            return False, str(error), None
        self.clients.append(proto)
        return True, None, now() - started

    async def open(self, n: int, batch: int, timeout: float) -> dict:
        started = now()
        failures: Counter = Counter()
        times: list[float] = []
        attempted = 0
        for offset in range(0, n, batch):
            size = min(batch, n - offset)
            attempted += size
            results = await asyncio.gather(*(self._open_one(timeout) for _ in range(size)))
            batch_failed = 0
            for ok, reason, took in results:
                if ok:
                    times.append(took)
                else:
                    failures[reason] += 1
                    batch_failed += 1
            if batch_failed > size // 2:
                break  # the server refuses: no point hammering it further
        return {
            "asked": n,
            "attempted": attempted,
            "opened": len(times),
            "failures": dict(failures),
            "seconds": now() - started,
            "connect_ms": [round(t * 1000, 2) for t in times],
        }

    def reset(self) -> dict:
        dropped = sum(1 for c in self.clients if c.closed)
        self.clients = [c for c in self.clients if not c.closed]
        for client in self.clients:
            client.recv = {}
            client.dups = 0
        return {"held": len(self.clients), "dropped_before": dropped}

    async def collect(self, published: dict[int, float], timeout: float) -> dict:
        ids = sorted(published)
        clients = list(self.clients)
        started = now()
        deadline = started + timeout
        while now() < deadline:
            if all(c.closed or all(i in c.recv for i in ids) for c in clients):
                break
            await asyncio.sleep(0.2)
        waited = now() - started
        latencies = array.array("d")
        per_event = {i: [0, None, None] for i in ids}  # receipts, min, max latency (s)
        missed = dropped = incomplete = dups = 0
        for client in clients:
            dropped += client.closed
            dups += client.dups
            got_all = True
            for i in ids:
                t = client.recv.get(i)
                if t is None:
                    missed += 1
                    got_all = False
                    continue
                lat = t - published[i]
                latencies.append(lat)
                stat = per_event[i]
                stat[0] += 1
                stat[1] = lat if stat[1] is None else min(stat[1], lat)
                stat[2] = lat if stat[2] is None else max(stat[2], lat)
            incomplete += not got_all
        return {
            "connections": len(clients),
            "latencies": latencies.tobytes(),
            "per_event": per_event,
            "missed": missed,
            "dropped": dropped,
            "incomplete_connections": incomplete,
            "duplicates": dups,
            "waited_s": round(waited, 2),
            "pings": sum(c.pings for c in clients),
        }

    async def close_all(self) -> dict:
        for client in self.clients:
            if client.transport is not None:
                client.transport.close()
        count = len(self.clients)
        self.clients = []
        await asyncio.sleep(0.5)
        return {"closed": count}

    async def serve(self, conn) -> None:
        loop = asyncio.get_running_loop()
        while True:
            command, kwargs = await loop.run_in_executor(None, conn.recv)
            if command == "exit":
                await self.close_all()
                conn.send({"ok": True})
                return
            try:
                if command == "open":
                    result = await self.open(**kwargs)
                elif command == "reset":
                    result = self.reset()
                elif command == "collect":
                    result = await self.collect(**kwargs)
                elif command == "close_all":
                    result = await self.close_all()
                else:
                    result = {"error": f"unknown command {command}"}
            except Exception as error:  # noqa: BLE001 - reported to the parent
                result = {"error": f"{type(error).__name__}: {error}"}
            conn.send(result)


def client_worker_main(conn, host: str, port: int) -> None:
    raise_nofile()
    worker = ClientWorker(host, port)
    try:
        import uvloop

        uvloop.run(worker.serve(conn))
    except ImportError:
        asyncio.run(worker.serve(conn))


class Clients:
    """The parent's handle on the worker processes."""

    def __init__(self, count: int, host: str, port: int):
        ctx = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for _ in range(count):
            parent, child = ctx.Pipe()
            process = ctx.Process(target=client_worker_main, args=(child, host, port), daemon=True)
            process.start()
            child.close()
            self.pipes.append(parent)
            self.processes.append(process)

    def call(self, command: str, per_worker: list[dict] | None = None, **kwargs) -> list[dict]:
        args = per_worker or [kwargs] * len(self.pipes)
        for pipe, kw in zip(self.pipes, args, strict=True):
            pipe.send((command, kw))
        results = [pipe.recv() for pipe in self.pipes]
        for result in results:
            if isinstance(result, dict) and result.get("error"):
                raise RuntimeError(f"client worker: {result['error']}")
        return results

    def cpu_seconds(self) -> float:
        return sum(proc_cpu_seconds(p.pid) or 0.0 for p in self.processes)

    def stop(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError, EOFError, BrokenPipeError):
                pipe.send(("exit", {}))
        for pipe in self.pipes:
            with contextlib.suppress(OSError, EOFError):
                if pipe.poll(5):
                    pipe.recv()
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(2)
