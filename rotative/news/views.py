import re
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rotative.news import selectors, services
from rotative.news.models import ArticlePage
from rotative.news.models.pages import paginate

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


@csrf_exempt  # a beacon carries no session and changes nothing but an anonymous counter
@require_POST
def article_view_beacon(request, article_id):
    """Counts a read, sent by the page's script so that cached pages are counted too."""
    user_agent = request.headers.get("User-Agent", "")
    origin = request.headers.get("Origin")
    same_origin = origin is None or origin == request.build_absolute_uri("/").rstrip("/")
    if user_agent and same_origin and not BOT_USER_AGENT.search(user_agent):
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
