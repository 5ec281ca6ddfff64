"""The web's own forms behind the API's inputs: the app's search and posts are checked by the
very form the site uses (same rules, same French messages), then answered as the API's 422."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from rotative.api.errors import ApiError


def form_data(values: dict) -> QueryDict:
    """What a browser would send for these values (None left out, booleans as the checkbox)."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


def form_invalid(form, *, names: dict[str, str] | None = None) -> ApiError:
    """The form's errors as the API's 422: one entry per field (under its API name), the
    first message as the answer's."""
    names = names or {}
    errors = []
    for field, field_errors in form.errors.as_data().items():
        for error in field_errors:
            errors.append(
                {
                    "field": "" if field == "__all__" else names.get(field, field),
                    "code": error.code or "invalid",
                    "message": " ".join(str(m) for m in error.messages),
                }
            )
    message = errors[0]["message"] if errors else _("Certaines données sont invalides.")
    return ApiError(422, "invalid_input", message, errors=errors)
