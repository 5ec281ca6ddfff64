"""What a CV sent through the site must be: a PDF, by its content, of a bounded size.

Neither the file's name nor the type the browser announces is trusted: a renamed program
says « cv.pdf » and « application/pdf » as easily as a real CV. A PDF starts with « %PDF- »
and ends with « %%EOF » (give or take trailing bytes some tools add).
"""

from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
MAX_BYTES = 5 * MEGABYTE
HEADER = b"%PDF-"
TRAILER = b"%%EOF"
# Writers may append a newline or a few bytes after the last « %%EOF ».
TAIL_BYTES = 1024


def too_big_message() -> str:
    return _("Votre CV dépasse %(limit)s Mo : envoyez un PDF plus léger.") % {
        "limit": MAX_BYTES // MEGABYTE
    }


def cv_problem(data: bytes) -> str:
    """Why these bytes are not a CV we accept, or ''."""
    if not data:
        return _("Le fichier est vide : joignez votre CV au format PDF.")
    if len(data) > MAX_BYTES:
        return too_big_message()
    if not data.startswith(HEADER) or TRAILER not in data[-TAIL_BYTES:]:
        return _("Ce fichier n'est pas un PDF lisible : joignez votre CV au format PDF.")
    return ""
