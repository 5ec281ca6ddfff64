"""Deliveries: files in, dispatches stored and applied, bad files quarantined."""

import hashlib
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction

from rotative.core.batching import batched
from rotative.core.indexing import index_updates_deferred
from rotative.wire import guard
from rotative.wire.models import Dispatch, QuarantinedFile, ReceivedFile, WireSource
from rotative.wire.parsing import WireParseError, parse
from rotative.wire.services import batch
from rotative.wire.services.dispatches import (
    dispatch_apply,
    dispatch_caches,
    dispatch_store,
    tags_forget,
)

logger = logging.getLogger(__name__)

# Larger deliveries are quarantined unread (the parser refuses them too).
MAX_FILE_BYTES = 20 * 1024 * 1024

# Files per transaction in wire_ingest_path: the section's row stays locked (as Wagtail's
# add_child locks it) for one batch, about a second at a hundred items a second.
BATCH_FILES = 50

# Where a source's drop folder keeps the files it has taken in (a hidden folder: never listed).
INGESTED_DIR = ".ingested"


@dataclass
class IngestReport:
    files: int = 0
    items: int = 0
    duplicates: int = 0
    published: int = 0
    quarantined: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "IngestReport") -> None:
        for name in ("files", "items", "duplicates", "published", "quarantined", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def wire_ingest_bytes(*, data: bytes, filename: str = "", source: WireSource | None = None):
    """Ingest one delivery, all of it or nothing. Bad input is quarantined with its reason."""
    sha256 = hashlib.sha256(data).hexdigest()
    # A file already received costs one read, no savepoint: a poll of a folder whose files
    # stay in place (read-only drop folders) finds them all again. Received meanwhile by
    # another process, it fails on ReceivedFile's unique hash and is taken for a duplicate
    # at the next pass.
    if ReceivedFile.objects.filter(sha256=sha256).exists():
        return IngestReport(files=1, duplicates=1)
    with transaction.atomic():
        return _ingest_new_bytes(data=data, filename=filename, source=source, sha256=sha256)


def _ingest_new_bytes(*, data: bytes, filename: str, source, sha256: str) -> IngestReport:
    report = IngestReport(files=1)
    try:
        items = parse(data)
    except WireParseError as error:
        quarantine_file(
            data=data, filename=filename, source=source, reason=error.reason, sha256=sha256
        )
        # Seen once is enough: the next polls of the folder skip it without parsing it again.
        ReceivedFile.objects.create(sha256=sha256, filename=filename[:500], source=source, items=0)
        report.quarantined += 1
        report.errors.append(f"{filename or sha256[:12]} : {error.reason}")
        return report
    for item in items:
        dispatch = dispatch_store(item=item, source=source)
        if dispatch is None:
            report.duplicates += 1
            continue
        report.items += 1
        if dispatch_apply(dispatch=dispatch) in (
            Dispatch.Status.PUBLISHED,
            Dispatch.Status.SCHEDULED,
        ):
            report.published += 1
    ReceivedFile.objects.create(
        sha256=sha256, filename=filename[:500], source=source, items=len(items)
    )
    return report


def wire_ingest_path(
    *,
    path: Path,
    source: WireSource | None = None,
    move_ingested: bool = False,
    root: Path | None = None,
) -> IngestReport:
    """Ingest a file, or every file of a folder (oldest first); one failing file stops nothing.

    A file that fails for another reason than its content (a database error, a bug) is rolled
    back, left where it is and retried on the next pass. With `move_ingested`, files taken in
    or quarantined go to the folder's `.ingested/`, so the next poll does not read them again.
    With `root` (a source's drop folder), a file that is a symlink or lies outside it is
    refused and left alone.

    Files are taken in by batches of BATCH_FILES, one transaction each, every file in a
    savepoint of its own: one commit (and its fsync) per batch instead of one per file, and
    the search index updated once per batch, after the commit.
    """
    report = IngestReport()
    files = (
        [path]
        if path.is_file()
        else sorted(
            (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")),
            key=lambda p: (p.stat().st_mtime, p.name),
        )
    )
    for start in range(0, len(files), BATCH_FILES):
        report.add(
            _ingest_batch(
                files[start : start + BATCH_FILES],
                source=source,
                move_ingested=move_ingested,
                root=root,
            )
        )
    return report


class BatchRolledBack(Exception):
    """The batch's transaction was marked for rollback: none of its files were kept."""


def _ingest_batch(files: list[Path], *, source, move_ingested: bool, root) -> IngestReport:
    outcomes = {}
    try:
        with transaction.atomic(), index_updates_deferred(), batched(), dispatch_caches():
            deliveries = batch.deliveries_prepare(
                files, source=source, root=root, max_bytes=MAX_FILE_BYTES
            )
            run = []  # bulk deliveries in a row, written together before any other file
            for delivery in deliveries:
                if delivery.received:
                    outcomes[delivery.path] = IngestReport(files=1, duplicates=1), True
                elif delivery.bulk:
                    run.append(delivery)
                else:
                    outcomes |= _bulk_write(run, source=source, root=root)
                    run = []
                    outcomes[delivery.path] = _ingest_file(delivery.path, source=source, root=root)
            outcomes |= _bulk_write(run, source=source, root=root)
            if transaction.get_rollback():  # a savepoint could not be rolled back: all is lost
                raise BatchRolledBack("la transaction du lot a été annulée")
    except Exception as error:  # noqa: BLE001 (the commit failed: every file is retried later)
        logger.exception("Wire batch of %s files rolled back, left in place", len(files))
        report = IngestReport()
        for file_path in files:
            outcome = IngestReport(files=1, failed=1)
            outcome.errors.append(f"{file_path.name} : {type(error).__name__} : {error}")
            report.add(outcome)
        return report
    report = IngestReport()
    for file_path in files:
        outcome, taken = outcomes[file_path]
        if taken and move_ingested:
            _move_aside(file_path)
        report.add(outcome)
    return report


def _bulk_write(run: list, *, source, root) -> dict[Path, tuple[IngestReport, bool]]:
    """A run of new stories written together in a savepoint (services.batch); if that
    fails, for whatever reason, the savepoint is rolled back and each file of the run is
    taken in by itself, as any other: a bad story undoes only its own file."""
    if not run:
        return {}
    try:
        with transaction.atomic():
            written = batch.new_stories_write(run, source=source)
    except Exception:  # noqa: BLE001 (redone file by file, each failure reported there)
        logger.exception("Wire run of %s new stories failed together, taken one by one", len(run))
        tags_forget()
        return {d.path: _ingest_file(d.path, source=source, root=root) for d in run}
    return {
        path: (IngestReport(files=1, items=items, published=published), True)
        for path, (items, published) in written.items()
    }


def _ingest_file(file_path: Path, *, source, root) -> tuple[IngestReport, bool]:
    """One delivery in its savepoint: its report, and whether it was taken in (to move aside)."""
    try:
        if root is not None:
            guard.file_check(file_path, root=root)
        if file_path.stat().st_size > MAX_FILE_BYTES:
            with transaction.atomic():  # its savepoint
                return _quarantine_huge(file_path, source), True
        # Its own savepoint (wire_ingest_bytes is atomic): a failure undoes this file only.
        report = wire_ingest_bytes(
            data=guard.file_read(file_path), filename=file_path.name, source=source
        )
        return report, True
    except guard.SourceRefused as error:
        logger.warning("Wire file %s refused: %s", file_path, error)
        outcome = IngestReport(files=1, failed=1)
        outcome.errors.append(f"{file_path.name} : {error}")
        return outcome, False
    except Exception as error:  # noqa: BLE001 (one delivery must not stop the others)
        logger.exception("Wire file %s failed, left in place for the next pass", file_path)
        tags_forget()
        outcome = IngestReport(files=1, failed=1)
        outcome.errors.append(f"{file_path.name} : {type(error).__name__} : {error}")
        return outcome, False


def _move_aside(file_path: Path) -> None:
    done = file_path.parent / INGESTED_DIR
    target, n = done / file_path.name, 1
    while target.exists():  # agencies reuse names: keep every delivery
        target, n = done / f"{file_path.stem}.{n}{file_path.suffix}", n + 1
    try:
        done.mkdir(exist_ok=True)
        shutil.move(file_path, target)
    except OSError as error:  # a read-only drop folder: the file is skipped by its hash instead
        logger.warning("Could not move %s aside: %s", file_path, error)


def _quarantine_huge(file_path: Path, source) -> IngestReport:
    """Too big to parse safely: kept as delivered, never read into memory."""
    digest = hashlib.sha256()
    with file_path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    sha256 = digest.hexdigest()
    report = IngestReport(files=1)
    if QuarantinedFile.objects.filter(sha256=sha256).exists():
        report.duplicates += 1
        return report
    reason = (
        f"Fichier trop volumineux ({file_path.stat().st_size:,} octets ; "
        f"au plus {MAX_FILE_BYTES:,}).".replace(",", "\u202f")
    )
    record = QuarantinedFile(
        source=source,
        filename=file_path.name,
        reason=reason,
        sha256=sha256,
        size=file_path.stat().st_size,
    )
    with file_path.open("rb") as handle:
        record.original.save(file_path.name, File(handle), save=True)
    report.quarantined += 1
    report.errors.append(f"{file_path.name} : {reason}")
    return report


def quarantine_file(
    *, data: bytes, filename: str, source, reason: str, sha256: str
) -> QuarantinedFile:
    existing = QuarantinedFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    record = QuarantinedFile(
        source=source, filename=filename[:500], reason=reason, sha256=sha256, size=len(data)
    )
    record.original.save(Path(filename).name or f"{sha256[:16]}.xml", ContentFile(data), save=True)
    logger.warning("Wire file quarantined: %s (%s)", filename, reason)
    return record
