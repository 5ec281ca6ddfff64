"""schema.org NewsArticle, the home page's WebSite and OpenGraph data.

One rule in one place: search engines and social networks know the paper by its name,
`Identity.name` (« Le Phare normand »), the same in the JSON-LD publisher, OpenGraph's
og:site_name (SITE_NAME in templates) and the Google News sitemap's <news:name>; the legal
name of the company (`publisher_name`) is only the organisation's legalName.
"""

from django.conf import settings
from django.urls import reverse

from rotative.core.seo import absolute

# Google wants the article's image in 16:9, 4:3 and 1:1, at least 1200 px wide; `fill`
# never upscales, so a smaller original gives smaller renditions of the same ratios.
JSONLD_RENDITIONS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
OG_RENDITION = "fill-1200x630"  # Facebook's and X's 1.91:1


def logo_url() -> str:
    return settings.SITE_URL + reverse("publisher_logo")


def publisher_jsonld(identity) -> dict:
    """The paper as an organisation: name, address and logo (an ImageObject)."""
    from rotative.core.logo import LOGO_HEIGHT, logo_width

    data = {
        "@type": "NewsMediaOrganization",
        "name": identity.name,
        "url": settings.SITE_URL + "/",
        "logo": {
            "@type": "ImageObject",
            "url": logo_url(),
            "width": logo_width(identity.name),
            "height": LOGO_HEIGHT,
        },
    }
    if identity.publisher_name and identity.publisher_name != identity.name:
        data["legalName"] = identity.publisher_name
    return data


def article_jsonld(*, article, section, lead_image, authors, tags, canonical_url, identity):
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
        "publisher": publisher_jsonld(identity),
        "keywords": [tag.name for tag in tags],
    }
    if authors:
        data["author"] = [
            {
                "@type": "Person",
                "name": a.name,
                "url": settings.SITE_URL + reverse("news:author", kwargs={"slug": a.slug}),
            }
            for a in authors
        ]
    elif article.agency:
        data["author"] = {"@type": "Organization", "name": article.agency}
    if lead_image is not None:
        data["image"] = [absolute(lead_image.get_rendition(spec).url) for spec in JSONLD_RENDITIONS]
    if article.agency and article.dateline:
        data["dateline"] = article.dateline_text
    return data


def home_jsonld(*, identity) -> list:
    """The home page: the site with its search box, and the paper as an organisation."""
    site_url = settings.SITE_URL + "/"
    return [
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": identity.name,
            "url": site_url,
            "inLanguage": "fr-FR",
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": settings.SITE_URL
                    + reverse("search")
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        },
        {"@context": "https://schema.org", **publisher_jsonld(identity)},
    ]


def author_jsonld(*, author, canonical_url) -> dict:
    """An author's page: a ProfilePage about a Person, as Google reads bylines' links."""
    person = {"@type": "Person", "name": author.name, "url": canonical_url}
    if author.role:
        person["jobTitle"] = author.role
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": canonical_url,
        "mainEntity": person,
    }
