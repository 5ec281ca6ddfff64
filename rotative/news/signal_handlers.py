"""Decoupled reactions to publication: cache purge and the worker's publishing schedule."""

from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_published, page_unpublished

from rotative.core import front_cache
from rotative.news import selectors, services
from rotative.news.models import ArticlePage

# Publishing or unpublishing an article purges the pages that show it (core's handler).
front_cache.page_urls_register(ArticlePage, services.article_listing_urls)


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def forget_section_count(sender, instance, **kwargs):
    cache.delete(selectors.section_count_cache_key(instance.get_parent().pk))


@receiver(post_save, sender=Revision)
def schedule_publication(sender, instance, **kwargs):
    if instance.approved_go_live_at is not None:
        services.publication_schedule(at=instance.approved_go_live_at)


@receiver(page_published, sender=ArticlePage)
def schedule_expiries(sender, instance, **kwargs):
    """Unpublish on `expire_at`, and purge the banner when the breaking news expires."""
    if instance.expire_at:
        services.publication_schedule(at=instance.expire_at)
    if instance.is_breaking and instance.breaking_until:
        services.purge_schedule(article_id=instance.pk, at=instance.breaking_until)
