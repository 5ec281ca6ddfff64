"""The low-level writes of `services.article_publish_new`: a new page straight into the tree,
its first revision and its history, in the fewest statements.

Each function does what one step of Wagtail's own `add_child()`, `save_revision()` and
`publish()` does for a page that did not exist a moment ago (wagtail/models/pages.py,
wagtail/actions/publish_revision.py, treebeard/mp_tree.py), and says what it leaves out and
why that is safe for such a page. Only for new pages: an edit goes through Wagtail.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import Case, F, Q, Subquery, Value, When
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision

from rotative.core.bulk_insert import new_rows_insert, rows_insert

_wagtail_logger = logging.getLogger("wagtail")


def child_insert(*, parent: Page, page: Page) -> None:
    """Treebeard's `add_child(instance=page)` with `page.save(clean=False)`, in four
    statements (lock and last child, count, page row, specific row) instead of nine.

    As treebeard does, the parent row is locked until the commit, so two writers never
    take the same path. Of `full_clean()` only what can fail for a new page with a free
    path and a fresh translation key is kept: the core defaults and the slug's uniqueness
    among its siblings, made free with -2, -3… (the database checks the path and the key
    again)."""
    depth = parent.depth + 1
    numchild, locked = _parent_lock(parent)
    # The caller's parent may be an old copy (a rule's section read at the start of a batch):
    # get_children(), hence the slug check below, believes its child count.
    parent.numchild = numchild
    page.depth = depth
    page.path = Page(path=locked)._inc_path() if locked else Page._get_path(parent.path, depth, 1)
    page.numchild = 0
    page._cached_parent_obj = parent  # get_parent() without a query, as add_child does
    page._is_site_root = False  # a fresh translation key is no site's root (Page.save asks)
    page._set_core_field_defaults()
    page.slug = free_slug(parent=parent, slug=page.slug)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    parent.numchild += 1
    relations = _relations_in_memory(page)
    page.save(clean=False, log_action=None)  # history written by history_log, in one insert
    # The page has just been created: what it holds is what we saved, so the revision and
    # the reference index read its relations from memory instead of querying them back.
    for name, items in relations.items():
        setattr(page, name, items)


def _parent_lock(parent: Page) -> tuple[int, str | None]:
    """The parent row locked until the commit, as treebeard locks it, so that two writers
    never take the same path: its child count and its last child's path, in one query."""
    last_child = (
        Page.objects.filter(
            depth=parent.depth + 1, path__range=Page._get_children_path_interval(parent.path)
        )
        .order_by("-path")
        .values("path")[:1]
    )
    return (
        Page.objects.select_for_update(of=("self",))
        .filter(pk=parent.pk)
        .annotate(last_child=Subquery(last_child))
        .values_list("numchild", "last_child")
        .get()
    )


def free_slug(*, parent: Page, slug: str) -> str:
    """`slug`, or the first of slug-2, slug-3… free among the siblings, in one query. Under
    child_insert's lock of the parent, no one else adds a child meanwhile. (Wagtail's full_clean()
    refuses a taken slug; a bulk source such as the wire numbers recurring headlines.) Reads
    the children by their path, not parent.get_children(): on a copy of the parent read before
    its first child was added (numchild 0), treebeard answers "no children" without asking."""
    siblings = Page.objects.filter(
        depth=parent.depth + 1, path__range=Page._get_children_path_interval(parent.path)
    )
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    free, n = slug, 2
    while free in taken:
        free, n = f"{slug}-{n}", n + 1
    return free


def _relations_in_memory(page: Page) -> dict[str, list]:
    names = [rel.get_accessor_name() for rel in get_all_child_relations(page)]
    names += [field.name for field in get_all_child_m2m_relations(page)]
    return {name: list(getattr(page, name).all()) for name in names}


def first_revision(*, page: Page, user, at) -> Revision:
    """`save_revision()`'s row: the same content (`serializable_data()`), the same object
    string and content types. The page's own pointers are set by the caller in one update;
    a new page has no draft comments to number."""
    revision = _first_revision_row(page=page, user=user, at=at)
    revision.save()
    return revision


def _first_revision_row(*, page: Page, user, at) -> Revision:
    return Revision(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        created_at=at,
        approved_go_live_at=None,
        content=page.serializable_data(),
        object_str=str(page),
    )


def history_log(*, page: Page, revision: Revision, user, publish: bool = True) -> None:
    """The "create" entry Page.save() writes and the "publish" entry of the publish action,
    in one insert. bulk_create skips only PageLogEntry.save()'s full_clean(), which checks
    that the action is registered (both are Wagtail's own) and that the page, revision and
    content type exist (they were written in this transaction)."""
    PageLogEntry.objects.bulk_create(
        _history_entries(page=page, revision=revision, user=user, publish=publish)
    )


def _history_entries(*, page: Page, revision: Revision, user, publish: bool) -> list:
    context = get_active_log_context()
    common = {
        "page_id": page.pk,
        "content_type": ContentType.objects.get_for_model(page, for_concrete_model=False),
        "label": page.get_admin_display_title(),
        "uuid": context.uuid,
        "data": {},
    }
    entries = [
        PageLogEntry(
            action="wagtail.create",
            user=user or page.owner or context.user,
            content_changed=True,
            timestamp=timezone.now(),
            **common,
        )
    ]
    if publish:
        entries.append(
            PageLogEntry(
                action="wagtail.publish",
                user=user or context.user,
                revision=revision,
                content_changed=True,
                timestamp=timezone.now(),
                **common,
            )
        )
    return entries


# --- several new pages at once ------------------------------------------------------------
# The same rows as child_insert, first_revision and history_log give each page, for a bulk
# source's batch (the wire: fifty stories a transaction) in a fixed number of statements.


def children_insert(*, parent: Page, pages: list[Page]) -> None:
    """`child_insert` for each of `pages` (new, of one concrete type, in this order), in
    seven statements whatever their number: the parent locked with its last child, the taken
    slugs, the child count, the page rows, the specific rows, each relation's rows.

    What `page.save(clean=False, log_action=None)` does for a new page is done here for all:
    url_path, pre_save and post_save (the chrome's edition, the search index queue), the
    relations held in memory written (modelcluster's commit of a new page: no row to delete).
    The pages' own save() is not called: a page type whose save() does more than Wagtail's
    does it before (news.services.articles_publish_new: the breaking banner's end)."""
    model = type(pages[0])
    if any(type(page) is not model for page in pages) or set(model._meta.parents) != {Page}:
        raise TypeError("children_insert takes new pages of one type that inherits Page")
    depth = parent.depth + 1
    numchild, path = _parent_lock(parent)
    parent.numchild = numchild
    for page in pages:
        path = Page(path=path)._inc_path() if path else Page._get_path(parent.path, depth, 1)
        page.depth, page.path, page.numchild = depth, path, 0
        page._cached_parent_obj = parent
        page._is_site_root = False
        page._set_core_field_defaults()
    for page, slug in zip(
        pages, free_slugs(parent=parent, slugs=[p.slug for p in pages]), strict=True
    ):
        page.slug = slug
        page.set_url_path(parent)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    relations = [_relations_in_memory(page) for page in pages]
    _rows_insert(pages)
    _relations_insert(pages, relations)
    for page in pages:
        _wagtail_logger.info(  # Page.save's line, for whoever follows the log
            'Page created: "%s" id=%d content_type=%s.%s path=%s',
            page.title,
            page.id,
            model._meta.app_label,
            model.__name__,
            page.url_path,
        )


def free_slugs(*, parent: Page, slugs: list[str]) -> list[str]:
    """`free_slug` for each of `slugs` in turn, each taken by the one before: one query for
    all (a recurring headline twice in a batch gets slug, then slug-2)."""
    siblings = Page.objects.filter(
        depth=parent.depth + 1, path__range=Page._get_children_path_interval(parent.path)
    )
    starts = Q()
    for slug in dict.fromkeys(slugs):
        starts |= Q(slug__startswith=slug)
    taken = set(siblings.filter(starts).values_list("slug", flat=True))
    free_ones = []
    for slug in slugs:
        free, n = slug, 2
        while free in taken:
            free, n = f"{slug}-{n}", n + 1
        taken.add(free)
        free_ones.append(free)
    return free_ones


def _rows_insert(pages: list[Page]) -> None:
    """Django's save_base for new pages of a type inheriting Page, one INSERT per table for
    all (bulk_create refuses multi-table inheritance): the Page rows, their ids read back as
    save() reads them, then the specific rows."""
    model = type(pages[0])
    using = router.db_for_write(model)
    for page in pages:
        pre_save.send(sender=model, instance=page, raw=False, using=using, update_fields=None)
        page._prepare_related_fields_for_save(operation_name="save")
    base_fields = [
        f for f in Page._meta.local_concrete_fields if not f.generated and f is not Page._meta.pk
    ]
    rows_insert(
        Page, pages, fields=base_fields, using=using, returning=Page._meta.db_returning_fields
    )
    pointer = model._meta.parents[Page]
    for page in pages:
        setattr(page, pointer.attname, getattr(page, Page._meta.pk.attname))
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    rows_insert(model, pages, fields=fields, using=using)
    for page in pages:
        page._state.adding, page._state.db = False, using
        post_save.send(
            sender=model, instance=page, created=True, update_fields=None, raw=False, using=using
        )


def _relations_insert(pages: list[Page], relations: list[dict[str, list]]) -> None:
    """Each child relation's rows for all the pages in one insert (with their post_save, as
    modelcluster's item.save() sends), many-to-many ones by modelcluster; then the relations
    are put back in memory, as child_insert does."""
    m2m_names = {field.name for field in get_all_child_m2m_relations(pages[0])}
    by_model: dict[type, list] = {}
    for page, held in zip(pages, relations, strict=True):
        for name, items in held.items():
            if not items:
                continue
            if name in m2m_names:
                getattr(page, name).commit()
                continue
            key = getattr(type(page), name).rel.field
            for item in items:
                setattr(item, key.attname, page.pk)
            by_model.setdefault(key.model, []).extend(items)
    for related_model, items in by_model.items():
        using = router.db_for_write(related_model)
        related_model._base_manager.using(using).bulk_create(items)
        for item in items:
            post_save.send(
                sender=related_model,
                instance=item,
                created=True,
                update_fields=None,
                raw=False,
                using=using,
            )
    for page, held in zip(pages, relations, strict=True):
        for name, items in held.items():
            setattr(page, name, items)


def first_revisions(*, pages: list[Page], user, at) -> list[Revision]:
    """`first_revision` of each page, in one insert. Revision.save() only sets created_at and
    the base content type, set here; its post_save schedules a go-live, which a page
    published now has not. Inserted as bulk_create would, the content as a JSON literal (each
    holds the page's body: bulk_insert says why)."""
    revisions = [_first_revision_row(page=page, user=user, at=at) for page in pages]
    return new_rows_insert(Revision, revisions)


def revisions_point(*, pages: list[Page], revisions: list[Revision], at) -> None:
    """Each page's live and latest revision set to its first one, in one update."""
    live = Case(*(When(pk=p.pk, then=Value(r.pk)) for p, r in zip(pages, revisions, strict=True)))
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        live_revision_id=live, latest_revision_id=live, latest_revision_created_at=at
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.live_revision = page.latest_revision = revision
        page.latest_revision_created_at = at


def histories_log(*, pages: list[Page], revisions: list[Revision], user, publish: bool = True):
    """`history_log` of each page, every entry in one insert."""
    entries = []
    for page, revision in zip(pages, revisions, strict=True):
        entries += _history_entries(page=page, revision=revision, user=user, publish=publish)
    PageLogEntry.objects.bulk_create(entries)
