from rotative.alerts.kinds import search_kinds
from rotative.alerts.models import SavedSearch


def saved_searches_by_kind(*, user) -> list[tuple[str, list[SavedSearch]]]:
    """« Mes alertes »: the reader's searches under the heading of their part, newest first."""
    searches = list(SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk"))
    return [
        (kind.label, found)
        for kind in search_kinds()
        if (found := [saved for saved in searches if saved.kind == kind.name])
    ]


def saved_searches_with_push(*, user) -> bool:
    return SavedSearch.objects.filter(user=user, by_push=True).exists()
