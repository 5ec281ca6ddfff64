from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "rotative.news"
    label = "news"
    verbose_name = "Actualités"

    def ready(self):
        import atexit

        from taggit.models import Tag

        from rotative.core.site_parts import registry
        from rotative.core.slugs import slugify_fr
        from rotative.news.sitemaps import TopicSitemap

        from . import services, signal_handlers  # noqa: F401

        registry.sitemaps.setdefault("sujets", TopicSitemap)

        # Tags are taggit's own model, whose slugify keeps accents (transliterating needs
        # unidecode): the site's one slug rule instead, with taggit's « _1 » for duplicates.
        def tag_slugify(self, tag, i=None):
            slug = slugify_fr(tag, max_length=90, fallback="mot-cle")
            return f"{slug}_{i}" if i is not None else slug

        Tag.slugify = tag_slugify

        # Write the views still buffered when a server process stops.
        atexit.register(services.article_views_flush_quietly)

        from datetime import timedelta

        from rotative.core.scheduling import RecurringJob, recurring_job_declare
        from rotative.news.tasks import publish_scheduled_pages

        # Each go-live and expiry is queued for its moment (signal_handlers.py); this catches
        # up on what was due while no worker ran.
        recurring_job_declare(
            RecurringJob(
                name="news.publish_scheduled",
                task=publish_scheduled_pages,
                every=timedelta(minutes=5),
            )
        )

        from rotative.core.demo.registry import demo_part_register
        from rotative.news import demo

        demo_part_register(
            name="news", order=20, load=demo.demo_news_load, loaded=demo.demo_news_loaded
        )
