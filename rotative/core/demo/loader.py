"""Loads the demo site: sections, authors, generated pictures and original articles.

Run once by `make run` (through `manage.py load_demo`); loading again changes nothing.
"""

import json
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from rotative.accounts.services import account_email_confirm
from rotative.core.demo.images import illustration
from rotative.core.identity import article_guess
from rotative.core.models import CustomImage, HomePage, PinnedTopic, SiteIdentity
from rotative.core.slugs import slugify_fr
from rotative.news.models import ArticleCorrection, ArticlePage, Author, SectionPage

CONTENT_PATH = Path(__file__).with_name("content.json")
EDITOR_USERNAME = "redaction"


def demo_is_loaded() -> bool:
    return SectionPage.objects.exists()


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


def _site(home: HomePage, site_name: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(settings.SITE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = parts.hostname or "localhost"
    site.port = parts.port or (443 if parts.scheme == "https" else 80)
    site.root_page = home
    site.site_name = site_name
    site.save()
    identity = SiteIdentity.for_site(site)
    identity.name = site_name
    identity.article = article_guess(site_name)
    identity.newsroom_email = "redaction@localhost"
    identity.tagline = "L'actualité de la Manche et du Calvados"
    # Readers see it in the footer (« © 2026 … ») and the legal notice: an invented company.
    identity.publisher_name = "Éditions du Phare normand SAS"
    identity.save()


def editor_create() -> tuple[str, str]:
    """The demo editor account, with a password generated on this machine: (email, password)."""
    User = get_user_model()
    password = secrets.token_urlsafe(12)
    user, _ = User.objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"email": "redaction@localhost"}
    )
    user.first_name, user.last_name = "Rédaction", "Démo"
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    # The editor logs in by email at /compte/connexion/, like everyone: already confirmed.
    account_email_confirm(user=user)
    return user.email, password


@transaction.atomic
def demo_load(*, content_path: Path = CONTENT_PATH, now=None, stdout=None) -> dict:
    data = json.loads(content_path.read_text(encoding="utf-8"))
    now = now or timezone.now()
    home = HomePage.objects.get()
    home.title = data["site_name"]
    home.draft_title = data["site_name"]
    home.save_revision().publish()
    _site(home, data["site_name"])

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

    lead = None
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
        if item.get("lead"):
            lead = article

    if lead is not None:
        home.lead_article = lead
        home.save_revision().publish()

    for order, label in enumerate(data.get("pinned_topics", [])):
        from taggit.models import Tag

        tag = Tag.objects.filter(name=label).first()
        if tag is not None:
            PinnedTopic.objects.create(label=label, tag=tag, sort_order=order)

    return {"sections": len(sections), "articles": len(articles)}


def _bytes_file(data: bytes):
    import io

    return io.BytesIO(data)
