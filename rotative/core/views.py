from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


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


def media(request, path):
    """Uploaded files in the embedded mode; a path the file system refuses (too long, a NUL
    byte) is a missing file, not a server error. MEDIA_ROOT is read at each request, not when
    the URLs were loaded (a test that moves it would otherwise leave the next ones a 404)."""
    from django.conf import settings
    from django.views.static import serve

    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        raise Http404(_("Ce fichier n'existe pas.")) from None


def bad_request(request, exception=None):
    """handler400: the site's page, in its layout (Django's own renders the template without
    the request, so without the header, the stylesheet or the paper's name). The mobile app's
    API gets its own error shape (rotative/api/errors.py) instead of a page."""
    if request.path.startswith("/api/"):
        body = {"code": "bad_request", "message": _("Requête invalide."), "errors": []}
        return JsonResponse(body, status=400)
    return render(request, "400.html", status=400)


@require_GET
def publisher_logo(request):
    """The paper's logo as schema.org's publisher.logo points to it (core/logo.py)."""
    from rotative.core.identity import site_identity
    from rotative.core.logo import logo_png

    response = HttpResponse(logo_png(site_identity(request).name), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
