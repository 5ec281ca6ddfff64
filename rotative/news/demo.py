"""The news part of the demo: sections, authors, generated pictures and original articles.

Registered in NewsConfig.ready() (core/demo/registry.py); `manage.py load_demo` runs it once.
"""

import io
import json
from datetime import timedelta
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils.html import escape
from wagtail.models import Site

from rotative.core.demo.images import illustration
from rotative.core.demo.registry import DemoRun
from rotative.core.models import CustomImage
from rotative.core.slugs import slugify_fr
from rotative.news.models import ArticleCorrection, ArticlePage, Author, SectionPage

CONTENT_PATH = Path(__file__).with_name("demo.json")


def demo_news_loaded() -> bool:
    return SectionPage.objects.exists()


def demo_news_load(run: DemoRun, *, content_path: Path = CONTENT_PATH) -> None:
    """Sections under the site's home page, then articles published over the last weeks."""
    data = json.loads(content_path.read_text(encoding="utf-8"))
    now = run.now
    home = Site.objects.get(is_default_site=True).root_page

    sections = {}
    for order, item in enumerate(data["sections"]):
        section = SectionPage(
            title=item["title"], slug=item["slug"], description=item["description"], nav_order=order
        )
        home.add_child(instance=section)
        section.save_revision().publish()
        sections[item["slug"]] = section

    authors = {
        a["name"]: Author.objects.create(name=a["name"], role=a["role"]) for a in data["authors"]
    }

    articles = sorted(data["articles"], key=lambda a: -a["hours_ago"])
    for index, item in enumerate(articles):
        section = sections[item["section"]]
        published_at = now - timedelta(hours=item["hours_ago"])
        picture = CustomImage(
            title=item["image"]["caption"][:255],
            caption=item["image"]["caption"],
            credit=item["image"]["credit"],
        )
        picture.file = ImageFile(
            _bytes_file(illustration(index + 1, item["section"])),
            name=f"demo-{slugify_fr(item['title'], max_length=60)}.jpg",
        )
        picture.save()
        article = ArticlePage(
            title=item["title"],
            slug=slugify_fr(item["title"], max_length=80),
            chapo=item["chapo"],
            body=_body(item["body"]),
            agency=item.get("agency") or "",
            dateline=item.get("dateline") or "",
            lead_image=picture,
        )
        if item.get("breaking"):
            article.is_breaking = True
            article.breaking_until = now + timedelta(hours=6)
        section.add_child(instance=article)
        article.tags.add(*item["tags"])
        if item.get("author"):
            article.authors.add(authors[item["author"]])
        updated_at = published_at
        if item.get("correction"):
            updated_at = published_at + timedelta(hours=item["correction"]["hours_after"])
            ArticleCorrection.objects.create(
                page=article, date=updated_at, text=item["correction"]["text"]
            )
        article.save_revision().publish()
        ArticlePage.objects.filter(pk=article.pk).update(
            first_published_at=published_at,
            last_published_at=updated_at,
            latest_revision_created_at=updated_at,
        )

    run.counts += [f"{len(sections)} rubriques", f"{len(articles)} articles"]


def _body(blocks):
    stream = []
    for block in blocks:
        if block["type"] == "paragraph":
            stream.append({"type": "paragraph", "value": f"<p>{escape(block['text'])}</p>"})
        elif block["type"] == "intertitle":
            stream.append({"type": "intertitle", "value": block["text"]})
        elif block["type"] == "quote":
            stream.append(
                {
                    "type": "quote",
                    "value": {"text": block["text"], "attribution": block.get("attribution", "")},
                }
            )
    return json.dumps(stream)


def _bytes_file(data: bytes):
    return io.BytesIO(data)
