"""The world the authorization test runs in: one of every role, and objects none of them owns.

Every object that must stay private carries a marker word in what a page would show of it
(title, text, address); `World.secrets` maps each marker to the roles allowed to read it,
so that any answer, whatever its status, can be searched for what leaked.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

ROLES = ("anonymous", "unconfirmed", "reader", "professional", "moderator", "editor", "admin")
# Not a role under test: the reader who owns the objects. Answers to them prove that a URL
# is filled with a real object (a 404 for everyone else would otherwise prove nothing).
OWNER = "owner"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role (and OWNER, "buyer") → user
    objects: dict = field(default_factory=dict)  # name → object
    secrets: dict = field(default_factory=dict)  # marker → roles that may read it

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


STAFF_ONLY = frozenset({"moderator", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})
MODERATORS = frozenset({"moderator", "admin"})
ADMINS = frozenset({"admin"})


def _perms(*names: str) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def staff_member(username: str, *, group: Group) -> object:
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@redaction.example.fr", password="x"
    )
    user.groups.add(group)
    return user


def moderators_group() -> Group:
    """Comments, ads and professional accounts: no page, no user, no setting."""
    group = Group.objects.create(name="Authz modérateurs")
    group.permissions.add(
        *_perms(
            "wagtailadmin.access_admin",
            "comments.change_comment",
            "comments.add_moderationword",
            "comments.change_moderationword",
            "comments.delete_moderationword",
            "classifieds.change_ad",
            "agenda.change_event",
            "jobs.change_joboffer",
            "accounts.change_professional",
        )
    )
    return group


def editors_group(root) -> Group:
    """Pages, images, documents, authors, the live desk, the wire queue, the morning letter
    and les pronostics' calendar and results: no user, group, site, setting, wire source,
    subscriber or moderation."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    group = Group.objects.create(name="Authz rédacteurs")
    group.permissions.add(
        *_perms(
            "wagtailadmin.access_admin",
            "news.add_author",
            "news.change_author",
            "home.add_pinnedtopic",
            "home.change_pinnedtopic",
            "live.add_liveentry",
            "live.change_liveentry",
            "live.delete_liveentry",
            "newsletter.change_digest",
            "wire.change_dispatch",
            # Les pronostics: the calendar, results, postponements and the CSV import.
            *(
                f"pronostics.{action}_{model}"
                for model in ("competition", "season", "club", "matchday", "match")
                for action in ("add", "change", "view")
            ),
        )
    )
    for permission in _perms(
        "wagtailcore.add_page", "wagtailcore.change_page", "wagtailcore.publish_page"
    ):
        GroupPagePermission.objects.create(group=group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    for permission in _perms(
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ):
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=permission
        )
    return group
