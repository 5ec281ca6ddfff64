from django import template
from django.urls import reverse

from rotative.bookmarks.kinds import AD, KINDS, kind_of, target_url
from rotative.bookmarks.selectors import bookmark_key, is_bookmarked

register = template.Library()


@register.inclusion_tag("bookmarks/button.html", takes_context=True)
def bookmark_button(context, target):
    """« Lire plus tard » / « Enregistré » for an article, ad or event readers can open now;
    nothing for anything else (a preview, an ad not online, a cancelled event).

    Anonymous pages are kept by shared caches: their variant (a link to log in, back to
    this page) depends on the page only."""
    request = context.get("request")
    name = kind_of(target)
    if (
        request is None
        or name is None
        or getattr(request, "is_preview", False)
        or not KINDS[name].shows(target)
    ):
        return {"show": False}
    user = context.get("user")
    next_url = request.get_full_path()
    if user is None or not user.is_authenticated:
        return {"show": True, "anonymous": True, "next": next_url}
    if name == AD and target.owner_id == user.pk:
        return {"show": False}  # one's own ad: « Mes annonces » keeps it already
    saved = bookmark_key(target) in is_bookmarked(user=user, targets=[target])
    return {
        "show": True,
        "anonymous": False,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "saved": saved,
        "kind": name,
        "action": reverse("bookmarks:remove" if saved else "bookmarks:add", args=[name, target.pk]),
        "add_url": reverse("bookmarks:add", args=[name, target.pk]),
        "remove_url": reverse("bookmarks:remove", args=[name, target.pk]),
        "url": target_url(target, request),
        "next": next_url,
    }
