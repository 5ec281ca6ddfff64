"""Comments' own wording; the shared rules (word list, French plurals) are in core."""

from django.utils.translation import ngettext

from rotative.core.wording import french_plural_number


def comment_count_label(count: int) -> str:
    """« 0 commentaire », « 1 commentaire », « 2 commentaires »."""
    return ngettext(
        "%(count)s commentaire", "%(count)s commentaires", french_plural_number(count)
    ) % {"count": count}
