"""Readers' newsletter pages: sign-up, confirmation, preferences by signed link or from the
account, unsubscription (one click, RFC 8058), erasure; and the mail provider's webhook.

Pages reached by a signed link are never cached: the link is the reader's key.
"""

import hashlib
import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse, RawPostDataException
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.security_log import security_event
from rotative.newsletter import links, selectors, services
from rotative.newsletter.forms import PreferencesForm, SignupForm
from rotative.newsletter.models import Suppression

logger = logging.getLogger(__name__)


def _ip(request) -> str | None:
    return client_ip(request) or None


# --- sign-up ---------------------------------------------------------------------------------


# The form sits on publicly cached article pages, which cannot carry a per-reader CSRF token.
# A forged sign-up can only make us mail a confirmation link that its owner will ignore
# (double opt-in), and both the IP address and the address are rate-limited.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignupForm(request.POST or None, initial={"source": request.GET.get("depuis", "")})
    if request.method == "POST" and form.is_valid():
        ip_limit, ip_window = settings.NEWSLETTER_RATE_LIMITS["ip"]
        if not rate_limit_allows(
            scope="newsletter-ip", key=_ip(request) or "", limit=ip_limit, window=ip_window
        ):
            form.add_error(
                None,
                _("Trop de demandes d'inscription depuis votre connexion : réessayez plus tard."),
            )
            return _signup_page(request, form, status=429)
        email = services.email_normalize(form.cleaned_data["email"])
        if form.is_bot:
            security_event("bot_trap", level=logging.WARNING, form="newsletter-signup")
        email_limit, email_window = settings.NEWSLETTER_RATE_LIMITS["email"]
        # Past its limit an address gets no more mail, but the answer stays the same: it
        # must not tell whether the address is known.
        if not form.is_bot and rate_limit_allows(
            scope="newsletter-email", key=email, limit=email_limit, window=email_window
        ):
            services.subscriber_signup(
                email=email, source=form.cleaned_data["source"], ip=_ip(request)
            )
        return redirect("newsletter:check_mail")
    return _signup_page(request, form, status=400 if form.errors else 200)


def _signup_page(request, form, *, status):
    context = {"form": form, "wording": services.signup_wording()}
    return render(request, "newsletter/signup.html", context, status=status)


@never_cache  # it carries a CSRF token (the notifications button): never shared by a cache
@require_GET
def check_mail(request):
    return render(request, "newsletter/check_mail.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link of the confirmation mail. Confirming takes a click on the page, not the mere
    visit: mail filters open links to inspect them, and they must not subscribe anyone."""
    subscriber = links.subscriber_from_confirm_token(token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", {"expired": True}, status=404)
    if request.method == "POST" or subscriber.is_confirmed:
        services.subscriber_confirm(subscriber=subscriber, ip=_ip(request))
        messages.success(request, _("C'est confirmé : vous recevrez nos lettres et alertes."))
        return redirect("newsletter:preferences", token=links.manage_token(subscriber))
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


# --- preferences, by signed link ---------------------------------------------------------------


def _subscriber_or_404(token):
    subscriber = links.subscriber_from_manage_token(token)
    if subscriber is None:
        raise Http404(_("Ce lien n'est pas valide."))
    return subscriber


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = _subscriber_or_404(token)
    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        services.subscriber_unsubscribe(subscriber=subscriber, ip=_ip(request))
        return render(request, "newsletter/unsubscribed.html", {"token": token})
    form = PreferencesForm(request.POST or None, subscriber=subscriber)
    if request.method == "POST" and form.is_valid():
        services.subscriber_preferences_update(
            subscriber=subscriber, **form.preferences(), ip=_ip(request)
        )
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("newsletter:preferences", token=token)
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "subscriber": subscriber, "token": token, "action": request.path},
        status=400 if form.errors else 200,
    )


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here, without cookie or token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = _subscriber_or_404(token)
    if request.method == "POST":
        source = (
            services.SOURCE_ONE_CLICK
            if request.POST.get("List-Unsubscribe") == "One-Click"
            else services.SOURCE_PREFERENCES
        )
        services.subscriber_unsubscribe(subscriber=subscriber, source=source, ip=_ip(request))
        return render(request, "newsletter/unsubscribed.html", {"token": token})
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request, token):
    """« Supprimer mes données », for a subscriber without an account."""
    subscriber = _subscriber_or_404(token)
    if request.method == "POST":
        services.subscriber_erase(subscriber=subscriber)
        return render(request, "newsletter/erased.html")
    return render(request, "newsletter/erase.html", {"subscriber": subscriber, "token": token})


# --- preferences, from the account ---------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account(request):
    email = selectors.account_email(user=request.user)
    subscriber = selectors.subscriber_for_account(user=request.user)
    if email is None:
        return render(request, "newsletter/account.html", {"email": None})
    if request.method == "POST" and request.POST.get("action") == "unsubscribe":
        if subscriber is not None:
            services.subscriber_unsubscribe(
                subscriber=subscriber, source=services.SOURCE_ACCOUNT, ip=_ip(request)
            )
        messages.success(request, _("Vous ne recevrez plus aucune lettre ni alerte."))
        return redirect("newsletter:account")
    form = PreferencesForm(
        request.POST or None,
        subscriber=subscriber,
        **({} if subscriber else {"initial": {"morning": False, "breaking": False}}),
    )
    if request.method == "POST" and form.is_valid():
        subscriber = services.account_subscriber_ensure(
            user=request.user, email=email, ip=_ip(request)
        )
        services.subscriber_preferences_update(
            subscriber=subscriber,
            **form.preferences(),
            source=services.SOURCE_ACCOUNT,
            ip=_ip(request),
        )
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("newsletter:account")
    return render(
        request,
        "newsletter/account.html",
        {"form": form, "subscriber": subscriber, "email": email, "action": request.path},
        status=400 if form.errors else 200,
    )


# --- the mail provider's webhook -----------------------------------------------------------------

SIGNATURE_HEADER = "X-Rotative-Signature"


def webhook_signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_POST
def webhook(request):
    """Bounces and complaints reported by the mail provider, as JSON signed with the shared
    NEWSLETTER_WEBHOOK_SECRET (`X-Rotative-Signature: sha256=<HMAC of the body>`).

    Body: one event, a list of them, or {"events": [...]}; each event is
    {"type": "bounce", "bounce_type": "hard" | "soft", "email": …} or
    {"type": "complaint", "email": …}. Hard bounces and complaints suppress the address;
    soft bounces (a full mailbox, a server down) are ignored: the next mail may get through.
    """
    secret = settings.NEWSLETTER_WEBHOOK_SECRET
    if not secret:
        raise Http404
    given = request.headers.get(SIGNATURE_HEADER, "")
    if not hmac.compare_digest(given, webhook_signature(request.body, secret)):
        security_event("signed_value_invalid", level=logging.WARNING, value="newsletter-webhook")
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    events = payload.get("events", [payload]) if isinstance(payload, dict) else payload
    if not isinstance(events, list):
        return JsonResponse({"error": "no events"}, status=400)
    suppressed = ignored = 0
    for event in events:
        reason = _suppression_reason(event)
        if reason is None:
            ignored += 1
            continue
        services.address_suppress(email=event["email"], reason=reason)
        suppressed += 1
    return JsonResponse({"suppressed": suppressed, "ignored": ignored})


HARD_BOUNCES = {"hard", "permanent"}


def _suppression_reason(event) -> str | None:
    if not isinstance(event, dict) or not isinstance(event.get("email"), str):
        return None
    if "@" not in event["email"]:
        return None
    kind = str(event.get("type", "")).lower()
    if kind == "complaint":
        return Suppression.Reason.COMPLAINT
    if kind == "bounce" and str(event.get("bounce_type", "")).lower() in HARD_BOUNCES:
        return Suppression.Reason.HARD_BOUNCE
    return None


# --- Web Push: the browser's subscription, and the service worker -------------------------------

PUSH_RATE_LIMIT = (30, 3600)  # subscriptions recorded per IP address and hour


def _json_body(request) -> dict | None:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RawPostDataException):  # a form, not JSON
        return None
    return data if isinstance(data, dict) else None


# CSRF-protected (the script sends the token in X-CSRFToken): another site must not be able
# to attach a browser to someone's subscriber.
@never_cache
@require_POST
def push_subscribe(request):
    """What the browser's PushManager.subscribe() returned, posted by static/js/push.js."""
    from rotative.newsletter import push

    data = _json_body(request)
    subscription = data.get("subscription") if data else None
    if not isinstance(subscription, dict) or not isinstance(subscription.get("keys"), dict):
        return JsonResponse({"error": _("Abonnement aux notifications illisible.")}, status=400)
    endpoint, keys = subscription.get("endpoint"), subscription["keys"]
    try:
        push.subscription_check(endpoint=endpoint, p256dh=keys.get("p256dh"), auth=keys.get("auth"))
    except push.PushSubscriptionInvalid:
        return JsonResponse(
            {
                "error": _(
                    "Ce navigateur a transmis un abonnement que nous ne pouvons pas utiliser."
                )
            },
            status=400,
        )
    limit, window = PUSH_RATE_LIMIT
    if not rate_limit_allows(scope="push-ip", key=_ip(request) or "", limit=limit, window=window):
        return JsonResponse({"error": _("Trop de demandes : réessayez plus tard.")}, status=429)
    token = data.get("token")
    if isinstance(token, str) and token:
        subscriber = links.subscriber_from_manage_token(token)
    else:
        subscriber = selectors.subscriber_for_account(user=request.user)
    # From « Mes alertes » or the pronostics' reminders: the reader's own notifications (their
    # saved searches, their reminders), not the breaking news.
    purpose = data.get("purpose") if request.user.is_authenticated else None
    searches_only = purpose in ("recherches", "pronostics")
    services.push_subscription_save(
        endpoint=endpoint,
        p256dh=keys["p256dh"],
        auth=keys["auth"],
        subscriber=subscriber,
        user=request.user if request.user.is_authenticated else None,
        breaking_news=not searches_only,
    )
    if purpose == "pronostics":
        message = _("C'est fait : vos rappels de pronostics arriveront sur ce navigateur.")
    elif searches_only:
        message = _("C'est fait : les alertes de vos recherches arriveront sur ce navigateur.")
    else:
        message = _("C'est fait : les alertes info arriveront sur ce navigateur.")
    return JsonResponse({"message": message}, status=201)


@never_cache
@require_POST
def push_unsubscribe(request):
    data = _json_body(request)
    endpoint = data.get("endpoint") if data else None
    if not isinstance(endpoint, str) or not endpoint:
        return JsonResponse({"error": _("Abonnement aux notifications illisible.")}, status=400)
    services.push_subscription_delete(endpoint=endpoint)
    return JsonResponse({"message": _("Ce navigateur ne recevra plus les alertes info.")})
