"""The low-level writes of `services.article_publish_new`: a new page straight into the tree,
its first revision and its history, in the fewest statements.

Each function does what one step of Wagtail's own `add_child()`, `save_revision()` and
`publish()` does for a page that did not exist a moment ago (wagtail/models/pages.py,
wagtail/actions/publish_revision.py, treebeard/mp_tree.py), and says what it leaves out and
why that is safe for such a page. Only for new pages: an edit goes through Wagtail.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Subquery
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, Revision


def child_insert(*, parent: Page, page: Page) -> None:
    """Treebeard's `add_child(instance=page)` with `page.save(clean=False)`, in four
    statements (lock and last child, count, page row, specific row) instead of nine.

    As treebeard does, the parent row is locked until the commit, so two writers never
    take the same path. Of `full_clean()` only what can fail for a new page with a free
    path and a fresh translation key is kept: the core defaults and the slug's uniqueness
    among its siblings, made free with -2, -3… (the database checks the path and the key
    again)."""
    depth = parent.depth + 1
    last_child = (
        Page.objects.filter(depth=depth, path__range=Page._get_children_path_interval(parent.path))
        .order_by("-path")
        .values("path")[:1]
    )
    numchild, locked = (
        Page.objects.select_for_update(of=("self",))
        .filter(pk=parent.pk)
        .annotate(last_child=Subquery(last_child))
        .values_list("numchild", "last_child")
        .get()
    )
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
    revision = Revision(
        content_object=page,
        base_content_type=page.get_base_content_type(),
        user=user,
        created_at=at,
        approved_go_live_at=None,
        content=page.serializable_data(),
        object_str=str(page),
    )
    revision.save()
    return revision


def history_log(*, page: Page, revision: Revision, user, publish: bool = True) -> None:
    """The "create" entry Page.save() writes and the "publish" entry of the publish action,
    in one insert. bulk_create skips only PageLogEntry.save()'s full_clean(), which checks
    that the action is registered (both are Wagtail's own) and that the page, revision and
    content type exist (they were written in this transaction)."""
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
    PageLogEntry.objects.bulk_create(entries)
