from django.urls import reverse
from django.utils.cache import add_never_cache_headers


class PrivateAccountPagesMiddleware:
    """Keeps what is meant for one browser out of shared caches.

    core's CacheHeadersMiddleware lets a shared cache keep any page an anonymous reader gets.
    Account pages carry a CSRF token (the confirmation page an email address too), and any
    page may show a one-off message such as « Vous êtes déconnecté(e). »: none of them may be
    served to someone else. Listed after CacheHeadersMiddleware, this one sees the response
    first; CacheHeadersMiddleware then leaves the Cache-Control it finds alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix) or _messages_shown(request):
            add_never_cache_headers(response)
        return response

    @property
    def prefix(self) -> str:
        if self._prefix is None:  # the URLconf is not loaded yet when middleware is built
            self._prefix = reverse("accounts_profile")
        return self._prefix


def _messages_shown(request) -> bool:
    storage = getattr(request, "_messages", None)
    # `used` is set when a template iterated the messages; they are only dropped later.
    return storage is not None and storage.used and len(storage) > 0
