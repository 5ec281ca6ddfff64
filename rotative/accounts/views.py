import json
import logging
from urllib.parse import urlencode

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import login_on_verification
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rotative.accounts import selectors, services
from rotative.accounts.decorators import confirmed_email_required
from rotative.accounts.forms import AccountDeleteForm, ProfessionalForm, ProfileForm
from rotative.core.cache import cache_unavailable
from rotative.core.security_log import security_event


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """« Mon compte »: public name and mail preferences, and the way to everything else."""
    if request.method == "POST":
        form = ProfileForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.profile_update(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Vos préférences sont enregistrées."))
                return redirect("accounts_profile")
    else:
        form = ProfileForm(initial=selectors.profile_settings(user=request.user), user=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_GET
def data_download(request):
    """« Télécharger mes données »: one JSON file of everything the site holds on the reader."""
    export = services.account_export(user=request.user)
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """« Supprimer mon compte »: the password and an explicit yes, then gone and logged out."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        get_adapter(request).logout(request)
        messages.success(
            request,
            _("Votre compte et les données qui s'y rattachent ont été supprimés. Au revoir !"),
        )
        return redirect("/")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "can_delete": selectors.account_can_be_deleted(user=request.user)},
    )


@confirmed_email_required  # declaring a business acts for the reader, like posting an ad
@require_http_methods(["GET", "POST"])
def professional(request):
    """« Compte professionnel »: a business declares its name and SIRET, checked by the
    newsroom before its ads carry the mark."""
    current = selectors.professional_of(user=request.user)
    initial = {"company_name": current.company_name, "siret": current.siret} if current else {}
    form = ProfessionalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.professional_request(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("C'est noté : la rédaction vérifie votre numéro SIRET sous 48 heures."),
            )
            return redirect("accounts_professional")
    return render(request, "accounts/professional.html", {"form": form, "professional": current})


class ConfirmEmailView(allauth_views.ConfirmEmailView):
    """The link mailed at sign-up, carrying `next` (the page the reader signed up from).

    In the browser that signed up, allauth resumes the login it left pending: the address is
    confirmed, the remaining steps run (a second factor for an account that has one) and the
    reader lands on `next`, logged in. Anywhere else (another browser, the phone's mail app)
    a link never logs anyone in, since whoever reads the mail could: the address is confirmed
    and the reader is sent to the login form, `next` kept. A link already used says so
    instead of "invalid", and still logs in the browser that signed up."""

    def get(self, *args, **kwargs):
        return self._already_used() or super().get(*args, **kwargs)

    def post(self, *args, **kwargs):
        return self._already_used() or super().post(*args, **kwargs)

    def _already_used(self):
        address = selectors.confirmation_link_address(key=self.kwargs["key"])
        if address is None or not address.verified:
            return None
        user = self.request.user
        if user.is_authenticated and user.pk == address.user_id:
            messages.info(self.request, _("Votre adresse e-mail est déjà confirmée."))
            return redirect(
                self.get_next_url() or get_adapter().get_login_redirect_url(self.request)
            )
        if user.is_authenticated:
            return None  # someone else's link: allauth's "invalid link" page
        # Confirmed on the phone, then opened again in the browser that signed up: that
        # browser's pending login resumes, as if it had been first (allauth's own checks).
        resumed = login_on_verification(self.request, address)
        if resumed is not None:
            messages.success(self.request, _("Votre adresse e-mail est confirmée."))
            return resumed
        messages.info(
            self.request,
            _("Votre adresse e-mail est déjà confirmée. Connectez-vous pour continuer."),
        )
        return redirect(self._login_url())

    def get_redirect_url(self) -> str:
        if self.request.user.is_authenticated:
            return super().get_redirect_url()
        messages.info(
            self.request,
            _(
                "Pour votre sécurité, le lien ne connecte que le navigateur où il a été "
                "demandé. Connectez-vous pour continuer."
            ),
        )
        return self._login_url()

    def _login_url(self) -> str:
        back = self.get_next_url()
        return reverse("account_login") + (f"?{urlencode({'next': back})}" if back else "")


def rate_limited(request):
    """allauth's answer to a rate limit it enforces (handler429 in rotative/urls.py): the
    refusal goes to the security log like the site's own (core.ratelimit), the route telling
    which limit."""
    if cache_unavailable():
        # Nothing could be counted (Redis down, core/cache.py): allauth shuts the door, as it
        # should; the reader learns it is not their doing and when to come back.
        security_event("rate_limit_uncounted", level=logging.WARNING, scope="allauth")
        response = render(request, "429.html", {"cache_unavailable": True}, status=503)
        response["Retry-After"] = "120"
        # A designed refusal, logged above as a warning: not a server error for Django's
        # request log (which would write it at ERROR and page whoever watches those).
        response._has_been_logged = True
        return response
    security_event("rate_limited", level=logging.WARNING, scope="allauth")
    return render(request, "429.html", status=429)


@require_http_methods(["GET", "POST", "HEAD"])
def login_elsewhere(request, *, default_next: str):
    """Wagtail's own login (/admin/login/, /_util/login/) and password reset, closed: one
    login for everyone, allauth's, with its rate limits, lockout, confirmed addresses and
    second factor. A POST is answered with a GET redirect, so credentials are never read here
    nor forwarded; `next` is kept (allauth checks it is on this site)."""
    target = request.GET.get("next") or default_next
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@require_http_methods(["GET", "POST", "HEAD"])
def password_reset_elsewhere(request, **kwargs):
    return redirect("account_reset_password")
