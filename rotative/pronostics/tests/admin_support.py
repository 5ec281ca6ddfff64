"""The newsroom's staff as the admin tests log them in: an editor holding the pronostics
permissions (as the « Rédacteurs » group is given them), and a colleague without them."""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from rotative.pronostics import services

PRONOSTICS_EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("competition", "season", "club", "matchday", "match")
    for action in ("add", "change", "view")
]


def newsroom_editor(username: str = "sport"):
    group, _created = Group.objects.get_or_create(name="Rédaction sport")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="pronostics", codename__in=PRONOSTICS_EDITOR_PERMISSIONS
        ),
    )
    user = get_user_model().objects.create_user(username, f"{username}@example.fr", "x")
    user.groups.add(group)
    return user


def staff_without_pronostics(username: str = "pigiste"):
    user = get_user_model().objects.create_user(username, f"{username}@example.fr", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def predict(game, *scores, readers):
    with time_machine.travel(game.kickoff - timedelta(hours=1), tick=False):
        for reader, (home, away) in zip(readers[: len(scores)], scores, strict=True):
            services.prediction_save(user=reader, match=game, home_goals=home, away_goals=away)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
