from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "rotative.newsletter"
    label = "newsletter"
    verbose_name = "Lettres et alertes"

    def ready(self):
        from rotative.accounts import data
        from rotative.core.site_parts import registry
        from rotative.newsletter import selectors, services, signal_handlers  # noqa: F401

        # Listed before comments in INSTALLED_APPS: the call to action comes first.
        registry.add_to_slot("article_after", "newsletter/article_slot.html")
        registry.add_to_slot("footer", "newsletter/footer_slot.html")
        data.register_exporter(
            "newsletter",
            selectors.account_newsletter_export,
            covers=["newsletter.Subscriber.user"],  # with its browsers (PushSubscription)
        )
        data.register_not_exported(
            "newsletter.Mailing.created_by",
            "newsletter.Digest.edited_by",
            "newsletter.Digest.sent_by",
            reason="the newsroom's work on the letters, kept with them",
        )
        data.register_eraser(services.account_newsletter_erase)

        from datetime import timedelta

        from django.conf import settings

        from rotative.core.scheduling import RecurringJob, recurring_job_declare
        from rotative.newsletter import digest, tasks

        for job in (
            RecurringJob(
                name="newsletter.sweep",
                task=tasks.newsletter_sweep,
                every=timedelta(seconds=settings.NEWSLETTER_SWEEP_SECONDS),
            ),
            RecurringJob(
                name="newsletter.digest_prepare",
                task=tasks.digest_prepare,
                at=digest.PREPARE_AT,
                pass_day=True,
            ),
            RecurringJob(
                name="newsletter.digest_send",
                task=tasks.digest_send_morning,
                at=digest.SEND_AT,
                pass_day=True,
            ),
        ):
            recurring_job_declare(job)
