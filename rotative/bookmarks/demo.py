"""The demo reader has kept a few things for later: two stories, an ad and an outing."""

from django.contrib.auth import get_user_model

from rotative.accounts.demo import DEMO_READER_EMAIL
from rotative.bookmarks import services
from rotative.bookmarks.kinds import AD, ARTICLE, EVENT, KINDS
from rotative.bookmarks.models import Bookmark


def demo_bookmarks_load(run) -> None:
    reader = get_user_model().objects.filter(email=DEMO_READER_EMAIL).first()
    if reader is None:
        return
    articles = list(KINDS[ARTICLE].visible().order_by("-first_published_at")[:2])
    ad = KINDS[AD].visible().order_by("-published_at").first()
    outing = KINDS[EVENT].visible().order_by("starts_at").first()
    for target in [*reversed(articles), ad, outing]:
        if target is not None:
            services.bookmark_add(user=reader, target=target)


def demo_bookmarks_loaded() -> bool:
    return Bookmark.objects.filter(user__email=DEMO_READER_EMAIL).exists()
