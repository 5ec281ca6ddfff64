"""What table rows are written with: references to the world's objects, role sets, the
Wagtail viewsets' and choosers' views."""

from rotative.core.tests.authz.engine import (
    P,
)


class Ref:
    """`o.ad_pending` in a table row: the pk of the world's object of that name, later."""

    def __init__(self, name, attribute="pk"):
        self.name, self.attribute = name, attribute

    def __call__(self, world):
        if self.name.startswith("user:"):
            return getattr(world.users[self.name.removeprefix("user:")], self.attribute)
        return getattr(getattr(world, self.name), self.attribute)


class Objects:
    def __getattr__(self, name):
        return Ref(name)


o = Objects()


def user(role):
    return Ref(f"user:{role}")


def kw(**values):
    return lambda world: {
        key: value(world) if callable(value) else value for key, value in values.items()
    }


def page_path(name):
    return lambda world: getattr(world, name).url


LOGIN_PAGE = "a login or sign-up form: for everyone, and it says nothing of any account"
TOKEN = "the signed token is the proof; a forged one must be refused"
BAD_TOKEN = "Zm9yZ2Vk:1tF0rG:ZnVubnlzaWduYXR1cmU"

# Known holes that other branches are fixing (issue 12), named in the failure report.
K1 = "1 (unconfirmed accounts act for a reader)"
K2 = "2 (ads of any status leak)"
K3 = "3 (relay messages to any user id)"
K4 = "4 (?reponse= shows moderated comments)"
K5 = "5 (draft live blogs leak)"

ADMIN_LOGIN = "the staff login form: for everyone (point 1 decides whom it lets in)"
PAGE_TITLES = "the admin's page choosers and API list every page to any staff member"


def viewset_rows(namespace, ref, *, view, add, change, delete, names=None):
    """The views a Wagtail ModelViewSet registers, each with the permission it checks."""
    rows = {
        "index": (view, None),
        "index_results": (view, None),
        "add": (add, None),
        "edit": (change, ref),
        "delete": (delete, ref),
        "history": (view, ref),
        "history_results": (view, ref),
        "usage": (view, ref),
        "inspect": (view, ref),
        "copy": (add, ref),
        "list": (view, None),
        "list_results": (view, None),
        "reorder": (change, ref),  # POST only: its witness is left out below
    }
    return {
        f"{namespace}:{name}": [
            P(
                roles,
                roles,
                kwargs=kw(pk=obj) if obj else None,
                witness=None if name == "reorder" else "admin",
            )
        ]
        for name, (roles, obj) in rows.items()
        if names is None or name in names
    }


def chooser_rows(namespace, ref, *, listing, chosen, create, create_ok=frozenset()):
    """A Wagtail chooser's views. `listing`: who gets its (filtered) lists; `chosen`: who
    gets one object's data; `create`: who may create from it."""
    rows = {
        "choose": P(listing),
        "choose_results": P(listing),
        "chosen": P(chosen, kwargs=kw(pk=ref)),
        "chosen_multiple": P(listing, query=lambda w: f"id={ref(w)}"),
        "create": P(
            create, witness="admin" if create and not create_ok else None, ok_statuses=create_ok
        ),
    }
    return {f"{namespace}:{name}": [probe] for name, probe in rows.items()}


# Wagtail 8.0.1: a snippet chooser without a creation form fails on POST (staff only).
SNIPPET_CREATE_500 = frozenset({500})

VIEWSET_NAMES = [
    "index",
    "index_results",
    "add",
    "edit",
    "delete",
    "history",
    "history_results",
    "usage",
    "copy",
]
SNIPPET_NAMES = [
    "list",
    "list_results",
    "add",
    "edit",
    "delete",
    "usage",
    "history",
    "history_results",
    "copy",
]

PAGE = kw(page_id=o.draft_article)
SECTION = kw(parent_page_id=o.section)
ARTICLE_TYPE = kw(content_type_app_name="news", content_type_model_name="articlepage")
