"""Guards for the views that act for a reader: one rule, account_email_confirmed."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from rotative.accounts.selectors import account_email_confirmed


def confirmed_email_required(view):
    """Like login_required, and the address must be confirmed: otherwise a page that says
    so and leads to re-sending the link (403), whatever the session says."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not account_email_confirmed(user=request.user):
            return render(request, "accounts/email_unconfirmed.html", status=403)
        return view(request, *args, **kwargs)

    return guarded
