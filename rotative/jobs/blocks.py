"""L'emploi elsewhere on the site: under an article, the offers of the communes it names;
on the home page, the latest offers. Each block is read and rendered once, then kept a
minute (like the agenda's): an offer that goes offline leaves them within that minute."""

from django.core.cache import cache
from django.template.loader import render_to_string

from rotative.jobs.models import JobOffer

BLOCK_CACHE_SECONDS = 60
ARTICLE_BLOCK_SIZE = 4
HOME_BLOCK_SIZE = 4
HOME_BLOCK_CACHE_KEY = "jobs:home-block"


def offers_in_communes(*, communes, limit: int = ARTICLE_BLOCK_SIZE) -> list[JobOffer]:
    """The newest online offers placed in these communes (not the fully remote ones of
    elsewhere: the block says « à Coutances »), in one query."""
    insees = {commune.insee for commune in communes}
    if not insees:
        return []
    return list(
        JobOffer.objects.online()
        .filter(commune__insee__in=insees)
        .select_related("commune", "employer")
        .order_by("-published_at", "-pk")[:limit]
    )


def article_block_html(*, article_id: int, communes) -> str:
    """« Offres d'emploi à Coutances » under an article that names Coutances, kept rendered a
    minute per article and communes; nothing when no offer is online there."""
    if not communes:
        return ""
    key = f"jobs:article-block:{article_id}:" + ",".join(sorted(c.insee for c in communes))
    html = cache.get(key)
    if html is None:
        offers = offers_in_communes(communes=communes)
        html = ""
        if offers:
            # The communes in the article's order, those with an offer only.
            found, where = {offer.commune.insee for offer in offers}, {}
            for commune in communes:
                if commune.insee in found:
                    where.setdefault(commune.insee, commune)
            where = list(where.values())
            html = render_to_string(
                "jobs/article_block.html",
                {"offers": offers, "where": where, "names": ", ".join(c.name for c in where)},
            )
        cache.set(key, html, BLOCK_CACHE_SECONDS)
    return html


def home_block_html() -> str:
    """The home page's « Emploi »: the latest online offers, kept a minute."""
    html = cache.get(HOME_BLOCK_CACHE_KEY)
    if html is None:
        offers = list(
            JobOffer.objects.online()
            .select_related("commune", "employer")
            .order_by("-published_at", "-pk")[:HOME_BLOCK_SIZE]
        )
        html = render_to_string("jobs/home_block.html", {"offers": offers}) if offers else ""
        cache.set(HOME_BLOCK_CACHE_KEY, html, BLOCK_CACHE_SECONDS)
    return html
