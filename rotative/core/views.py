from django.conf import settings
from django.http import Http404, HttpResponse
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


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /recherche/",
        "Disallow: /vues/",
        "Disallow: /sante/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        f"Sitemap: {settings.SITE_URL}/sitemap-news.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def media(request, path, document_root):
    """Uploaded files in the embedded mode; a path the file system refuses (too long, a NUL
    byte) is a missing file, not a server error."""
    from django.views.static import serve

    try:
        return serve(request, path, document_root=document_root)
    except (OSError, ValueError):
        raise Http404(_("Ce fichier n'existe pas.")) from None


def bad_request(request, exception=None):
    """handler400: the site's page, in its layout (Django's own renders the template without
    the request, so without the header, the stylesheet or the paper's name)."""
    return render(request, "400.html", status=400)
