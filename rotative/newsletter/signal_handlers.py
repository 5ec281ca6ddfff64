"""Decoupled reactions: a published article may set off its alerts (breaking.py)."""

from wagtail.signals import page_published

from rotative.news.models import ArticlePage


def alert_on_publish(sender, instance, **kwargs):
    # Connected for every page type: live blogs are articles too (a subclass, another sender).
    if isinstance(instance, ArticlePage):
        from rotative.newsletter import breaking

        breaking.article_published(article=instance)


page_published.connect(alert_on_publish, dispatch_uid="newsletter_alert_on_publish")
