from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rotative.accounts.urls import side_door_urlpatterns
from rotative.core import views as core_views
from rotative.core.site_parts import registry as site_parts
from rotative.core.sitemaps import PagesSitemap, sitemap_index
from rotative.geo import views as geo_views
from rotative.home import views as home_views

# The pages' sitemap (articles and live blogs), then those the parts registered: topics,
# En direct, the ads, the agenda's events and venues, the jobs, les pronostics.
sitemaps = {"pages": PagesSitemap, **site_parts.sitemaps}

urlpatterns = [
    *side_door_urlpatterns,  # one login for everyone: before the admin's and Wagtail's own
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", home_views.search, name="search"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("logo-editeur.png", core_views.publisher_logo, name="publisher_logo"),
    path("communes.json", geo_views.communes_suggest, name="communes_suggest"),
    path(
        "fragments/alerte-info/",
        home_views.breaking_banner_fragment,
        name="breaking_banner_fragment",
    ),
    path("sante/", include("rotative.ops.urls")),  # health checks and metrics
    path("", include("rotative.mobile.urls")),  # /sw.js, the manifest, /application/
    path("api/", include("rotative.api.urls")),  # the mobile app's JSON API
    path("compte/appareils/", include("rotative.api.account_urls")),
    path("compte/a-lire/", include("rotative.bookmarks.urls")),  # « À lire plus tard »
    path("compte/", include("rotative.accounts.urls")),
    path("commentaires/", include("rotative.comments.urls")),
    path("newsletter/", include("rotative.newsletter.urls")),
    path("en-direct/", include("rotative.live.urls")),
    path("annonces/", include("rotative.classifieds.urls")),
    path("agenda/", include("rotative.agenda.urls")),
    path("emploi/", include("rotative.jobs.urls")),
    path("pronostics/", include("rotative.pronostics.urls")),
    path("alertes/", include("rotative.alerts.urls")),
    path("", include("rotative.news.urls")),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    # Embedded mode serves its own media; production puts them on object storage.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            core_views.media,
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

# allauth answers its own rate limits (sign-up, login, password reset) with this view.
handler400 = "rotative.core.views.bad_request"
handler429 = "rotative.accounts.views.rate_limited"
# A 503 page while the database is down, the 500 page otherwise (rotative/ops/unavailable.py).
handler500 = "rotative.ops.unavailable.server_error"
