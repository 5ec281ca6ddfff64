"""Which legal pages the footer links to: found in the page tree, never written in a template."""

from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from wagtail.models import Page

from rotative.core import chrome

CACHE_KEY = "legal:footer:{root}"


def footer_pages(*, root: Page | None) -> list[tuple[str, str]]:
    """(label, url) of the live, public legal and contact pages under the site's home page
    that are shown in menus, in the order of the page tree."""
    if root is None:
        return []
    key = CACHE_KEY.format(root=root.pk)
    links = cache.get(key)
    if links is None:
        from rotative.legal.models import ContactPage, LegalPage

        pages = (
            Page.objects.child_of(root)
            .live()
            .public()
            .in_menu()
            .type(LegalPage, ContactPage)
            .order_by("path")
        )
        label = LegalPage.objects.filter(pk=OuterRef("pk")).values("footer_label")
        links = [
            (page.label or page.title, page.url) for page in pages.annotate(label=Subquery(label))
        ]
        cache.set(key, links, 60 * 60)
    return links


def footer_forget(**kwargs) -> None:
    """A legal page was published, unpublished, moved or deleted: list them again."""
    from wagtail.models import Site

    roots = Site.objects.values_list("root_page_id", flat=True)
    cache.delete_many([CACHE_KEY.format(root=pk) for pk in roots])
    chrome.edition_bump()


def connect_signals() -> None:
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from rotative.legal.models import ContactPage, LegalPage

    for model in (LegalPage, ContactPage):
        uid = model.__name__
        page_published.connect(footer_forget, sender=model, dispatch_uid=f"legal-pub-{uid}")
        page_unpublished.connect(footer_forget, sender=model, dispatch_uid=f"legal-unpub-{uid}")
        post_delete.connect(footer_forget, sender=model, dispatch_uid=f"legal-del-{uid}")
    post_page_move.connect(footer_forget, dispatch_uid="legal-move")
