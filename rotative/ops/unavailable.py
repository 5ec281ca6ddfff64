"""The page readers get while the database cannot be reached: French, 503, Retry-After.

Django turns an exception raised anywhere in the middleware chain or the view into a
response at the layer where it happens (convert_exception_to_response), so a middleware
wrapped around the others never sees the error of an inner one (the session read by the
authentication middleware, say). The one place every such error reaches is the 500 handler,
called while the exception is being handled: `server_error` looks at it there, answers 503
for a database that cannot be reached and the usual 500 page for anything else.

The page needs nothing from the database: a template rendered without the request (no
context processors, which read the site's settings), the paper's name as last seen by
this process.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def _unreachable_types() -> tuple[type, ...]:
    types: list[type] = [OperationalError, InterfaceError]
    try:
        import psycopg
        import psycopg_pool

        # Raised outside Django's wrapping when the pool itself gives up.
        types += [psycopg.OperationalError, psycopg.InterfaceError, psycopg_pool.PoolTimeout]
    except ImportError:  # SQLite-only installation
        pass
    return tuple(types)


UNREACHABLE = _unreachable_types()

# The paper's name, remembered from the last page this process served (core.identity sets
# it on the request): the database that keeps it is what is missing now.
_paper = {"name": ""}


def paper_remember(request) -> None:
    identity = getattr(request, "_rotative_identity", None)
    if identity is not None:
        _paper["name"] = identity.name


def paper_name() -> str:
    # Never the software's own name: an installation that did not set SITE_NAME shows none.
    fallback = settings.WAGTAIL_SITE_NAME if settings.WAGTAIL_SITE_NAME != "Rotative" else ""
    return _paper["name"] or fallback


def database_unreachable(error: BaseException | None) -> bool:
    """Whether the error, or one it was raised from, says the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNREACHABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def unavailable_response(request) -> HttpResponse:
    # « Réessayer » asks for the same page again; one leading slash, so that « //host/ »
    # cannot make it a link to another site.
    retry_path = "/" + request.get_full_path().lstrip("/")
    context = {"paper_name": paper_name(), "retry_path": retry_path}
    html = render_to_string("503.html", context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Not kept by Varnish or a browser: the next try must reach the server.
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: 503 while the database is down, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if not database_unreachable(error):
        return defaults.server_error(request)
    logger.warning(
        "database unreachable",
        extra={
            "event": "database_unreachable",
            "fields": {"path": request.path, "error": f"{type(error).__name__}: {error}"},
        },
    )
    response = unavailable_response(request)
    # One warning line per request (above), not Django's traceback for each of thousands.
    response._has_been_logged = True
    return response
