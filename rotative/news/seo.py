"""schema.org NewsArticle and OpenGraph data of an article."""

from django.conf import settings


def article_jsonld(*, article, section, lead_image, authors, tags, canonical_url, publisher_name):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "headline": article.title[:110],
        "description": article.chapo,
        "articleSection": section.title,
        "inLanguage": "fr-FR",
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "dateModified": (article.last_published_at or article.first_published_at).isoformat()
        if article.first_published_at
        else None,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": publisher_name,
            "url": settings.SITE_URL + "/",
        },
        "keywords": [tag.name for tag in tags],
    }
    if authors:
        data["author"] = [{"@type": "Person", "name": a.name} for a in authors]
    elif article.agency:
        data["author"] = {"@type": "Organization", "name": article.agency}
    if lead_image is not None:
        rendition = lead_image.get_rendition("fill-1200x630")
        data["image"] = [
            settings.SITE_URL + rendition.url if rendition.url.startswith("/") else rendition.url
        ]
    if article.agency and article.dateline:
        data["dateline"] = article.dateline_text
    return data
