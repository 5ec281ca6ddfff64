from dataclasses import dataclass

from django.db.models import Q

from rotative.wire import topics
from rotative.wire.models import Dispatch, QuarantinedFile, TopicMapping


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
    queryset = Dispatch.objects.latest_versions().select_related(
        "source__default_section", "article"
    )
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


def _mapped_sections(codes) -> dict:
    """qcode → section, for the mapped topics among `codes`, in one query."""
    if not codes:
        return {}
    return {
        mapping.qcode: mapping.section
        for mapping in TopicMapping.objects.filter(
            qcode__in=set(codes), section__isnull=False
        ).select_related("section")
    }


def section_suggested(*, dispatch: Dispatch, mapped: dict | None = None):
    """The section of the first mapped topic, else the source's default section, else None."""
    codes = dispatch.subject_codes.split()
    if mapped is None:
        mapped = _mapped_sections(codes)
    for code in codes:
        if code in mapped:
            return mapped[code]
    if dispatch.source_id and dispatch.source.default_section_id:
        return dispatch.source.default_section
    return None


def dispatches_waiting_for_section(dispatches) -> set[int]:
    """The pks of the stories an editor must place by hand: text, pending, no article, and no
    topic or source that names a section. Two queries for a whole page of the queue."""
    dispatches = list(dispatches)
    mapped = _mapped_sections(code for d in dispatches for code in d.subject_codes.split())
    return {
        dispatch.pk
        for dispatch in dispatches
        if dispatch.status == Dispatch.Status.PENDING
        and dispatch.kind in ("text", "composite")
        and dispatch.article_id is None
        and section_suggested(dispatch=dispatch, mapped=mapped) is None
    }


def dispatches_pending_count() -> int:
    """Stories in the queue waiting for the desk (the latest version of each, still pending)."""
    return Dispatch.objects.latest_versions().filter(status=Dispatch.Status.PENDING).count()


def quarantined_files_count() -> int:
    return QuarantinedFile.objects.count()
