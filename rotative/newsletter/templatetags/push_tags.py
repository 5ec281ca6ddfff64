from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("components/push_optin.html", takes_context=True)
def push_optin(context, token="", purpose=""):
    """« Recevoir les alertes sur ce navigateur »; `token`, the subscriber's signed link, ties
    the browser to them (their data erasure then takes it along). With purpose="recherches"
    (« Mes alertes »), the browser gets the reader's saved searches, not the breaking news."""
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "token": token,
        "purpose": purpose,
    }
