"""Every error of the API in one shape: a stable `code` for the app, a French `message` for
the reader, and per-field `errors` for bad input. Codes never change once published; the
message may."""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from rotative.ops.unavailable import database_unreachable

logger = logging.getLogger(__name__)


class FieldErrorOut(Schema):
    field: str
    code: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldErrorOut] = []


class ApiError(Exception):
    """Raised by an endpoint to answer `status` with `code` and a French `message`."""

    def __init__(self, status: int, code: str, message: str, *, errors=None, headers=None):
        self.status, self.code, self.message = status, code, str(message)
        self.errors = errors or []
        self.headers = headers or {}
        super().__init__(code)


def not_found(message=None) -> ApiError:
    return ApiError(404, "not_found", message or _("Cette ressource n'existe pas."))


def invalid(message, *, field: str = "", code: str = "invalid") -> ApiError:
    errors = [{"field": field, "code": code, "message": str(message)}] if field else []
    return ApiError(422, "invalid_input", message, errors=errors)


def from_django_validation(exc) -> ApiError:
    """A service's django ValidationError as the API's 422, field by field."""
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            for error in field_errors:
                errors.append(
                    {
                        "field": "" if field == "__all__" else field,
                        "code": error.code or "invalid",
                        "message": " ".join(error.messages),
                    }
                )
        message = errors[0]["message"] if errors else _("Données invalides.")
    else:
        message = " ".join(exc.messages)
    return ApiError(422, "invalid_input", message, errors=errors)


# Pydantic's error types, as a reader would be told (others: « Valeur invalide. »).
_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Ce champ est obligatoire."),
    "string_too_long": gettext_lazy("Ce texte est trop long."),
    "string_too_short": gettext_lazy("Ce texte est trop court."),
    "string_type": gettext_lazy("Un texte est attendu."),
    "int_parsing": gettext_lazy("Un nombre entier est attendu."),
    "int_type": gettext_lazy("Un nombre entier est attendu."),
    "float_parsing": gettext_lazy("Un nombre est attendu."),
    "bool_parsing": gettext_lazy("Vrai ou faux est attendu."),
    "greater_than_equal": gettext_lazy("Cette valeur est trop petite."),
    "greater_than": gettext_lazy("Cette valeur est trop petite."),
    "less_than_equal": gettext_lazy("Cette valeur est trop grande."),
    "less_than": gettext_lazy("Cette valeur est trop grande."),
    "literal_error": gettext_lazy("Cette valeur n'est pas l'une de celles permises."),
    "enum": gettext_lazy("Cette valeur n'est pas l'une de celles permises."),
    "date_from_datetime_parsing": gettext_lazy("Une date (AAAA-MM-JJ) est attendue."),
    "date_parsing": gettext_lazy("Une date (AAAA-MM-JJ) est attendue."),
    "datetime_parsing": gettext_lazy("Une date et une heure (ISO 8601) sont attendues."),
    "datetime_from_date_parsing": gettext_lazy("Une date et une heure (ISO 8601) sont attendues."),
    "json_invalid": gettext_lazy("Le corps de la requête n'est pas du JSON valide."),
    "model_attributes_type": gettext_lazy("Un objet JSON est attendu."),
    "dict_type": gettext_lazy("Un objet JSON est attendu."),
    "list_type": gettext_lazy("Une liste est attendue."),
    "value_error": gettext_lazy("Valeur invalide."),
    "string_pattern_mismatch": gettext_lazy("Ce texte n'a pas la forme attendue."),
}


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        kind = str(error.get("type", "invalid"))
        message = _PYDANTIC_MESSAGES.get(kind, gettext_lazy("Valeur invalide."))
        out.append({"field": ".".join(loc), "code": kind, "message": str(message)})
    return out


def install(api) -> None:
    """Replace Ninja's English errors with ours, for every exception an endpoint can raise."""

    def respond(request: HttpRequest, status: int, code: str, message, *, errors=(), headers=None):
        response = api.create_response(
            request,
            {"code": code, "message": str(message), "errors": list(errors)},
            status=status,
        )
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def on_api_error(request, exc: ApiError) -> HttpResponse:
        return respond(
            request, exc.status, exc.code, exc.message, errors=exc.errors, headers=exc.headers
        )

    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError) -> HttpResponse:
        errors = _field_errors(exc.errors)
        return respond(
            request, 422, "invalid_input", _("Certaines données sont invalides."), errors=errors
        )

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc) -> HttpResponse:
        return respond(
            request,
            401,
            "authentication_required",
            _("Connectez-vous pour utiliser ce service."),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @api.exception_handler(Throttled)
    def on_throttled(request, exc: Throttled) -> HttpResponse:
        return respond(
            request,
            429,
            "rate_limited",
            _("Trop de requêtes : réessayez dans une minute."),
            headers={"Retry-After": str(int(exc.wait or 60))},
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError) -> HttpResponse:
        codes = {
            400: ("bad_request", _("Requête invalide.")),
            403: ("forbidden", _("Vous n'avez pas accès à cette ressource.")),
            404: ("not_found", _("Cette ressource n'existe pas.")),
            405: ("method_not_allowed", _("Cette méthode n'est pas permise ici.")),
        }
        code, message = codes.get(exc.status_code, ("error", _("La requête a échoué.")))
        if isinstance(exc.__cause__, ValueError):  # the body could not be parsed
            message = _("Le corps de la requête n'est pas du JSON valide.")
        return respond(request, exc.status_code, code, message)

    @api.exception_handler(Http404)
    def on_404(request, exc) -> HttpResponse:
        return respond(request, 404, "not_found", _("Cette ressource n'existe pas."))

    @api.exception_handler(Exception)
    def on_crash(request, exc) -> HttpResponse:
        if database_unreachable(exc):
            # As the site's pages say it (ops/unavailable.py): not a fault, a moment.
            logger.warning("database unreachable on %s: %s", request.path, exc)
            return respond(
                request,
                503,
                "unavailable",
                _("Le service est momentanément indisponible : réessayez dans quelques minutes."),
                headers={"Retry-After": "120"},
            )
        # The error is logged (and reaches the error tracker) like any view's crash; the app
        # is told something it can show.
        logger.exception("API error on %s", request.path, exc_info=exc)
        return respond(
            request,
            500,
            "server_error",
            _("Une erreur est survenue de notre côté : réessayez dans quelques minutes."),
        )


# What each endpoint may answer besides its success, for the schema.
COMMON_ERRORS = {400: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut}
AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut, **COMMON_ERRORS}
