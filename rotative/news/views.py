import re
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.utils import parse_id
from rotative.news import selectors, services
from rotative.news.models import ArticlePage
from rotative.news.models.pages import paginate
from rotative.news.seo import author_jsonld

BOT_USER_AGENT = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|headless", re.I)


def tag_page(request, slug):
    tag = selectors.tag_by_slug(slug=slug)
    if tag is None:
        raise Http404(_("Ce sujet n'existe pas."))
    articles = paginate(selectors.articles_with_tag(tag=tag), request.GET.get("page"))
    return render(
        request,
        "pages/tag_page.html",
        {
            "tag": tag,
            "articles": articles,
            "canonical_url": settings.SITE_URL + request.path,
        },
    )


def author_page(request, slug):
    """An author's live public articles, newest first. An author without one has no page:
    a staff name with nothing published (or only drafts, or private stories) tells nothing
    a reader can use, and an empty page is one a search engine should not index."""
    author = selectors.author_by_slug(slug=slug)
    if author is None:
        raise Http404(_("Cet auteur n'existe pas."))
    articles = paginate(selectors.articles_by_author(author=author), request.GET.get("page"))
    if not articles.paginator.count:
        raise Http404(_("Cet auteur n'a publié aucun article."))
    canonical_url = settings.SITE_URL + request.path
    return render(
        request,
        "pages/author_page.html",
        {
            "author": author,
            "articles": articles,
            "canonical_url": canonical_url,
            "jsonld": author_jsonld(author=author, canonical_url=canonical_url),
        },
    )


@csrf_exempt  # a beacon carries no session and changes nothing but an anonymous counter
@require_POST
def article_view_beacon(request, article_id):
    """Counts a read, sent by the page's script so that cached pages are counted too.

    One client (address) counts once per article per window and sends a bounded number of
    beacons overall: 201 scripted POSTs make one view, not a story at the top of the list.
    """
    article_id = parse_id(article_id)
    if article_id is None or not selectors.article_is_countable(article_id=article_id):
        raise Http404(_("Cet article n'existe pas."))
    user_agent = request.headers.get("User-Agent", "")
    origin = request.headers.get("Origin")
    same_origin = origin is None or origin == request.build_absolute_uri("/").rstrip("/")
    if not user_agent or not same_origin or BOT_USER_AGENT.search(user_agent):
        return HttpResponse(status=204)
    client = client_ip(request)
    limits = settings.ARTICLE_VIEWS_RATE_LIMITS
    limit, window = limits["ip"]
    # Without the shared cache (Redis down) the beacon is still answered, but no view is
    # recorded: a few reads lost beat a story pushed up by uncounted scripts.
    if not rate_limit_allows(
        scope="views-ip", key=client, limit=limit, window=window, fail_open=True
    ):
        return HttpResponse(status=429)
    limit, window = limits["article"]
    if rate_limit_allows(
        scope="views-article", key=f"{client}|{article_id}", limit=limit, window=window
    ):
        services.article_view_record(article_id=article_id)
    return HttpResponse(status=204)


def google_news_sitemap(request):
    """Google News sitemap: the articles of the last 48 hours (Google ignores older ones)."""
    since = timezone.now() - timedelta(hours=48)
    articles = (
        ArticlePage.objects.published()
        .filter(first_published_at__gte=since)
        .newest_first()
        .only("title", "url_path", "first_published_at")[:1000]
    )
    return render(
        request,
        "sitemaps/google_news.xml",
        {"articles": articles, "site_url": settings.SITE_URL},
        content_type="application/xml; charset=utf-8",
    )
