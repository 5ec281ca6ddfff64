from django.http import JsonResponse
from django.urls import path, re_path
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


urlpatterns = [path("v1/", api.urls), re_path(r"^(?P<rest>.*)$", unknown)]
