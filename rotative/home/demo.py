"""La Une of the demo: the home page named after the paper, its lead story, pinned topics."""

from taggit.models import Tag

from rotative.core.demo.registry import DemoRun
from rotative.core.identity import site_identity
from rotative.home.models import HomePage, PinnedTopic
from rotative.news.models import ArticlePage

LEAD_TITLE = (
    "Tempête Isaure : des rafales à 130 km/h sur le Cotentin, des milliers de foyers sans "
    "électricité"
)
# Tags of the demo articles, pinned at the head of En ce moment in this order.
PINNED_TAGS = ("Tempête Isaure", "Municipales 2026", "Commémorations du D-Day")


def demo_home_load(run: DemoRun) -> None:
    home = HomePage.objects.get()
    home.title = home.draft_title = site_identity().name
    home.lead_article = ArticlePage.objects.filter(title=LEAD_TITLE).first()
    home.save_revision().publish()
    for order, label in enumerate(PINNED_TAGS):
        tag = Tag.objects.filter(name=label).first()
        if tag is not None:
            PinnedTopic.objects.create(label=label, tag=tag, sort_order=order)
