"""Private leagues: a reader creates one, friends join through its invite link."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rotative.pronostics.models import League, LeagueMembership
from rotative.pronostics.services.errors import PronosticsError

NAME_MAX_LENGTH = League._meta.get_field("name").max_length


@transaction.atomic
def league_create(*, owner, name: str, now=None) -> League:
    """The league, its owner its first member."""
    name = " ".join((name or "").split())
    if not name:
        raise PronosticsError(_("Donnez un nom à votre ligue."))
    if len(name) > NAME_MAX_LENGTH:
        raise PronosticsError(
            _("Le nom d'une ligue tient en %(max)s caractères.") % {"max": NAME_MAX_LENGTH}
        )
    now = now or timezone.now()
    # 128 bits of randomness: the link is the only key to the league.
    league = League.objects.create(
        name=name, owner=owner, invite_token=secrets.token_urlsafe(16), created_at=now
    )
    LeagueMembership.objects.create(league=league, user=owner, joined_at=now)
    return league


@transaction.atomic
def league_join(*, user, token: str, now=None) -> LeagueMembership:
    """Join the league of that invite link; following it again changes nothing."""
    league = League.objects.filter(invite_token=(token or "").strip()).first()
    if league is None:
        raise PronosticsError(_("Ce lien d'invitation n'est pas valable."))
    membership, _created = LeagueMembership.objects.get_or_create(
        league=league, user=user, defaults={"joined_at": now or timezone.now()}
    )
    return membership
