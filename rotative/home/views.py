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
# end (a time, not an event) or a purge lost with a restarting Varnish can show. Varnish's
# copies of the assembled pages are kept no longer (deploy/varnish/default.vcl says 60 s too).
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


def _thousands(number: int) -> str:
    """« 1 000 »: French groups thousands with a narrow no-break space."""
    return f"{number:,}".replace(",", "\u202f")


@require_GET
def search(request):
    query = search_words(request.GET.get("q", ""))[:MAX_QUERY_LENGTH].strip()
    # An unknown order (an old or hand-made link) falls back to relevance rather than failing.
    sort = request.GET.get("tri") if request.GET.get("tri") in SORTS else SORT_RELEVANCE
    results = found = None
    if query:
        found = article_search(query=query, sort=sort)
        results = paginate(found, request.GET.get("page"))
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
            # Past the bound, the count says « plus de 1 000 » (news.search: not counted).
            "more_than": _thousands(found.bound) if found and found.more_than_bound else None,
            "canonical_url": settings.SITE_URL + request.path,
        },
    )
