"""Wire desk workflows: ingest deliveries, store dispatches, publish, update and kill articles."""

import hashlib
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rotative.news.models import ArticlePage, SectionPage
from rotative.wire import conversion
from rotative.wire.models import (
    Dispatch,
    PublishingRule,
    QuarantinedFile,
    ReceivedFile,
    TopicMapping,
    WireSource,
)
from rotative.wire.parsing import WireItem, WireParseError, parse
from rotative.wire.pictures import picture_import

logger = logging.getLogger(__name__)

# Larger deliveries are quarantined unread (the parser refuses them too).
MAX_FILE_BYTES = 20 * 1024 * 1024


class NoSectionError(Exception):
    """No section could be chosen for a dispatch: the editor must pick one."""


@dataclass
class IngestReport:
    files: int = 0
    items: int = 0
    duplicates: int = 0
    published: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "IngestReport") -> None:
        for name in ("files", "items", "duplicates", "published", "quarantined"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


# --- ingest ---------------------------------------------------------------------------------


def wire_ingest_bytes(*, data: bytes, filename: str = "", source: WireSource | None = None):
    """Ingest one delivery. Bad input is quarantined with its reason; nothing raises."""
    report = IngestReport(files=1)
    sha256 = hashlib.sha256(data).hexdigest()
    if ReceivedFile.objects.filter(sha256=sha256).exists():
        report.duplicates += 1
        return report
    try:
        items = parse(data)
    except WireParseError as error:
        quarantine_file(
            data=data, filename=filename, source=source, reason=error.reason, sha256=sha256
        )
        # Seen once is enough: the next polls of the folder skip it without parsing it again.
        ReceivedFile.objects.get_or_create(
            sha256=sha256, defaults={"filename": filename[:500], "source": source, "items": 0}
        )
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
    ReceivedFile.objects.get_or_create(
        sha256=sha256, defaults={"filename": filename[:500], "source": source, "items": len(items)}
    )
    return report


def wire_ingest_path(*, path: Path, source: WireSource | None = None) -> IngestReport:
    """Ingest a file, or every file of a folder (oldest first); one bad file stops nothing."""
    report = IngestReport()
    files = (
        [path]
        if path.is_file()
        else sorted(
            (p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")),
            key=lambda p: (p.stat().st_mtime, p.name),
        )
    )
    for file_path in files:
        if file_path.stat().st_size > MAX_FILE_BYTES:
            report.add(_quarantine_huge(file_path, source))
            continue
        report.add(
            wire_ingest_bytes(data=file_path.read_bytes(), filename=file_path.name, source=source)
        )
    return report


def _quarantine_huge(file_path: Path, source) -> IngestReport:
    """Too big to parse safely: kept as delivered, never read into memory."""
    from django.core.files import File

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


# --- dispatches -----------------------------------------------------------------------------


def dispatch_store(*, item: WireItem, source: WireSource | None) -> Dispatch | None:
    """Record one parsed item; None when this guid and version were already received."""
    if Dispatch.objects.filter(guid=item.guid, version=item.version).exists():
        return None
    data = asdict(item)
    return Dispatch.objects.create(
        source=source,
        guid=item.guid[:255],
        version=item.version,
        format=item.format,
        kind=item.kind,
        pub_status=item.pub_status,
        signals=list(item.signals),
        embargoed=item.embargoed,
        first_created=item.first_created,
        version_created=item.version_created,
        headline=item.headline[:500],
        slugline=item.slugline[:255],
        dateline=item.dateline[:255],
        located=item.located[:255],
        creditline=item.creditline[:255],
        byline=item.byline[:255],
        description=item.description,
        urgency=item.urgency,
        language=item.language[:20],
        provider=conversion.agency_of(item),
        subjects=data["subjects"],
        subject_codes=" ".join(s.qcode for s in item.subjects if s.qcode),
        genres=data["genres"],
        keywords=list(item.keywords),
        body_html=item.body_html,
        pictures=data["pictures"],
        links=data["links"],
    )


def _published_article(guid: str) -> ArticlePage | None:
    linked = Dispatch.objects.filter(guid=guid, article__isnull=False).order_by("-version").first()
    return linked.article if linked else None


@transaction.atomic
def dispatch_apply(*, dispatch: Dispatch) -> str:
    """What the agency asks for this version: publish by rule, update, hold or kill."""
    if Dispatch.objects.filter(guid=dispatch.guid, version__gt=dispatch.version).exists():
        return _set_status(dispatch, Dispatch.Status.SUPERSEDED)  # an older version arriving late
    article = _published_article(dispatch.guid)
    older = Dispatch.objects.filter(guid=dispatch.guid, version__lt=dispatch.version)
    older.exclude(status=Dispatch.Status.KILLED).update(status=Dispatch.Status.SUPERSEDED)

    if dispatch.is_kill or dispatch.pub_status == "withheld":
        if article is not None and article.live:
            article.unpublish()
        dispatch.article = article
        status = Dispatch.Status.KILLED if dispatch.is_kill else Dispatch.Status.WITHHELD
        return _set_status(dispatch, status)
    if dispatch.kind not in ("text", "composite"):
        return _set_status(dispatch, Dispatch.Status.PENDING)
    if article is not None:
        article_update_from_dispatch(article=article, dispatch=dispatch)
        return dispatch.status
    rule = next(
        (r for r in PublishingRule.objects.filter(enabled=True) if r.matches(dispatch)), None
    )
    if rule is not None:
        try:
            dispatch_publish(dispatch=dispatch, section=rule.section)
        except NoSectionError:
            logger.warning("Rule %s matched %s but no section is known", rule, dispatch.guid)
            return _set_status(dispatch, Dispatch.Status.PENDING)
        return dispatch.status
    return _set_status(dispatch, Dispatch.Status.PENDING)


def _set_status(dispatch: Dispatch, status: str) -> str:
    dispatch.status = status
    dispatch.save(update_fields=["status", "article"])
    return status


def section_for(*, dispatch: Dispatch, section: SectionPage | None = None) -> SectionPage:
    """The explicit section, else the first mapped media topic, else the source's default."""
    if section is not None:
        return section
    codes = dispatch.subject_codes.split()
    if codes:
        mappings = {
            m.qcode: m
            for m in TopicMapping.objects.filter(
                qcode__in=codes, section__isnull=False
            ).select_related("section")
        }
        for code in codes:
            if code in mappings:
                return mappings[code].section
    if dispatch.source_id and dispatch.source.default_section_id:
        return dispatch.source.default_section
    raise NoSectionError(dispatch.guid)


def _mapped_tags(dispatch: Dispatch) -> list[str]:
    tags = []
    for mapping in TopicMapping.objects.filter(qcode__in=dispatch.subject_codes.split()):
        tags += mapping.tag_list
    return list(dict.fromkeys(tags))


def _unique_slug(section: SectionPage, headline: str, guid: str) -> str:
    """A free slug in one query: recurring headlines (weather, markets) get -2, -3…"""
    base = slugify(headline)[:70] or slugify(guid)[-70:] or "depeche"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_fields(article: ArticlePage, dispatch: Dispatch) -> None:
    chapo, body = conversion.chapo_and_body(dispatch.description, dispatch.body_html)
    article.title = (dispatch.headline or dispatch.slugline or dispatch.guid)[:255]
    article.draft_title = article.title
    article.chapo = chapo or article.title
    article.body = body
    article.agency = dispatch.provider or "AFP"
    article.dateline = dispatch.located[:80]


@transaction.atomic
def dispatch_publish(
    *, dispatch: Dispatch, section: SectionPage | None = None, user=None, live=True
):
    """Make an article of the dispatch, published now (or at the embargo), or as a draft."""
    section = section_for(dispatch=dispatch, section=section)
    article = ArticlePage(slug=_unique_slug(section, dispatch.headline, dispatch.guid), live=False)
    _apply_fields(article, dispatch)
    if dispatch.embargoed and dispatch.embargoed > timezone.now():
        article.go_live_at = dispatch.embargoed
    if dispatch.pictures:
        article.lead_image = picture_import(dispatch.pictures[0], title=article.title)
    section.add_child(instance=article)
    tags = _mapped_tags(dispatch)
    if tags:
        article.tags.add(*tags)
    revision = article.save_revision(user=user, log_action=True)
    dispatch.article = article
    if not live:
        dispatch.save(update_fields=["article"])
        return article
    revision.publish(user=user)
    scheduled = article.go_live_at is not None
    _set_status(dispatch, Dispatch.Status.SCHEDULED if scheduled else Dispatch.Status.PUBLISHED)
    return article


def article_update_from_dispatch(*, article: ArticlePage, dispatch: Dispatch) -> None:
    """A new version from the agency: a new revision of the same page, same URL.

    Published only if the story is online (or scheduled); a draft an editor is working on,
    or a story taken offline, gets the new text as a draft and stays as it is.
    """
    page = article.get_latest_revision_as_object()
    online = article.live or article.latest_revision.approved_go_live_at is not None
    _apply_fields(page, dispatch)
    if dispatch.embargoed and dispatch.embargoed > timezone.now():
        page.go_live_at = dispatch.embargoed
    revision = page.save_revision(log_action=True)
    dispatch.article = article
    if not online:
        _set_status(dispatch, Dispatch.Status.PENDING)
        return
    revision.publish()
    scheduled = page.go_live_at is not None and page.go_live_at > timezone.now()
    _set_status(dispatch, Dispatch.Status.SCHEDULED if scheduled else Dispatch.Status.PUBLISHED)


# --- sources --------------------------------------------------------------------------------


def wire_source_run(*, source: WireSource) -> IngestReport:
    """One pass over a source; its last run, item count and error are recorded on it."""
    try:
        if source.kind == WireSource.Kind.FOLDER:
            report = wire_ingest_path(path=Path(source.path), source=source)
        else:
            report = _poll_http(source)
        error = "\n".join(report.errors)
    except OSError as exc:
        report, error = IngestReport(), f"{type(exc).__name__} : {exc}"
        logger.warning("Wire source %s failed: %s", source, error)
    WireSource.objects.filter(pk=source.pk).update(
        last_run_at=timezone.now(), last_items=report.items, last_error=error[:5000]
    )
    return report


def _poll_http(source: WireSource) -> IngestReport:
    """Conditional GET of the source's URL: an unchanged feed costs a 304 and nothing more."""
    import urllib.error
    import urllib.request

    if not source.url.startswith(("http://", "https://")):
        raise OSError(f"Adresse non HTTP(S) : {source.url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        source.url, headers={"User-Agent": "Rotative wire desk"}
    )
    if source.http_etag:
        request.add_header("If-None-Match", source.http_etag)
    if source.http_last_modified:
        request.add_header("If-Modified-Since", source.http_last_modified)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (admin-set URL)
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
    from datetime import timedelta

    now = now or timezone.now()
    return [
        source
        for source in WireSource.objects.filter(enabled=True)
        if source.last_run_at is None
        or source.last_run_at + timedelta(minutes=source.poll_minutes) <= now
    ]
