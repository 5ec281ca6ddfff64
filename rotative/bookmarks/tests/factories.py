"""What readers keep for later, made through the services (and what they keep: the other
parts' own factories)."""

from rotative.agenda.tests.factories import event
from rotative.bookmarks import services
from rotative.classifieds.tests.factories import CAMERA, ad_online
from rotative.news.tests.factories import ArticlePageFactory

__all__ = ["ArticlePageFactory", "ad_online", "event", "saved", "CAMERA"]


def saved(user, *targets):
    """`user` saves each target, oldest first; the bookmarks made."""
    return [services.bookmark_add(user=user, target=target) for target in targets]
