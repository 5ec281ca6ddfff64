"""Decoupled reactions: a published article or a flagged En direct entry may set off its
alerts (services/alerts.py)."""

from wagtail.signals import page_published

from rotative.core.signals import breaking_entry_posted
from rotative.news.models import ArticlePage


def alert_on_publish(sender, instance, **kwargs):
    # Connected for every page type: live blogs are articles too (a subclass, another sender).
    if isinstance(instance, ArticlePage):
        from rotative.newsletter import services

        services.article_published(article=instance)


page_published.connect(alert_on_publish, dispatch_uid="newsletter_alert_on_publish")


def alert_on_breaking_entry(sender, entry, **kwargs):
    # Sent by live inside its transaction: the alert's row is written in it, sent on commit.
    from rotative.newsletter import services

    services.breaking_alert_send(live_entry=entry)


breaking_entry_posted.connect(
    alert_on_breaking_entry, dispatch_uid="newsletter_alert_on_breaking_entry"
)
