"""Dispatches: store each agency item, then publish, update, hold or kill the article it makes."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag

from rotative.core.indexing import index_updates_deferred
from rotative.core.slugs import slugify_fr
from rotative.news import page_writes
from rotative.news import services as news_services
from rotative.news.models import ArticlePage, SectionPage
from rotative.wire import conversion, selectors
from rotative.wire.models import Dispatch, PublishingRule, TopicMapping, WireSource
from rotative.wire.parsing import WireItem
from rotative.wire.pictures import picture_import

logger = logging.getLogger(__name__)


class NoSectionError(Exception):
    """No section could be chosen for a dispatch: the editor must pick one."""


# Per batch of deliveries (wire_ingest_path): the publishing rules, the topic mappings and
# the tags they name, read once instead of once per item. A change an editor makes to them
# applies from the next batch, a second later. None outside a batch: read every time.
_caches: ContextVar[dict | None] = ContextVar("rotative_wire_dispatch_caches", default=None)


@contextmanager
def dispatch_caches():
    if _caches.get() is not None:
        yield
        return
    token = _caches.set({})
    try:
        yield
    finally:
        _caches.reset(token)


def _cached(key: str, load):
    caches = _caches.get()
    if caches is None:
        return load()
    if key not in caches:
        caches[key] = load()
    return caches[key]


def tags_forget() -> None:
    """After a rollback: a tag the batch found may have been created by the writes undone
    (the second story of a run finds the tag its first one created)."""
    caches = _caches.get()
    if caches is not None:
        caches.pop("tags", None)


def _rules() -> list[PublishingRule]:
    return _cached(
        "rules",
        lambda: list(PublishingRule.objects.filter(enabled=True).select_related("section")),
    )


def _topic_mappings() -> dict[str, list[str]]:
    def load():
        mappings = {}
        for mapping in TopicMapping.objects.all():
            mappings.setdefault(mapping.qcode, []).extend(mapping.tag_list)
        return mappings

    return _cached("mappings", load)


def _tags(names: list[str]) -> list:
    """Tags by name, as taggit finds them (case aside), the existing ones remembered for the
    batch; a new one is passed by name, so that taggit creates it with the article (never
    remembered: its savepoint may be rolled back)."""
    known = _cached("tags", dict)
    missing = [name for name in names if name.casefold() not in known]
    if missing:
        query = Q()
        for name in missing:
            query |= Q(name__iexact=name)
        for tag in Tag.objects.filter(query):
            known.setdefault(tag.name.casefold(), tag)
    return [known.get(name.casefold(), name) for name in names]


def dispatch_store(*, item: WireItem, source: WireSource | None) -> Dispatch | None:
    """Record one parsed item; None when this guid and version were already received."""
    if Dispatch.objects.filter(guid=item.guid, version=item.version).exists():
        return None
    dispatch = dispatch_build(item=item, source=source)
    dispatch.save(force_insert=True)
    return dispatch


def dispatch_build(*, item: WireItem, source: WireSource | None) -> Dispatch:
    """The dispatch of one parsed item, not saved yet."""
    data = asdict(item)
    return Dispatch(
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


@transaction.atomic(savepoint=False)  # all or nothing with the caller's (a delivery's savepoint)
def dispatch_apply(*, dispatch: Dispatch) -> str:
    """What the agency asks for this version: publish by rule, update, hold or kill."""
    # The other versions of this story, in one query (none for a new story).
    others = list(
        Dispatch.objects.filter(guid=dispatch.guid)
        .exclude(pk=dispatch.pk)
        .values_list("version", "status", "article_id")
    )
    if any(version > dispatch.version for version, _, _ in others):
        return _set_status(dispatch, Dispatch.Status.SUPERSEDED)  # an older version arriving late
    article = _published_article(dispatch.guid) if any(a for _, _, a in others) else None
    if any(
        version < dispatch.version and status != Dispatch.Status.KILLED
        for version, status, _ in others
    ):
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
    section = _rule_section(dispatch)
    if section is None:
        return _set_status(dispatch, Dispatch.Status.PENDING)
    dispatch_publish(dispatch=dispatch, section=section)
    return dispatch.status


def _rule_section(dispatch: Dispatch) -> SectionPage | None:
    """Where a publishing rule puts this story; None when it waits for the desk."""
    if dispatch.in_other_language:
        # A French paper never publishes unread copy in another language: the desk decides.
        return None
    rule = next((r for r in _rules() if r.matches(dispatch)), None)
    if rule is None:
        return None
    try:
        return section_for(dispatch=dispatch, section=rule.section)
    except NoSectionError:
        logger.warning("Rule %s matched %s but no section is known", rule, dispatch.guid)
        return None


def dispatch_plan_new(*, dispatch: Dispatch) -> tuple[str, SectionPage | None] | None:
    """What `dispatch_apply` does with the first version of a story no other version of which
    is known, for a writer of many at once (services.batch): its status, and the section a
    rule publishes it in now (status PUBLISHED), or None when it takes more than rows (a
    picture to fetch, an embargo to schedule): then it goes through dispatch_apply. The same
    decisions in the same order as dispatch_apply's for such a story."""
    if dispatch.is_kill or dispatch.pub_status == "withheld":
        return (Dispatch.Status.KILLED if dispatch.is_kill else Dispatch.Status.WITHHELD), None
    if dispatch.kind not in ("text", "composite"):
        return Dispatch.Status.PENDING, None
    section = _rule_section(dispatch)
    if section is None:
        return Dispatch.Status.PENDING, None
    if dispatch.pictures or _in_future(dispatch.embargoed):
        return None
    return Dispatch.Status.PUBLISHED, section


def _set_status(dispatch: Dispatch, status: str) -> str:
    dispatch.status = status
    dispatch.save(update_fields=["status", "article"])
    return status


def section_for(*, dispatch: Dispatch, section: SectionPage | None = None) -> SectionPage:
    """The explicit section, else the first mapped media topic, else the source's default.

    Never the first section of the site: a story no topic places waits for the editor.
    """
    if section is not None:
        return section
    suggested = selectors.section_suggested(dispatch=dispatch)
    if suggested is None:
        raise NoSectionError(dispatch.guid)
    return suggested


def _mapped_tags(dispatch: Dispatch) -> list[str]:
    mappings = _topic_mappings()
    tags = []
    for qcode in sorted(set(dispatch.subject_codes.split())):  # the mappings' order (qcode)
        tags += mappings.get(qcode, [])
    return list(dict.fromkeys(tags))


def _slug_base(headline: str, guid: str) -> str:
    return slugify_fr(headline, max_length=70) or slugify_fr(guid[-70:], max_length=70) or "depeche"


def _unique_slug(section: SectionPage, headline: str, guid: str) -> str:
    """A free slug in one query: recurring headlines (weather, markets) get -2, -3…"""
    return page_writes.free_slug(parent=section, slug=_slug_base(headline, guid))


def _apply_fields(article: ArticlePage, dispatch: Dispatch) -> None:
    chapo, body = conversion.chapo_and_body(dispatch.description, dispatch.body_html)
    article.title = (dispatch.headline or dispatch.slugline or dispatch.guid)[:255]
    article.draft_title = article.title
    article.chapo = chapo or article.title
    article.body = body
    article.agency = dispatch.provider or "AFP"
    article.dateline = dispatch.located[:80]


def dispatch_publish(
    *, dispatch: Dispatch, section: SectionPage | None = None, user=None, live=True
):
    """Make an article of the dispatch, published now (or at the embargo), or as a draft."""
    section = section_for(dispatch=dispatch, section=section)
    # No savepoint of its own: inside an ingest, a failure rolls back the whole delivery.
    with transaction.atomic(savepoint=False):
        return _article_create(dispatch=dispatch, section=section, user=user, live=live)


def _article_create(*, dispatch: Dispatch, section: SectionPage, user, live: bool):
    # Published now, the article is given a free slug by article_publish_new, under the
    # section's lock; otherwise it goes through Wagtail's add_child, which wants one.
    publish_now = live and not _in_future(dispatch.embargoed)
    slug = (
        _slug_base(dispatch.headline, dispatch.guid)
        if publish_now
        else _unique_slug(section, dispatch.headline, dispatch.guid)
    )
    article = article_build(dispatch=dispatch, slug=slug)
    embargo = dispatch.embargoed if _in_future(dispatch.embargoed) else None
    if live and embargo is None:
        news_services.article_publish_new(section=section, article=article, user=user)
        dispatch.article = article
        _set_status(dispatch, Dispatch.Status.PUBLISHED)
        return article
    with index_updates_deferred():
        article.go_live_at = embargo
        section.add_child(instance=article)
        revision = article.save_revision(user=user, log_action=True, clean=False)
        dispatch.article = article
        if not live:
            dispatch.save(update_fields=["article"])
            return article
        revision.publish(user=user)  # scheduled for the embargo
    _set_status(dispatch, Dispatch.Status.SCHEDULED)
    return article


def article_build(*, dispatch: Dispatch, slug: str) -> ArticlePage:
    """The dispatch's article, not saved yet: its text, lead picture and mapped tags."""
    article = ArticlePage(slug=slug, live=False)
    _apply_fields(article, dispatch)
    if dispatch.pictures:
        article.lead_image = picture_import(dispatch.pictures[0], title=article.title)
    tags = _mapped_tags(dispatch)
    if tags:
        article.tags.add(*_tags(tags))  # kept in memory, saved with the page
    return article


def slug_base(*, dispatch: Dispatch) -> str:
    """The slug a story published now asks for (made free among its siblings when written)."""
    return _slug_base(dispatch.headline, dispatch.guid)


def _in_future(moment) -> bool:
    return moment is not None and moment > timezone.now()


def article_update_from_dispatch(*, article: ArticlePage, dispatch: Dispatch) -> None:
    """A new version from the agency: a new revision of the same page, same URL.

    Published only if the story is online (or scheduled); a draft an editor is working on,
    or a story taken offline, gets the new text as a draft and stays as it is.
    """
    page = article.get_latest_revision_as_object()
    online = article.live or article.latest_revision.approved_go_live_at is not None
    _apply_fields(page, dispatch)
    if _in_future(dispatch.embargoed):
        page.go_live_at = dispatch.embargoed
    dispatch.article = article
    with index_updates_deferred():
        revision = page.save_revision(log_action=True)
        if online:
            revision.publish()
    if not online:
        _set_status(dispatch, Dispatch.Status.PENDING)
        return
    scheduled = page.go_live_at is not None and page.go_live_at > timezone.now()
    _set_status(dispatch, Dispatch.Status.SCHEDULED if scheduled else Dispatch.Status.PUBLISHED)
