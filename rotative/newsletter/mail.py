"""Newsletter mail: rendered once per mailing, personalised per subscriber by a string replace.

A mailing's HTML and text hold the placeholders below where each subscriber's links go; the
composer (digest, alert, confirmation) renders its templates once with `PLACEHOLDERS` in the
context, and `message_build` swaps in the signed links of each subscriber, nothing else.

`PreparedMailing` does the same at the sending engine's pace: Django's email package builds
and serialises the mailing's message once (encoding the subject and folding headers cost more
than everything else per message), and each subscriber's bytes are that serialisation with
their own To, Date, List-Unsubscribe and Message-ID headers and their links swapped in.
Whatever it cannot prove is byte for byte what `message_build` would send goes through
`message_build` instead (tests/test_prepared_mail.py compares the two).
"""

import email
import re
from email import policy as email_policy
from email.utils import formatdate

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail import message as django_message
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


def _personal(
    *, mailing: Mailing, subscriber: Subscriber, manage: "links.ManageLinks | None" = None
) -> tuple[list, dict[str, str]]:
    """Each placeholder with this subscriber's link, and their List-Unsubscribe headers."""
    if manage is None:
        token = links.manage_token(subscriber)
        preferences_url = links.preferences_url(subscriber, token)
        unsubscribe_url = links.unsubscribe_url(subscriber, token)
    else:
        token, preferences_url, unsubscribe_url = manage.urls(subscriber)
    replacements = [(PREFERENCES_URL, preferences_url), (UNSUBSCRIBE_URL, unsubscribe_url)]
    if mailing.kind == Mailing.Kind.CONFIRMATION:
        replacements.append((CONFIRM_URL, links.confirm_url(subscriber)))
    return replacements, list_unsubscribe_headers(unsubscribe_url=unsubscribe_url, token=token)


def _email(
    *, mailing, delivery, subscriber, sender, replacements, unsubscribe, connection, cls
) -> EmailMultiAlternatives:
    html, text = mailing.html, mailing.text
    for placeholder, value in replacements:
        html, text = html.replace(placeholder, value), text.replace(placeholder, value)
    message = cls(
        subject=mailing.subject,
        body=text,
        from_email=sender,
        to=[subscriber.email],
        headers={**unsubscribe, "Message-ID": delivery.message_id},
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def message_build(
    *, mailing: Mailing, delivery: Delivery, subscriber: Subscriber, connection=None
) -> EmailMultiAlternatives:
    """The reference: Django's email package builds the whole message at send time."""
    replacements, unsubscribe = _personal(mailing=mailing, subscriber=subscriber)
    return _email(
        mailing=mailing,
        delivery=delivery,
        subscriber=subscriber,
        sender=from_email(settings.NEWSLETTER_FROM_EMAIL),
        replacements=replacements,
        unsubscribe=unsubscribe,
        connection=connection,
        cls=EmailMultiAlternatives,
    )


# --- the same message, serialised once per mailing ------------------------------------------

# What the email package's BytesGenerator folds headers with in Django's as_bytes("\r\n").
_FOLDING = email_policy.compat32.clone(linesep="\r\n")
# Headers Django gives every message of its own, left out of the bytes subscribers share.
_PER_SUBSCRIBER = ("To", "Date", "Message-ID")
# A header the email package writes as it is (one line, printable ASCII): no need to fold it.
_UNFOLDED = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


def _header(name: str, value: str) -> bytes:
    """The header as Django's as_bytes(linesep="\\r\\n") writes it, checked as Django checks it
    (core.mail_headers installs its own check on the module: looked up at each call)."""
    name, value = django_message.forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET)
    if len(name) + 2 + len(value) <= _FOLDING.max_line_length and _UNFOLDED.fullmatch(value):
        return f"{name}: {value}\r\n".encode("ascii")
    return _FOLDING.fold_binary(name, value)


class _Serialised:
    """What `EmailMessage.message()` returns, for backends that only want its bytes (SMTP);
    anything else (the console and locmem backends, a test) reads the parsed message."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self._parsed = None

    def as_bytes(self, unixfrom=False, linesep="\n") -> bytes:
        return self.raw if linesep == "\r\n" else self.raw.replace(b"\r\n", linesep.encode())

    def as_string(self, unixfrom=False, linesep="\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "surrogateescape")

    def _message(self):
        if self._parsed is None:
            self._parsed = email.message_from_bytes(self.raw)
        return self._parsed

    def __getitem__(self, name):
        return self._message()[name]

    def __getattr__(self, name):
        if name.startswith("__"):  # copy and pickle probe for these: not the message's
            raise AttributeError(name)
        return getattr(self._message(), name)


class _Prepared(EmailMultiAlternatives):
    """A newsletter message whose bytes are already made (`raw`); everything else about it
    (subject, bodies, recipients) is what `message_build` gives, for backends that read it."""

    raw: bytes = b""

    def message(self):
        return _Serialised(self.raw)


class PreparedMailing:
    """One mailing serialised once, then each subscriber's message made from its bytes."""

    def __init__(self, mailing: Mailing):
        self.mailing = mailing
        self.sender = from_email(settings.NEWSLETTER_FROM_EMAIL)
        self.manage = links.ManageLinks()
        self.head, self.body, self.boundary = self._serialise()

    def _serialise(self) -> tuple[bytes, bytes, bytes]:
        """Django's own message without its recipient, date and Message-ID, as bytes: the part
        every subscriber shares (the links still placeholders). Empty when a body part is
        encoded (quoted-printable for lines over 998 bytes, or base64): the placeholders are
        then no longer plain text in it, and every message goes through `message_build`."""
        reference = EmailMultiAlternatives(
            subject=self.mailing.subject, body=self.mailing.text, from_email=self.sender
        )
        reference.attach_alternative(self.mailing.html, "text/html")
        message = reference.message()
        if any(
            part["Content-Transfer-Encoding"] not in ("7bit", "8bit")
            for part in message.get_payload()
        ):
            return b"", b"", b""
        for name in _PER_SUBSCRIBER:
            del message[name]
        head, _blank, body = message.as_bytes(linesep="\r\n").partition(b"\r\n\r\n")
        return head + b"\r\n", body, message.get_boundary().encode()

    def message(
        self, *, delivery: Delivery, subscriber: Subscriber, connection=None
    ) -> EmailMultiAlternatives:
        replacements, unsubscribe = _personal(
            mailing=self.mailing, subscriber=subscriber, manage=self.manage
        )
        prepared = _email(
            mailing=self.mailing,
            delivery=delivery,
            subscriber=subscriber,
            sender=self.sender,
            replacements=replacements,
            unsubscribe=unsubscribe,
            connection=connection,
            cls=_Prepared,
        )
        raw = self._raw(prepared, replacements)
        if raw is None:
            return message_build(
                mailing=self.mailing,
                delivery=delivery,
                subscriber=subscriber,
                connection=connection,
            )
        prepared.raw = raw
        return prepared

    def _raw(self, prepared: _Prepared, replacements: list) -> bytes | None:
        if not self.head:
            return None
        body = self.body
        for placeholder, value in replacements:
            value = value.encode("utf-8")
            # A link that is not ASCII would make a 7bit part 8bit; one holding the boundary
            # would cut the message: both are left to the email package.
            if not value.isascii() or self.boundary in value:
                return None
            body = body.replace(placeholder.encode("ascii"), value)
        if max(map(len, body.split(b"\r\n"))) > django_message.RFC5322_EMAIL_LINE_LENGTH_LIMIT:
            return None  # the email package would switch that part to quoted-printable
        headers = [
            ("To", prepared.to[0]),
            ("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)),
            *prepared.extra_headers.items(),
        ]
        try:
            folded = [_header(name, value) for name, value in headers]
        except ValueError:  # refused (a line break in an address): refused as Django refuses it
            return None
        return b"".join([self.head, *folded, b"\r\n", body])
