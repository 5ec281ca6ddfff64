from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rotative.news.models.pages import paginate
from rotative.news.search import SORT_DATE, SORT_RELEVANCE, SORTS, article_search, search_words

MAX_QUERY_LENGTH = 200


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
            "sort": sort,
            "sorts": [(SORT_RELEVANCE, _("pertinence")), (SORT_DATE, _("date"))],
            "results": results,
            "canonical_url": settings.SITE_URL + request.path,
        },
    )
