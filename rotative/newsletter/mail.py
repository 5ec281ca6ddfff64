"""Newsletter mail: rendered once per mailing, personalised per subscriber by a string replace.

A mailing's HTML and text hold the placeholders below where each subscriber's links go; the
composer (digest, alert, confirmation) renders its templates once with `PLACEHOLDERS` in the
context, and `message_build` swaps in the signed links of each subscriber, nothing else.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from rotative.core.identity import from_email, mail_context
from rotative.newsletter import links
from rotative.newsletter.models import Delivery, Mailing, Subscriber

PREFERENCES_URL = "__ROTATIVE_PREFERENCES_URL__"
UNSUBSCRIBE_URL = "__ROTATIVE_UNSUBSCRIBE_URL__"
CONFIRM_URL = "__ROTATIVE_CONFIRM_URL__"
PLACEHOLDERS = {
    "preferences_url": PREFERENCES_URL,
    "unsubscribe_url": UNSUBSCRIBE_URL,
    "confirm_url": CONFIRM_URL,
}


def bodies_render(template: str, context: dict | None = None) -> tuple[str, str]:
    """`template`.html and `template`.txt, with the placeholders where the links go."""
    context = {**(context or {}), **PLACEHOLDERS, **mail_context()}
    return (
        render_to_string(f"{template}.html", context),
        render_to_string(f"{template}.txt", context),
    )


def list_unsubscribe_headers(*, unsubscribe_url: str, token: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: the one-click address (POST) first, a mailto as fallback."""
    targets = [f"<{unsubscribe_url}>"]
    mailto = settings.NEWSLETTER_UNSUBSCRIBE_MAILTO
    if mailto:
        targets.append(f"<mailto:{mailto}?subject=unsubscribe%20{token}>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def message_build(
    *, mailing: Mailing, delivery: Delivery, subscriber: Subscriber, connection=None
) -> EmailMultiAlternatives:
    token = links.manage_token(subscriber)
    unsubscribe_url = links.unsubscribe_url(subscriber, token)
    replacements = [
        (PREFERENCES_URL, links.preferences_url(subscriber, token)),
        (UNSUBSCRIBE_URL, unsubscribe_url),
    ]
    if mailing.kind == Mailing.Kind.CONFIRMATION:
        replacements.append((CONFIRM_URL, links.confirm_url(subscriber)))
    html, text = mailing.html, mailing.text
    for placeholder, value in replacements:
        html, text = html.replace(placeholder, value), text.replace(placeholder, value)
    message = EmailMultiAlternatives(
        subject=mailing.subject,
        body=text,
        from_email=from_email(settings.NEWSLETTER_FROM_EMAIL),
        to=[subscriber.email],
        headers={
            **list_unsubscribe_headers(unsubscribe_url=unsubscribe_url, token=token),
            "Message-ID": delivery.message_id,
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
