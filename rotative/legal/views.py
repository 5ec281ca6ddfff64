"""The contact page's form (served by legal.models.ContactPage.serve)."""

import logging

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from rotative.core.ratelimit import client_ip, rate_limit_allows
from rotative.core.security_log import security_event
from rotative.legal import services
from rotative.legal.forms import ContactForm

SENT_PARAMETER = "envoye"


def contact_serve(page, request):
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            limit, window = settings.CONTACT_RATE_LIMIT
            if not rate_limit_allows(
                scope="contact-ip", key=client_ip(request) or "", limit=limit, window=window
            ):
                form.add_error(
                    None,
                    _(
                        "Vous avez envoyé trop de messages en peu de temps : réessayez dans "
                        "une heure."
                    ),
                )
                status = 429
            else:
                if form.is_bot:
                    security_event("bot_trap", level=logging.WARNING, form="contact")
                else:
                    services.contact_message_send(
                        **{
                            k: form.cleaned_data[k] for k in ("name", "email", "subject", "message")
                        },
                        page_url=settings.SITE_URL + page.get_url(request),
                        request=request,
                    )
                # Post, redirect, get: reloading the thank-you page sends nothing again.
                return HttpResponseRedirect(f"{page.get_url(request)}?{SENT_PARAMETER}=1")
    context = page.get_context(request)
    context.update({"form": form, "sent": request.GET.get(SENT_PARAMETER) == "1"})
    return TemplateResponse(request, page.get_template(request), context, status=status)
