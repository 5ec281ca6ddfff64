"""What the app reads of the news: sections, topics, articles and their body, block by block.

Built from the news app's own models and selectors (rotative/news): the API adds no rule of
its own on what is shown."""

import re
from datetime import datetime
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, Schema
from wagtail.rich_text import expand_db_html

from rotative.api.schemas.common import ImageOut, image_out, paris
from rotative.core.seo import absolute
from rotative.news.selectors import TEASER_RENDITIONS

# The web's renditions, so that the app mostly gets files the site has already made: the
# listings' (news.selectors.TEASER_RENDITIONS), the article page's lead picture, and the
# body's (the page's width-960, and a larger one for high-density phones).
LIST_RENDITIONS = TEASER_RENDITIONS
LEAD_RENDITIONS = ("fill-960x540|format-webp", "fill-1440x810|format-webp")
BODY_RENDITIONS = ("width-960|format-webp", "width-1440|format-webp")


class SectionOut(Schema):
    id: int
    title: str
    slug: str
    url: str = Field(..., description="La page de la rubrique sur le site.")


class TopicOut(Schema):
    name: str
    slug: str = Field(..., description="À passer en `sujet=` à `GET /articles`.")
    url: str = Field(..., description="La page du sujet sur le site.")


class CurrentTopicOut(Schema):
    label: str
    url: str = Field(..., description="La page du sujet (ou de l'article épinglé) sur le site.")
    slug: str | None = Field(
        None, description="Le sujet, à passer en `sujet=` ; absent pour un article épinglé."
    )
    pinned: bool = Field(..., description="Épinglé par la rédaction (sinon : parmi les plus lus).")


class AuthorOut(Schema):
    name: str
    role: str
    url: str = Field(..., description="La page de l'auteur sur le site.")


class ArticleItemOut(Schema):
    id: int
    title: str
    dateline: str = Field(
        "",
        description="Pour une dépêche : « Moscou (AFP) », à afficher avant le titre suivi "
        "d'un point ; vide pour un article de la rédaction.",
    )
    chapo: str = Field(..., description="Le paragraphe d'introduction, en texte brut.")
    section: SectionOut | None
    published_at: datetime = Field(..., description="Première publication (heure de Paris).")
    updated_at: datetime | None = Field(
        None, description="« Mis à jour le », quand une publication ultérieure l'a modifié."
    )
    url: str = Field(..., description="L'article sur le site (pour le partage).")
    image: ImageOut | None = Field(None, description="L'image principale.")
    is_wire: bool = Field(..., description="Une dépêche d'agence (AFP…).")
    agency: str = Field("", description="L'agence de la dépêche, vide sinon.")
    authors: list[AuthorOut]
    is_live_blog: bool = Field(
        False, description="Un direct commenté : ses messages sont à `GET /direct/blogs/{id}`."
    )


# --- the body, one object per StreamField block (news.blocks.ArticleBodyBlock) --------------


class ParagraphBlockOut(Schema):
    type: Literal["paragraph"] = "paragraph"
    html: str = Field(
        ...,
        description="Le paragraphe en HTML, tel que le site l'affiche : <p>, <b>, <i>, <a>, "
        "<ol>, <ul>, <li>, <sup>, <br> ; liens absolus.",
    )


class IntertitleBlockOut(Schema):
    type: Literal["intertitle"] = "intertitle"
    text: str
    level: int = Field(2, description="Niveau de titre (h2 sur le site, sous le titre h1).")


class QuoteBlockOut(Schema):
    type: Literal["quote"] = "quote"
    text: str
    source: str = Field("", description="L'auteur de la citation, s'il est indiqué.")


class PictureBlockOut(Schema):
    type: Literal["picture"] = "picture"
    image: ImageOut


# Every block type of news.blocks.ArticleBodyBlock has its shape (a test checks it).
BODY_BLOCK_TYPES = {"paragraph", "intertitle", "quote", "picture"}

BodyBlockOut = Annotated[
    ParagraphBlockOut | IntertitleBlockOut | QuoteBlockOut | PictureBlockOut,
    Field(discriminator="type"),
]


class CorrectionOut(Schema):
    date: datetime
    text: str = Field(..., description="À afficher « Rectificatif du <date> : <texte> ».")


class CommentsSummaryOut(Schema):
    count: int = Field(..., description="Commentaires publiés.")
    open: bool = Field(..., description="Les lecteurs inscrits peuvent-ils en écrire ?")


class ArticleOut(ArticleItemOut):
    body: list[BodyBlockOut] = Field(
        ..., description="Le corps, bloc par bloc, dans l'ordre ; `type` dit la forme du bloc."
    )
    tags: list[TopicOut] = Field(..., description="Les sujets de l'article.")
    corrections: list[CorrectionOut] = Field(..., description="Les rectificatifs, du plus ancien.")
    comments: CommentsSummaryOut


class ArticlePageOut(Schema):
    next: str | None = Field(
        None, description="L'adresse de la page suivante, à suivre telle quelle ; null à la fin."
    )
    previous: str | None = None
    results: list[ArticleItemOut]


# --- building them ----------------------------------------------------------------------------


def section_out(section) -> dict | None:
    if section is None:
        return None
    return {
        "id": section.pk,
        "title": section.title,
        "slug": section.slug,
        "url": absolute(section.url or "/"),
    }


def topic_out(tag) -> dict:
    return {
        "name": tag.name,
        "slug": tag.slug,
        "url": absolute(reverse("news:tag", args=[tag.slug])),
    }


def author_out(author) -> dict:
    return {
        "name": author.name,
        "role": author.role,
        "url": absolute(reverse("news:author", args=[author.slug])),
    }


def article_item_out(article, *, section, specs=LIST_RENDITIONS, is_live_blog=False) -> dict:
    caption = article.lead_image_caption
    return {
        "id": article.pk,
        "title": article.title,
        "dateline": article.dateline_text,
        "chapo": article.chapo,
        "section": section_out(section),
        "published_at": paris(article.first_published_at),
        "updated_at": paris(article.last_published_at) if article.was_updated else None,
        "url": absolute(article.url or "/"),
        "image": image_out(article.lead_image, specs, caption=caption),
        "is_wire": bool(article.agency),
        "agency": article.agency,
        "authors": [author_out(author) for author in article.authors.all()],
        "is_live_blog": is_live_blog,
    }


# A link the editor made is site-relative in the page (`/manche/…`): the app has no site.
_RELATIVE_HREF = re.compile(r'(href=")(/[^"]*")')


def rich_text_html(source: str) -> str:
    """The rich text as the site renders it (`|richtext`: internal links resolved), with
    absolute links."""
    html = expand_db_html(source)
    return _RELATIVE_HREF.sub(lambda m: m[1] + absolute(m[2]), html)


def body_out(body) -> list[dict]:
    blocks = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            blocks.append({"type": "paragraph", "html": rich_text_html(value.source)})
        elif kind == "intertitle":
            blocks.append({"type": "intertitle", "text": str(value), "level": 2})
        elif kind == "quote":
            blocks.append(
                {"type": "quote", "text": value["text"], "source": value["attribution"] or ""}
            )
        elif kind == "picture":
            if value["image"] is None:  # a picture deleted from the library since
                continue
            image = image_out(value["image"], BODY_RENDITIONS, caption=value["caption"] or "")
            blocks.append({"type": "picture", "image": image})
    return blocks
