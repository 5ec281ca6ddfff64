"""Readers' comment actions. Each one has its own page, so a refused form keeps its text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rotative.accounts.decorators import confirmed_email_required
from rotative.comments import selectors, services
from rotative.comments.forms import CommentEditForm, CommentForm, ReportForm
from rotative.comments.models import Comment
from rotative.core.utils import parse_id
from rotative.news.models import ArticlePage


def _article_url(article, anchor=""):
    return (article.url or "/") + anchor


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def post(request, article_id):
    article = get_object_or_404(ArticlePage.objects.live(), pk=parse_id(article_id) or 0)
    allowed, refusal = selectors.comments_can_post(user=request.user, article=article)
    if not allowed and request.method == "GET":
        # The article page offers no form here: neither does this page (a POST still goes
        # through comment_post, which refuses it with the same words and keeps the text).
        return render(
            request,
            "comments/post.html",
            {"article": article, "refusal": selectors.POST_REFUSAL_MESSAGES[refusal]},
            status=403,
        )
    parent = None
    reply_to = request.POST.get("parent") if request.method == "POST" else None
    reply_to = reply_to or request.GET.get("reponse")
    if reply_to:
        pk = parse_id(reply_to)
        parent = selectors.comment_answerable(article=article, pk=pk) if pk else None
        if parent is None and request.method == "GET":
            raise Http404(_("Ce commentaire n'existe pas ou n'accepte pas de réponse."))
    form = CommentForm(request.POST or None, initial={"parent": parent.pk if parent else None})
    if request.method == "POST" and reply_to and parent is None:
        # Held, refused or gone since the form was shown: say so, never quote it.
        form.is_valid()
        form.add_error(None, _("Ce commentaire n'accepte plus de réponse."))
    elif request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_post(
                user=request.user, article=article, body=form.cleaned_data["body"], parent=parent
            )
        except services.CommentError as error:
            form.add_error(None, error.message)
        else:
            if comment.status == Comment.Status.PUBLISHED:
                messages.success(request, _("Votre commentaire est publié."))
                return HttpResponseRedirect(_article_url(article, f"#commentaire-{comment.pk}"))
            messages.info(
                request,
                _("Merci ! Votre commentaire sera publié après validation par un modérateur."),
            )
            return HttpResponseRedirect(_article_url(article, "#commentaires"))
    return render(
        request,
        "comments/post.html",
        {"article": article, "form": form, "parent": parent},
        status=400 if form.errors else 200,
    )


def _own_comment(request, pk) -> Comment:
    return get_object_or_404(Comment.objects.select_related("article"), pk=pk, author=request.user)


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    comment = _own_comment(request, pk)
    refusal = comment.edit_refusal(request.user)
    if refusal and request.method == "GET":
        # No « Modifier » link any more on the article page: no form here either.
        return render(
            request,
            "comments/edit.html",
            {"comment": comment, "article": comment.article, "refusal": refusal},
            status=403,
        )
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except services.CommentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Votre commentaire est modifié."))
            return HttpResponseRedirect(_article_url(comment.article, f"#commentaire-{pk}"))
    return render(
        request,
        "comments/edit.html",
        {"comment": comment, "article": comment.article, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    comment = _own_comment(request, pk)
    if request.method == "POST":
        services.comment_delete(user=request.user, comment=comment)
        messages.success(request, _("Votre commentaire est supprimé."))
        return HttpResponseRedirect(_article_url(comment.article, "#commentaires"))
    return render(request, "comments/delete.html", {"comment": comment, "article": comment.article})


@confirmed_email_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author__profile"),
        pk=pk,
        status=Comment.Status.PUBLISHED,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(
                user=request.user,
                comment=comment,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except services.CommentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Merci, les modérateurs vont examiner ce commentaire."))
            return HttpResponseRedirect(_article_url(comment.article, f"#commentaire-{pk}"))
    return render(
        request,
        "comments/report.html",
        {"comment": comment, "article": comment.article, "form": form},
        status=400 if form.errors else 200,
    )
