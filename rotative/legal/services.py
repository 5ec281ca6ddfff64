"""The contact form's mail to the newsroom."""

import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from rotative.core.identity import from_email, mail_context, site_identity
from rotative.core.mail_headers import header_text

logger = logging.getLogger(__name__)


def contact_recipient(request=None) -> str:
    """The newsroom's address (Identité du site), else DEFAULT_FROM_EMAIL's, which somebody
    must read then: a message is never dropped for want of an address."""
    address = site_identity(request).newsroom_email
    if not address:
        logger.warning("No newsroom address in Identité du site: contact mail to the sender")
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address


def contact_message_send(
    *, name: str, email: str, subject: str, message: str, page_url: str, request=None
) -> None:
    """Mails what a reader wrote to the newsroom; « Répondre » answers the reader."""
    name = header_text(name)
    context = {
        **mail_context(request),
        "name": name,
        "email": email,
        "subject": subject,
        "message": message,
        "page_url": page_url,
    }
    mail = EmailMultiAlternatives(
        subject=_("[Contact] %(subject)s") % {"subject": header_text(subject)},
        body=render_to_string("emails/contact_message.txt", context),
        from_email=from_email(request=request),
        to=[contact_recipient(request)],
        reply_to=[formataddr((name, email))],
    )
    mail.attach_alternative(render_to_string("emails/contact_message.html", context), "text/html")
    mail.send()
