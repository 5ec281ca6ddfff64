from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rotative.home import selectors
from rotative.news.models.pages import paginate
from rotative.news.search import SORT_DATE, SORT_RELEVANCE, SORTS, article_search, search_words

MAX_QUERY_LENGTH = 200
# The banner fragment is purged on every change of alert; this bounds how long an alert's
# end (a time, not an event) or a purge lost with a restarting Varnish can show.
BANNER_FRAGMENT_SECONDS = 60


@require_GET
def breaking_banner_fragment(request):
    """The « Alerte info » banner alone: behind Varnish, every page includes it through ESI
    (home.context_processors), so that a change of alert purges this and not every page."""
    html = render_to_string(
        "components/breaking_banner.html", {"breaking": selectors.breaking_banner(request=request)}
    )
    response = HttpResponse(html)
    patch_cache_control(response, public=True, max_age=0, s_maxage=BANNER_FRAGMENT_SECONDS)
    return response


@require_GET
def search(request):
    query = search_words(request.GET.get("q", ""))[:MAX_QUERY_LENGTH].strip()
    # An unknown order (an old or hand-made link) falls back to relevance rather than failing.
    sort = request.GET.get("tri") if request.GET.get("tri") in SORTS else SORT_RELEVANCE
    results = None
    if query:
        results = paginate(article_search(query=query, sort=sort), request.GET.get("page"))
    return render(
        request,
        "pages/search_page.html",
        {
            "query": query,
            # The header's search box shows them; other pages' `query` is their own search.
            "search_words": query,
            "sort": sort,
            "sorts": [(SORT_RELEVANCE, _("pertinence")), (SORT_DATE, _("date"))],
            "results": results,
            "canonical_url": settings.SITE_URL + request.path,
        },
    )
