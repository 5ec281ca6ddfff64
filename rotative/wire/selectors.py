from dataclasses import dataclass

from django.db.models import Q

from rotative.wire import topics
from rotative.wire.models import Dispatch


@dataclass(frozen=True)
class QueueFilters:
    source: int | None = None
    topic: str = ""
    max_urgency: int | None = None
    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params) -> "QueueFilters":
        def as_int(name):
            value = params.get(name, "")
            # ASCII digits only: "²" passes str.isdigit() and fails int().
            return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None

        status = params.get("status", "")
        return cls(
            source=as_int("source"),
            topic=params.get("topic", "").strip()[:100],
            max_urgency=as_int("urgency"),
            status=status if status in Dispatch.Status.values else "",
            q=params.get("q", "").strip()[:200],
        )


def dispatch_queue(*, filters: QueueFilters):
    """The latest version of each agency story, newest first, filtered as the desk asks."""
    queryset = Dispatch.objects.latest_versions().select_related("source", "article")
    if filters.source:
        queryset = queryset.filter(source_id=filters.source)
    if filters.topic:
        matches = Q(subject_codes__icontains=filters.topic) | Q(subjects__icontains=filters.topic)
        # The desk types the French name it sees (« automobile »), not always the agency's code.
        for code in topics.codes_named(filters.topic)[:20]:
            matches |= Q(subject_codes__icontains=code)
        queryset = queryset.filter(matches)
    if filters.max_urgency:
        queryset = queryset.filter(urgency__lte=filters.max_urgency)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.q:
        queryset = queryset.filter(
            Q(headline__icontains=filters.q) | Q(slugline__icontains=filters.q)
        )
    return queryset.order_by("-received_at", "-pk")


def query_without_page(params) -> str:
    query = params.copy()
    query.pop("p", None)
    return query.urlencode()
