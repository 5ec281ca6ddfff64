"""Moderators' screens in the Wagtail admin: the queue, a comment with its reader's record."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rotative.comments import selectors, services
from rotative.comments.forms import RejectForm
from rotative.comments.models import Comment, ReaderBan

MODERATE = "comments.change_comment"
TABS = {
    "pending": gettext_lazy("À modérer"),
    "reported": gettext_lazy("Signalés"),
    "all": gettext_lazy("Tous"),
    "banned": gettext_lazy("Lecteurs bannis"),
}
REJECTION_REASONS = [
    "Propos injurieux ou haineux",
    "Attaque personnelle",
    "Hors sujet",
    "Publicité ou spam",
    "Information invérifiable ou diffamatoire",
    "Données personnelles",
]


@permission_required(MODERATE, raise_exception=True)
def queue(request):
    tab = request.GET.get("onglet", "pending")
    if tab not in TABS:
        tab = "pending"
    listing = (
        ReaderBan.objects.select_related("user__profile", "banned_by").order_by("-created_at")
        if tab == "banned"
        else selectors.moderation_queue(tab=tab)
    )
    comments = Paginator(listing, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "comments/admin/queue.html",
        {
            "comments": comments,
            "tab": tab,
            "tabs": TABS.items(),
            "counts": {
                "pending": Comment.objects.awaiting_moderation().count(),
                "reported": Comment.objects.reported().count(),
            },
            "reasons": REJECTION_REASONS,
        },
    )


@permission_required(MODERATE, raise_exception=True)
def detail(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author__profile", "parent"), pk=pk
    )
    return render(
        request,
        "comments/admin/detail.html",
        {
            "comment": comment,
            "reports": comment.reports.select_related("reporter__profile").order_by("created_at"),
            "history": selectors.reader_history(user=comment.author) if comment.author else None,
            "reject_form": RejectForm(),
            "reasons": REJECTION_REASONS,
        },
    )


@require_POST
@permission_required(MODERATE, raise_exception=True)
def moderate(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.comment_approve(moderator=request.user, comment=comment)
            messages.success(request, _("Commentaire publié."))
        elif action == "reject":
            services.comment_reject(
                moderator=request.user, comment=comment, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Commentaire refusé."))
        elif action == "ban" and comment.author is not None:
            reason = request.POST.get("reason", "").strip() or _("Manquements répétés à la charte")
            services.comment_reject(moderator=request.user, comment=comment, reason=reason)
            services.reader_ban(moderator=request.user, user=comment.author, reason=reason)
            messages.success(request, _("Commentaire refusé et lecteur banni."))
        else:
            messages.error(request, _("Action inconnue."))
    except services.CommentError as error:
        messages.error(request, error.message)
        return redirect("comments_moderation_detail", pk)
    return redirect(_back(request))


@require_POST
@permission_required(MODERATE, raise_exception=True)
def unban(request, user_id):
    user = get_object_or_404(get_user_model(), pk=user_id)
    services.reader_unban(user=user)
    messages.success(request, _("Le lecteur peut de nouveau commenter."))
    return redirect(_back(request))


def _back(request) -> str:
    """Where the moderator came from, if it is an address of this site; else the queue."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("comments_moderation")
