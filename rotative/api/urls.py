from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from rotative.api.v1 import api


@csrf_exempt  # it writes nothing, and a write sent here must get this 404, not a CSRF page
def unknown(request, rest=""):
    """Any other address under /api/: the API's JSON 404, not the site's page nor a redirect."""
    return JsonResponse(
        {"code": "not_found", "message": _("Cette adresse de l'API n'existe pas."), "errors": []},
        status=404,
    )


def index(request):
    """/api/v1/: where the schema and its documentation are, for whoever starts here."""
    return JsonResponse(
        {
            "version": api.version,
            "schema": reverse("api-v1:openapi-json"),
            "documentation": reverse("api-v1:openapi-view"),
        }
    )


urlpatterns = [
    path("v1/", index, name="api_index"),  # before Ninja's own root, a bare 404
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown),
]
