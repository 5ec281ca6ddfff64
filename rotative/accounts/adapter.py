"""How allauth talks to readers: the publication's name in mail, display names everywhere."""

from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import ValidationError

from rotative.accounts.selectors import display_name_of
from rotative.core.identity import from_email
from rotative.core.ratelimit import client_ip
from rotative.core.utils import site_name


def _publication(request) -> SimpleNamespace:
    # allauth's mail say "current_site"; without django.contrib.sites that would be the
    # host name, where readers know the publication by its name (the Wagtail site's).
    return SimpleNamespace(name=site_name(request), domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"current_site": _publication(allauth_context.request), **context}
        super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from rotative.accounts.security_events import login_locked_out

            identifier = credentials.get("email") or credentials.get("username") or ""
            login_locked_out(request=request, identifier=str(identifier))
            raise

    def is_safe_url(self, url: str | None) -> bool:
        """Where `next` may send a reader: a path of this site, never another host, not even
        one of ALLOWED_HOSTS or an absolute URL of our own (a mail link must not be turned
        into a redirector)."""
        if not url or not url.startswith("/"):
            return False
        parts = urlsplit(url)
        return not parts.scheme and not parts.netloc and super().is_safe_url(url)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        # The link carries the page the reader signed up (or logged in) from: the browser
        # that signed up resumes its login there, another one keeps it for the login form.
        url = super().get_email_confirmation_url(request, emailconfirmation)
        back = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': back})}" if back else url

    def get_client_ip(self, request) -> str:
        # What login, sign-up and reset limits count: X-Forwarded-For only from our proxies.
        return client_ip(request) or super().get_client_ip(request)

    def format_email_subject(self, subject: str) -> str:
        # ACCOUNT_EMAIL_SUBJECT_PREFIX names SITE_NAME: the paper's name is the admin's.
        return f"[{site_name(allauth_context.request)}] {subject}"

    def get_from_email(self) -> str:
        # DEFAULT_FROM_EMAIL's address, the paper's name as its sender (core.identity).
        return from_email(request=allauth_context.request)


def user_display(user) -> str:
    """ACCOUNT_USER_DISPLAY: allauth's pages and mail call readers by their display name."""
    return display_name_of(user=user)
