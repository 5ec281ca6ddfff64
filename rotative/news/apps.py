from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "rotative.news"
    label = "news"
    verbose_name = "Actualités"

    def ready(self):
        import atexit

        from . import services, signal_handlers  # noqa: F401

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
