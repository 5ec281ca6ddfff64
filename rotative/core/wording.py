"""French wording every app needs."""


def french_plural_number(count: int) -> int:
    """The number to give ngettext so that 0 takes the singular, as French wants (« 0
    commentaire »; Django's fr catalogue says Plural-Forms: plural=(n > 1)). Our msgids are
    French and have no catalogue: ngettext then falls back to the English rule (n != 1)."""
    return count if count > 1 else 1
