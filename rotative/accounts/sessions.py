"""How long a logged-in session lives, and the list of a reader's sessions (allauth's
usersessions) that they may end.

Idle and absolute limits are kept in the session itself, as timestamps from
timezone.now() (tests move the clock there). Staff limits apply to anyone who can open the
Wagtail admin; whether a session is a staff one is decided at login and again each time the
last-seen time is written, so a reader promoted to editor gets the short limits within
minutes.
"""

from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.core.security_log import security_event

LOGIN_AT = "_rotative_login_at"
SEEN_AT = "_rotative_seen_at"
STAFF = "_rotative_staff"
EXPIRY_GRACE_SECONDS = 3600


def user_is_staff(user) -> bool:
    return bool(
        user.is_active
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def session_limits(*, staff: bool) -> tuple[int, int]:
    """(idle, absolute) seconds."""
    if staff:
        return settings.SESSION_STAFF_IDLE_SECONDS, settings.SESSION_STAFF_ABSOLUTE_SECONDS
    return settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS


def session_login_stamp(*, request, user) -> None:
    """At every login and re-login: the absolute lifetime starts again from here."""
    now = timezone.now().timestamp()
    request.session[LOGIN_AT] = now
    _seen(request, now=now, staff=user_is_staff(user))


def session_enforce_lifetime(*, request) -> None:
    """Log out a session past either limit; otherwise note that it was seen."""
    session = request.session
    now = timezone.now().timestamp()
    if LOGIN_AT not in session:  # a session from before these limits: they start now
        session[LOGIN_AT] = now
        _seen(request, now=now, staff=user_is_staff(request.user))
        return
    staff = bool(session.get(STAFF))
    idle, absolute = session_limits(staff=staff)
    login_at, seen_at = session[LOGIN_AT], session.get(SEEN_AT, session[LOGIN_AT])
    reason = "absolute" if now - login_at >= absolute else "idle" if now - seen_at >= idle else ""
    if reason:
        security_event(
            "session_expired",
            request=request,
            reason=reason,
            staff=staff,
            user_id=session.get("_auth_user_id"),
        )
        logout(request)
        messages.info(request, _("Votre session a expiré : reconnectez-vous pour continuer."))
        return
    if now - seen_at >= idle / 20:
        _seen(request, now=now, staff=user_is_staff(request.user))


def _seen(request, *, now: float, staff: bool) -> None:
    session = request.session
    session[SEEN_AT] = now
    session[STAFF] = staff
    idle, absolute = session_limits(staff=staff)
    if not session.get_expire_at_browser_close():
        # The cookie and the stored session go soon after the session would end anyway; the
        # hour of grace lets this middleware see the end, log it and tell the reader.
        remaining = session.get(LOGIN_AT, now) + absolute - now
        session.set_expiry(int(min(idle, remaining)) + EXPIRY_GRACE_SECONDS)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """USERSESSIONS_ADAPTER: ending sessions from « Mes sessions » goes to the security log."""

    def end_sessions(self, sessions) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        security_event("sessions_ended", count=len(sessions))


def on_logged_in(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        session_login_stamp(request=request, user=user)


def connect() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_logged_in, dispatch_uid="session-login-stamp")
