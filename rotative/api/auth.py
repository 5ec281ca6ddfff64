"""Who calls the API: the app with its bearer token, or the paper's own pages with the
reader's session (and its CSRF token for writes).

Public reads accept either to personalise (`reader()`); an invalid or revoked token is
refused even there, so that the app learns at once that it must sign in again."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from rotative.accounts.selectors import account_email_confirmed
from rotative.api.errors import ApiError
from rotative.api.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = token_authenticate(key=token)
        if api_token is None:
            raise ApiError(
                401,
                "invalid_token",
                _("Cette connexion n'est plus valable : reconnectez-vous dans l'application."),
                headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
            )
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


token_auth = TokenAuth()
# Endpoints that need a reader: the app's token first, then the site's session.
READER = [token_auth, django_auth]


def reader(request):
    """The reader calling a public endpoint, or AnonymousUser."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        token_auth(request)  # raises on a bad token; sets request.user
        return request.user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else AnonymousUser()


def confirmed_reader(user) -> None:
    """The site's one rule for acting as a reader (accounts.selectors.account_email_confirmed):
    posting an ad, an event, a comment. 403 `email_unverified` otherwise."""
    if not account_email_confirmed(user=user):
        raise ApiError(
            403,
            "email_unverified",
            _("Confirmez d'abord votre adresse e-mail : suivez le lien que nous avons envoyé."),
        )
