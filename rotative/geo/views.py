"""The commune suggestions every form's commune field offers as the reader types."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from rotative.geo.selectors import commune_search

SUGGESTIONS = 10


@require_GET
def communes_suggest(request):
    """`{"communes": ["Carantilly (50570)", …]}` for `?q=`: read by js/site.js into the
    <datalist> that forms.CommuneInput renders beside its field."""
    found = commune_search(query=request.GET.get("q", ""), limit=SUGGESTIONS)
    return JsonResponse({"communes": [commune.label for commune in found]})
