"""A batch of deliveries read ahead, and its plain new stories written together.

`wire_ingest_path` takes files by batches (services.ingest). Before taking them in turn,
`deliveries_prepare` reads, hashes and parses them all and asks, in one query each, which
were received already and which of their stories are known: a file received before costs no
query of its own, and a delivery whose every story is the first version of a guid nobody
knows, met once in the batch, and that its rules publish now, hold or leave pending (the
wire's common case) is `bulk`. `new_stories_write` writes a run of such deliveries together:
their articles by section in a dozen statements (news.services.articles_publish_new), their
dispatches and received files in one insert each, where each delivery alone took about
twenty-eight.

Any other delivery goes through `wire_ingest_bytes` at its turn, the run before it written
first, so the batch's writes keep the order of its files (a guid's versions, recurring
headlines' slugs). A story met twice in the batch, an update, a picture to fetch, an embargo:
none is bulk.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rotative.news import services as news_services
from rotative.news.models import SectionPage
from rotative.newsletter.services import alerts_gathered
from rotative.wire import guard
from rotative.wire.models import Dispatch, ReceivedFile, WireSource
from rotative.wire.parsing import WireItem, WireParseError, parse
from rotative.wire.services import dispatches as desk

# A delivery read ahead is kept in memory until parsed if no larger; a larger one is read
# again (the batch's fifty files never held at once).
KEEP_BYTES = 1024 * 1024


@dataclass
class Delivery:
    path: Path
    sha256: str = ""
    # Received before the batch: a duplicate, at no cost.
    received: bool = False
    # Its dispatches, not saved yet, and what becomes of each (status, section it is
    # published in): set when it is written with the others (`bulk`).
    dispatches: list[Dispatch] = field(default_factory=list)
    plans: list[tuple[str, SectionPage | None]] = field(default_factory=list)

    @property
    def bulk(self) -> bool:
        return bool(self.dispatches)


@dataclass
class _Read:
    delivery: Delivery
    state: str  # "read", "huge" (quarantined unread at its turn) or "unread"
    data: bytes | None = None
    items: list[WireItem] | None = None
    repeat: bool = False  # the same bytes as a file before it in the batch


def deliveries_prepare(
    files: list[Path], *, source: WireSource | None, root: Path | None, max_bytes: int
) -> list[Delivery]:
    """The batch's deliveries, those received already and those written in bulk known."""
    reads = [_read_ahead(Delivery(path=path), root=root, max_bytes=max_bytes) for path in files]
    hashes = {read.delivery.sha256 for read in reads if read.state == "read"}
    received = set(ReceivedFile.objects.filter(sha256__in=hashes).values_list("sha256", flat=True))
    # Deliveries after one that could not be read ahead are left to their turn: it may hold
    # a version of their stories that no count below would see.
    blind_from = len(reads)
    seen = set()
    for index, read in enumerate(reads):
        delivery = read.delivery
        if read.state == "huge":
            continue
        if read.state == "unread":
            blind_from = min(blind_from, index)
            continue
        if delivery.sha256 in received:
            delivery.received = True
            continue
        read.repeat = delivery.sha256 in seen
        seen.add(delivery.sha256)
        try:
            read.items = parse(_bytes_of(read))
        except WireParseError:  # quarantined at its turn: no story
            pass
        except Exception:  # noqa: BLE001 (it fails again at its turn, where it is reported)
            blind_from = min(blind_from, index)
        read.data = None
    guids = Counter(item.guid for read in reads for item in read.items or ())
    known = set(Dispatch.objects.filter(guid__in=list(guids)).values_list("guid", flat=True))
    for read in reads[:blind_from]:
        if not read.items or read.repeat:
            continue
        if any(
            guids[item.guid] > 1 or item.guid in known or len(item.guid) > 255
            for item in read.items
        ):
            continue
        dispatches = [desk.dispatch_build(item=item, source=source) for item in read.items]
        plans = [desk.dispatch_plan_new(dispatch=dispatch) for dispatch in dispatches]
        if all(plan is not None for plan in plans):
            read.delivery.dispatches, read.delivery.plans = dispatches, plans
    return [read.delivery for read in reads]


def _read_ahead(delivery: Delivery, *, root: Path | None, max_bytes: int) -> _Read:
    """The checks of services.ingest._ingest_file, in the same order; what fails here fails
    again at the file's turn, where it is reported."""
    try:
        if root is not None:
            guard.file_check(delivery.path, root=root)
        if delivery.path.stat().st_size > max_bytes:
            return _Read(delivery, "huge")
        data = guard.file_read(delivery.path)
    except Exception:  # noqa: BLE001
        return _Read(delivery, "unread")
    delivery.sha256 = hashlib.sha256(data).hexdigest()
    return _Read(delivery, "read", data=data if len(data) <= KEEP_BYTES else None)


def _bytes_of(read: _Read) -> bytes:
    if read.data is not None:
        return read.data
    data = guard.file_read(read.delivery.path)
    if hashlib.sha256(data).hexdigest() != read.delivery.sha256:
        raise ValueError(f"{read.delivery.path} changed while the batch was read")
    return data


def new_stories_write(
    deliveries: list[Delivery], *, source: WireSource | None
) -> dict[Path, tuple[int, int]]:
    """Write `bulk` deliveries (in the caller's transaction; a failure leaves them all to be
    written one by one): per delivery, its items and how many were published."""
    by_section: dict[int, tuple[SectionPage, list]] = {}
    for delivery in deliveries:
        for dispatch, (status, section) in zip(delivery.dispatches, delivery.plans, strict=True):
            dispatch.status = status
            if status == Dispatch.Status.PUBLISHED:
                slug = desk.slug_base(dispatch=dispatch)
                article = desk.article_build(dispatch=dispatch, slug=slug)
                by_section.setdefault(section.pk, (section, []))[1].append((dispatch, article))
    # The alerts of the stories (newsletter, on page_published) in one insert for the run.
    with alerts_gathered():
        for section, pairs in by_section.values():
            news_services.articles_publish_new(
                section=section, articles=[article for _dispatch, article in pairs]
            )
            for dispatch, article in pairs:
                dispatch.article = article
    Dispatch.objects.bulk_create([d for delivery in deliveries for d in delivery.dispatches])
    ReceivedFile.objects.bulk_create(
        [
            ReceivedFile(
                sha256=delivery.sha256,
                filename=delivery.path.name[:500],
                source=source,
                items=len(delivery.dispatches),
            )
            for delivery in deliveries
        ]
    )
    return {
        delivery.path: (
            len(delivery.dispatches),
            sum(d.status == Dispatch.Status.PUBLISHED for d in delivery.dispatches),
        )
        for delivery in deliveries
    }
