"""Wire desk workflows: ingest deliveries, store dispatches, publish, update and kill articles."""

from rotative.wire.services.dispatches import (
    NoSectionError,
    article_update_from_dispatch,
    dispatch_apply,
    dispatch_publish,
    dispatch_store,
    section_for,
)
from rotative.wire.services.ingest import (
    MAX_FILE_BYTES,
    IngestReport,
    quarantine_file,
    wire_ingest_bytes,
    wire_ingest_path,
)
from rotative.wire.services.sources import wire_source_run, wire_sources_due

__all__ = [
    "MAX_FILE_BYTES",
    "IngestReport",
    "NoSectionError",
    "article_update_from_dispatch",
    "dispatch_apply",
    "dispatch_publish",
    "dispatch_store",
    "quarantine_file",
    "section_for",
    "wire_ingest_bytes",
    "wire_ingest_path",
    "wire_source_run",
    "wire_sources_due",
]
