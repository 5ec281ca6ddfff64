"""Signing the app in and out: a token per device, issued through the very checks of the
site's login form (allauth's rate limits and lockout, verified address, second factor)."""

from datetime import datetime

from allauth.account.forms import LoginForm
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from rotative.api.auth import READER, token_auth
from rotative.api.errors import AUTH_ERRORS, COMMON_ERRORS, ApiError, ErrorOut, not_found
from rotative.api.models import DeviceToken
from rotative.api.services import token_create, token_revoke

router = Router(tags=["Connexion de l'application"])


class SignInIn(Schema):
    email: str = Field(..., max_length=254, description="L'adresse de connexion du lecteur.")
    password: str = Field(..., max_length=4096)
    device: str = Field(
        ..., min_length=1, max_length=100, description="Le nom de l'appareil, montré au lecteur."
    )
    code: str | None = Field(
        None, max_length=64, description="Le code de double authentification, s'il en a une."
    )


class TokenOut(Schema):
    id: int
    device: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    current: bool = False


class IssuedTokenOut(TokenOut):
    key: str = Field(..., description="À garder dans l'appareil : il n'est montré qu'une fois.")


def _unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers={"WWW-Authenticate": 'Bearer realm="api"'})


@router.post(
    "",
    response={201: IssuedTokenOut, 401: ErrorOut, 403: ErrorOut, **COMMON_ERRORS},
    auth=None,
    summary="Connecter l'application",
)
def sign_in(request, payload: SignInIn):
    """Checks the reader's address and password like the site's login form does, and the
    second factor when the reader has one; returns a new token for this device."""
    with allauth_context.request_context(request):
        form = LoginForm(
            data={"login": payload.email, "password": payload.password}, request=request
        )
        if not form.is_valid():
            codes = {error.code for error in form.non_field_errors().as_data()}
            if "too_many_login_attempts" in codes:
                raise ApiError(
                    429,
                    "rate_limited",
                    _("Trop de tentatives de connexion : réessayez dans quelques minutes."),
                    headers={"Retry-After": "300"},
                )
            raise _unauthorized(
                "invalid_credentials", _("L'adresse e-mail ou le mot de passe est incorrect.")
            )
        user = form.user
        if not EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists():
            raise ApiError(
                403,
                "email_unverified",
                _("Confirmez d'abord votre adresse e-mail : suivez le lien que nous avons envoyé."),
            )
        has_second_factor = Authenticator.objects.filter(user=user).exists()
        if has_second_factor:
            if not payload.code:
                raise _unauthorized(
                    "second_factor_required",
                    _("Saisissez le code de votre application d'authentification."),
                )
            second = BaseAuthenticateForm(data={"code": payload.code}, user=user)
            if not second.is_valid():
                raise _unauthorized("invalid_code", _("Ce code est incorrect ou a expiré."))
        elif user.is_staff:
            # Staff sign in with a second factor (STAFF_MFA_REQUIRED): set it up on the site.
            raise ApiError(
                403,
                "second_factor_setup_required",
                _("Activez d'abord la double authentification depuis le site."),
            )
        token, key = token_create(user=user, device=payload.device)
    return Status(201, {**_token_out(token, current=True), "key": key})


def _token_out(token: DeviceToken, *, current: bool) -> dict:
    return {
        "id": token.pk,
        "device": token.device,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "current": current,
    }


@router.get("", response={200: list[TokenOut], **AUTH_ERRORS}, auth=READER, summary="Mes appareils")
def token_list(request):
    current = getattr(request, "api_token", None)
    tokens = DeviceToken.objects.active().filter(user=request.user).order_by("-created_at", "-pk")
    return [
        _token_out(token, current=current is not None and token.pk == current.pk)
        for token in tokens
    ]


@router.delete(
    "/courant",
    response={204: None, **AUTH_ERRORS},
    auth=token_auth,
    summary="Déconnecter cet appareil",
)
def token_revoke_current(request):
    token_revoke(token=request.api_token)
    return Status(204, None)


@router.delete(
    "/{int:token_id}",
    response={204: None, 404: ErrorOut, **AUTH_ERRORS},
    auth=READER,
    summary="Déconnecter un appareil",
)
def token_revoke_one(request, token_id: int):
    token = DeviceToken.objects.active().filter(user=request.user, pk=token_id).first()
    if token is None:
        raise not_found(_("Cet appareil n'est pas connecté à votre compte."))
    token_revoke(token=token)
    return Status(204, None)
