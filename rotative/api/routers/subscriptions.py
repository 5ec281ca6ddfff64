"""What the paper sends the reader, from the app: the letters and breaking alerts (the web's
« Lettres et alertes »), the saved searches' alerts (« Mes alertes »), and the devices that
receive notifications (Web Push, as the site's push.js registers a browser).

Everything goes through the newsletter's form and services and the alerts' services, so the
rules are the web's: preferences for the account's confirmed address only (nothing is mailed:
allauth already proved the reader owns it), a reader's own searches only, push endpoints of
known push services only, at the web's rate."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from rotative.accounts.selectors import account_email_confirmed
from rotative.alerts import selectors as alert_selectors
from rotative.alerts import services as alert_services
from rotative.alerts.kinds import search_kind
from rotative.alerts.models import SavedSearch
from rotative.api.auth import READER
from rotative.api.errors import (
    AUTH_ERRORS,
    ApiError,
    ErrorOut,
    from_django_validation,
    not_found,
)
from rotative.api.inputs import id_path
from rotative.api.schemas.subscriptions import (
    NoticeOut,
    PushSubscriptionIn,
    SavedSearchOut,
    SavedSearchPatchIn,
    SubscriptionsIn,
    SubscriptionsOut,
    VapidKeyOut,
)
from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.seo import absolute
from rotative.newsletter import push, selectors, services
from rotative.newsletter.forms import PreferencesForm
from rotative.newsletter.models import PushSubscription
from rotative.newsletter.views import PUSH_RATE_LIMIT

router = Router(tags=["Lettres et alertes"])
alerts_router = Router(tags=["Mes alertes"])
notifications_router = Router(tags=["Notifications"])


def _ip(request) -> str | None:
    return client_ip(request) or None


def _email_unverified(message: str) -> ApiError:
    return ApiError(403, "email_unverified", message)


# --- letters and breaking alerts -------------------------------------------------------------


def _account_email(request) -> str:
    email = selectors.account_email(user=request.user)
    if email is None:
        raise _email_unverified(
            _("Confirmez d'abord votre adresse e-mail pour recevoir nos lettres et alertes.")
        )
    return email


def _form_kwargs(subscriber) -> dict:
    # The web's page: a reader who never subscribed starts with nothing ticked.
    return {} if subscriber else {"initial": {"morning": False, "breaking": False}}


def _subscriptions_out(*, email: str, subscriber, form: PreferencesForm) -> dict:
    if subscriber is None:
        sections, tags, communes = [], [], []
    else:
        sections = list(subscriber.sections.order_by("title"))
        tags = list(subscriber.tags.order_by("name"))
        communes = list(subscriber.communes.order_by("name", "postal_code"))
    return {
        "email": email,
        "status": subscriber.status if subscriber else "none",
        "receiving": bool(subscriber and subscriber.is_confirmed),
        "morning": subscriber.morning if subscriber else False,
        "breaking": subscriber.breaking if subscriber else False,
        "sections": [{"id": one.pk, "title": one.title} for one in sections],
        "tags": [{"id": one.pk, "name": one.name} for one in tags],
        "communes": [
            {"id": one.pk, "name": one.name, "postal_code": one.postal_code, "label": str(one)}
            for one in communes
        ],
        "choices": {
            "sections": [
                {"id": one.pk, "title": one.title} for one in form.fields["sections"].queryset
            ],
            "tags": [{"id": one.pk, "name": one.name} for one in form.fields["tags"].queryset],
        },
    }


@router.get(
    "",
    response={400: ErrorOut, 200: SubscriptionsOut, **AUTH_ERRORS},
    auth=READER,
    summary="Mes lettres et alertes",
)
def subscriptions(request):
    """What the web's « Lettres et alertes » page shows; 403 `email_unverified` before the
    account's address is confirmed."""
    email = _account_email(request)
    subscriber = selectors.subscriber_for_account(user=request.user)
    form = PreferencesForm(subscriber=subscriber, **_form_kwargs(subscriber))
    return _subscriptions_out(email=email, subscriber=subscriber, form=form)


@router.put(
    "",
    response={400: ErrorOut, 200: SubscriptionsOut, **AUTH_ERRORS},
    auth=READER,
    summary="Changer mes lettres et alertes",
)
def subscriptions_put(request, payload: SubscriptionsIn):
    """The whole choice, as the web's form posts it; a followed commune left out of
    `communes` is no longer followed. Saving subscribes the account's address again if it
    had unsubscribed, as the web page does."""
    email = _account_email(request)
    subscriber = selectors.subscriber_for_account(user=request.user)
    data = MultiValueDict()
    if payload.morning:
        data["morning"] = "on"
    if payload.breaking:
        data["breaking"] = "on"
    data.setlist("sections", [str(pk) for pk in payload.sections])
    data.setlist("tags", [str(pk) for pk in payload.tags])
    data.setlist("communes", [str(pk) for pk in payload.communes])
    data["add_tag"] = payload.add_tag
    data["add_commune"] = payload.add_commune
    form = PreferencesForm(data, subscriber=subscriber, **_form_kwargs(subscriber))
    if not form.is_valid():
        raise from_django_validation(ValidationError(form.errors.as_data()))
    subscriber = services.account_subscriber_ensure(user=request.user, email=email, ip=_ip(request))
    subscriber = services.subscriber_preferences_update(
        subscriber=subscriber,
        **form.preferences(),
        source=services.SOURCE_ACCOUNT,
        ip=_ip(request),
    )
    form = PreferencesForm(subscriber=subscriber)
    return _subscriptions_out(email=email, subscriber=subscriber, form=form)


@router.delete(
    "",
    response={400: ErrorOut, 204: None, **AUTH_ERRORS},
    auth=READER,
    summary="Ne plus rien recevoir",
)
def subscriptions_delete(request):
    """The web's « Se désinscrire de tout »: no letter nor alert any more."""
    _account_email(request)
    subscriber = selectors.subscriber_for_account(user=request.user)
    if subscriber is not None:
        services.subscriber_unsubscribe(
            subscriber=subscriber, source=services.SOURCE_ACCOUNT, ip=_ip(request)
        )
    return Status(204, None)


# --- saved searches (« Mes alertes ») ----------------------------------------------------------


def _confirmed(request) -> None:
    # The web's « Mes alertes » is for confirmed addresses only (confirmed_email_required).
    if not account_email_confirmed(user=request.user):
        raise _email_unverified(
            _("Confirmez d'abord votre adresse e-mail : suivez le lien que nous avons envoyé.")
        )


def _saved_search_out(saved: SavedSearch) -> dict:
    kind = search_kind(saved.kind)
    return {
        "id": saved.pk,
        "label": saved.label,
        "kind": saved.kind,
        "kind_label": str(kind.label) if kind else "",
        "frequency": saved.frequency,
        "frequency_label": str(saved.get_frequency_display()),
        "push": saved.by_push,
        "created_at": saved.created_at,
        "url": absolute(saved.get_search_url()),
    }


def _own_search(request, pk: int) -> SavedSearch:
    saved = SavedSearch.objects.filter(user=request.user, pk=pk).first()
    if saved is None:
        raise not_found(_("Cette alerte n'existe pas."))
    return saved


@alerts_router.get(
    "",
    response={400: ErrorOut, 200: list[SavedSearchOut], **AUTH_ERRORS},
    auth=READER,
    summary="Mes alertes",
)
def saved_searches(request):
    """The reader's saved searches (20 at most), by part of the site then newest first."""
    _confirmed(request)
    return [
        _saved_search_out(saved)
        for _label, found in alert_selectors.saved_searches_by_kind(user=request.user)
        for saved in found
    ]


@alerts_router.patch(
    "/{search_id}",
    response={400: ErrorOut, 200: SavedSearchOut, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Changer une alerte",
)
def saved_search_patch(
    request, payload: SavedSearchPatchIn, search_id: int = id_path("L'id de l'alerte.")
):
    _confirmed(request)
    _own_search(request, search_id)
    if payload.frequency is not None:
        alert_services.saved_search_frequency_set(
            user=request.user, pk=search_id, frequency=payload.frequency
        )
    if payload.push is not None:
        alert_services.saved_search_push_set(user=request.user, pk=search_id, by_push=payload.push)
    return _saved_search_out(_own_search(request, search_id))


@alerts_router.delete(
    "/{search_id}",
    response={400: ErrorOut, 204: None, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Supprimer une alerte",
)
def saved_search_delete(request, search_id: int = id_path("L'id de l'alerte.")):
    _confirmed(request)
    if not alert_services.saved_search_delete(user=request.user, pk=search_id):
        raise not_found(_("Cette alerte n'existe pas."))
    return Status(204, None)


# --- devices (Web Push) ----------------------------------------------------------------------


@notifications_router.get(
    "/cle", response={400: ErrorOut, 200: VapidKeyOut}, summary="La clé publique des notifications"
)
def vapid_key(request):
    return {"vapid_public_key": settings.VAPID_PUBLIC_KEY}


@notifications_router.post(
    "/abonnements",
    response={400: ErrorOut, 201: NoticeOut, **AUTH_ERRORS},
    auth=READER,
    summary="Recevoir les notifications sur cet appareil",
)
def push_subscribe(request, payload: PushSubscriptionIn):
    """Ties the device to the reader (their saved searches' alerts and reminders reach it)
    and to their letters' subscription, like the site's « Recevoir les alertes »."""
    endpoint, keys = payload.endpoint, payload.keys
    try:
        push.subscription_check(endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth)
    except push.PushSubscriptionInvalid as error:
        field = "endpoint" if str(error) == "endpoint" else "keys"
        raise ApiError(
            422,
            "push_subscription_invalid",
            _("Ce navigateur a transmis un abonnement que nous ne pouvons pas utiliser."),
            errors=[
                {
                    "field": field,
                    "code": "invalid",
                    "message": _("Cet abonnement aux notifications n'est pas utilisable."),
                }
            ],
        ) from error
    limit, window = PUSH_RATE_LIMIT
    if not rate_limit_allows(scope="push-ip", key=_ip(request) or "", limit=limit, window=window):
        raise ApiError(
            429,
            "rate_limited",
            _("Trop de demandes : réessayez plus tard."),
            headers={"Retry-After": str(window)},
        )
    services.push_subscription_save(
        endpoint=endpoint,
        p256dh=keys.p256dh,
        auth=keys.auth,
        subscriber=selectors.subscriber_for_account(user=request.user),
        user=request.user,
        breaking_news=payload.breaking_news,
    )
    if payload.breaking_news:
        message = _("C'est fait : les alertes info arriveront sur cet appareil.")
    else:
        message = _("C'est fait : les alertes de vos recherches arriveront sur cet appareil.")
    return Status(201, {"message": message})


@notifications_router.delete(
    "/abonnements",
    response={400: ErrorOut, 204: None, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Ne plus recevoir de notifications sur cet appareil",
)
def push_unsubscribe(
    request,
    endpoint: str = Query(..., min_length=1, max_length=1000, description="L'adresse donnée."),
):
    """Only a device of the reader's own: any other address is a 404."""
    if not PushSubscription.objects.filter(endpoint=endpoint, user=request.user).exists():
        raise not_found(_("Cet appareil ne reçoit pas vos notifications."))
    services.push_subscription_delete(endpoint=endpoint)
    return Status(204, None)
