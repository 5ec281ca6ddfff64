from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


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


class SessionLifetimeMiddleware:
    """Ends a logged-in session after too long without a request (idle) or since its login
    (absolute), whatever the cookie says: a session stolen or left open on a shared computer
    does not live for ever (ASVS 7.3.1, 7.3.2).

    Readers get long limits (SESSION_IDLE_SECONDS, SESSION_ABSOLUTE_SECONDS: a news site is
    read from one's own phone, logging in every day would drive readers away); anyone who
    can open the admin gets short ones (SESSION_STAFF_*), their session can publish to every
    reader. The login time is written once, at login (sessions.session_login_stamp): nothing
    a request does moves it. The last-seen time is written only when it is older than a
    twentieth of the idle limit, so that a reader's requests do not each cost a write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from rotative.accounts import sessions

        if request.session.get(SESSION_KEY):
            sessions.session_enforce_lifetime(request=request)
        return self.get_response(request)


class StaffSecondFactorMiddleware:
    """The admin opens only to a session that passed a second factor.

    Staff (anyone the admin lets in: editors, moderators, administrators) without an
    authenticator app are sent to set one up; with one, a session that did not give its code
    (made before it was set up, or by another way in) is asked for it again. Readers are
    never bothered: for them it is a choice in « Mon compte »."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        if (
            settings.STAFF_MFA_REQUIRED
            and request.path.startswith(self.admin_prefix)
            and request.path != reverse("wagtailadmin_logout")
            and _is_staff(request.user)
        ):
            if not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists():
                messages.warning(
                    request,
                    _(
                        "L'administration demande une double authentification : activez-la "
                        "avec une application d'authentification (codes à six chiffres)."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not session_passed_second_factor(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

    @property
    def admin_prefix(self) -> str:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix


def _is_staff(user) -> bool:
    from rotative.accounts.sessions import user_is_staff  # one rule for "staff", with sessions

    return user.is_authenticated and user_is_staff(user)


def session_passed_second_factor(request) -> bool:
    """Whether this session gave a code (at login, to re-authenticate, or when the app was
    set up: see apps.AccountsConfig.ready)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)
