"""Sources: a drop folder or an HTTP(S) feed, polled on their interval."""

import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.utils import timezone

from rotative.wire import guard
from rotative.wire.models import WireSource
from rotative.wire.services.ingest import (
    MAX_FILE_BYTES,
    IngestReport,
    wire_ingest_bytes,
    wire_ingest_path,
)

logger = logging.getLogger(__name__)


def wire_source_run(*, source: WireSource) -> IngestReport:
    """One pass over a source; its last run, item count and error are recorded on it."""
    try:
        if source.kind == WireSource.Kind.FOLDER:
            # Checked at each pass, not only when saved: the root may have moved, or a symlink
            # on the way may now point elsewhere.
            folder = guard.folder_resolve(source.path)
            report = wire_ingest_path(
                path=folder, source=source, move_ingested=True, root=guard.drop_root()
            )
        else:
            report = _poll_http(source)
        error = "\n".join(report.errors)
    except guard.SourceRefused as exc:
        report, error = IngestReport(), str(exc)
        logger.warning("Wire source %s refused: %s", source, error)
    except Exception as exc:  # noqa: BLE001 (shown on the source; the next poll retries)
        report, error = IngestReport(), f"{type(exc).__name__} : {exc}"
        logger.warning(
            "Wire source %s failed: %s", source, error, exc_info=not isinstance(exc, OSError)
        )
    WireSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now(), last_items=report.items, last_error=error[:5000]
    )
    return report


def _poll_http(source: WireSource) -> IngestReport:
    """Conditional GET of the source's URL: an unchanged feed costs a 304 and nothing more."""
    request = urllib.request.Request(  # noqa: S310 (guard.source_open checks the scheme)
        source.url, headers={"User-Agent": "Rotative wire desk"}
    )
    if source.http_etag:
        request.add_header("If-None-Match", source.http_etag)
    if source.http_last_modified:
        request.add_header("If-Modified-Since", source.http_last_modified)
    try:
        with guard.source_open(request, timeout=30) as response:
            data = response.read(MAX_FILE_BYTES + 1)
            etag = response.headers.get("ETag", "")
            last_modified = response.headers.get("Last-Modified", "")
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return IngestReport()
        raise OSError(f"HTTP {error.code} {error.reason}") from error
    filename = source.url.rsplit("/", 1)[-1][:200] or source.name
    report = wire_ingest_bytes(data=data, filename=filename, source=source)
    WireSource.objects.filter(pk=source.pk).update(
        http_etag=etag[:200], http_last_modified=last_modified[:100]
    )
    return report


def wire_sources_due(*, now=None):
    """Enabled sources whose polling interval has elapsed."""
    now = now or timezone.now()
    return [
        source
        for source in WireSource.objects.filter(enabled=True)
        if source.last_run_at is None
        or source.last_run_at + timedelta(minutes=source.poll_minutes) <= now
    ]
