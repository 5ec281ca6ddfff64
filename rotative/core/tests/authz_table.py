"""Who may reach what: every URL pattern of the site, the admin and the feeds, classified.

A pattern is looked up by its route (prefixes joined, as `url_patterns()` gives it), then by
its namespaced name. A new view that is not listed here fails test_authorization: add it
with the roles that may get a 2xx and the object that fills its parameters, chosen among
those the roles do not own (a draft, a pending comment, another reader's ad…).
"""

from rotative.core.tests.authz_engine import (
    ADMINS,
    ALL,
    CONFIRMED,
    EDITORS,
    LOGGED_IN,
    ME,
    MODERATORS,
    NOBODY,
    STAFF,
    P,
)
from rotative.core.tests.authz_world import OWNER


class _Ref:
    """`o.ad_pending` in a table row: the pk of the world's object of that name, later."""

    def __init__(self, name, attribute="pk"):
        self.name, self.attribute = name, attribute

    def __call__(self, world):
        if self.name.startswith("user:"):
            return getattr(world.users[self.name.removeprefix("user:")], self.attribute)
        return getattr(getattr(world, self.name), self.attribute)


class _Objects:
    def __getattr__(self, name):
        return _Ref(name)


o = _Objects()


def user(role):
    return _Ref(f"user:{role}")


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

# --- the public site ---------------------------------------------------------------------------

SITE = {
    "wagtail_serve": [
        P(ALL, path=page_path("home"), witness="anonymous", why="la Une"),
        P(ALL, path=page_path("section"), witness="anonymous"),
        P(ALL, path=page_path("article"), witness="anonymous"),
        P(NOBODY, path=lambda w: "/manche/zqxdraftarticle/", witness=None, why="a draft"),
        P(NOBODY, path=lambda w: "/manche/zqxdraftblog/", witness=None, why="a draft blog"),
        P(
            ALL,
            path=page_path("private_article"),
            witness="anonymous",
            why="answers the password form, not the story (the marker stays hidden)",
        ),
    ],
    "wagtailcore_authenticate_with_password": [
        P(
            ALL,
            kwargs=kw(page_view_restriction_id=o.page_restriction, page_id=o.private_article),
            witness="anonymous",
            why="the page's password form; a wrong password re-renders it",
        )
    ],
    # rotative/urls.py sends Wagtail's own front-end login to the readers' one.
    "_util/login/": [
        P(
            NOBODY,
            path=lambda w: "/_util/login/",
            witness=None,
            why="redirects to /compte/connexion/",
        )
    ],
    "wagtaildocs_serve": [
        P(ALL, path=lambda w: w.document.url, witness="anonymous", why="a public PDF")
    ],
    "wagtaildocs_authenticate_with_password": [
        P(ALL, kwargs=kw(restriction_id=o.collection_restriction), witness="anonymous")
    ],
    "search": [
        P(ALL, witness="anonymous"),
        P(ALL, query="q=scoop", witness="anonymous", why="finds no draft"),
        P(ALL, query="q=soir%C3%A9e+%C3%A9lectorale", witness="anonymous"),
    ],
    "robots_txt": [P(ALL, witness="anonymous")],
    "service_worker": [P(ALL, witness="anonymous")],
    "sitemap": [P(ALL, witness="anonymous")],
    "sitemap_section": [P(ALL, kwargs=kw(section="pages"), witness="anonymous")],
    "news:site_feed": [P(ALL, witness="anonymous")],
    "news:section_feed": [P(ALL, kwargs=kw(slug="manche"), witness="anonymous")],
    "news:google_news_sitemap": [P(ALL, witness="anonymous")],
    "news:tag": [
        P(ALL, kwargs=kw(slug="digue"), witness="anonymous"),
        P(
            ALL,
            kwargs=kw(slug="brouillon-seul"),
            witness="anonymous",
            why="a tag only a draft carries: its page lists no article",
        ),
    ],
    "news:view_beacon": [
        P(
            NOBODY,
            ALL,
            kwargs=kw(article_id=o.draft_article),
            witness=None,
            why="always 204 whatever the id: tells nothing, counts only live articles",
        )
    ],
    "media/<path:path>": [
        P(
            ALL,
            path=lambda w: w.image.file.url,
            witness="anonymous",
            why="public images; the quarantine lives outside MEDIA_ROOT",
        ),
        P(
            NOBODY,
            path=lambda w: "/media/../private/wire-quarantine/" + w.quarantined.original.name,
            witness=None,
        ),
    ],
    # --- En direct
    "live:feed": [P(ALL, witness="anonymous")],
    "live:poll": [
        P(ALL, witness="anonymous", why="the site's channel is public"),
        P(
            NOBODY,
            query=lambda w: f"canal={w.draft_blog.channel}",
            witness=None,
            why="a draft live blog's channel",
            known=K5,
        ),
    ],
    "live:stream": [
        P(
            NOBODY,
            witness=None,
            ok_statuses=frozenset({503}),
            why="under WSGI it answers 503; the ASGI stream is rotative/live/streaming.py",
        )
    ],
    # --- comments
    "comments:post": [
        P(CONFIRMED, kwargs=kw(article_id=o.article), witness="reader", known=K1),
        P(NOBODY, kwargs=kw(article_id=o.draft_article), witness=None, why="a draft article"),
        P(
            CONFIRMED,
            kwargs=kw(article_id=o.article),
            query=lambda w: f"reponse={w.comment_pending.pk}",
            witness="reader",
            known=K4,
        ),
        P(
            CONFIRMED,
            kwargs=kw(article_id=o.article),
            query=lambda w: f"reponse={w.comment_refused.pk}",
            witness="reader",
            known=K4,
        ),
    ],
    "comments:edit": [P(NOBODY, kwargs=kw(pk=o.comment_published), witness=OWNER)],
    "comments:delete": [P(NOBODY, kwargs=kw(pk=o.comment_published), witness=OWNER)],
    "comments:report": [
        P(CONFIRMED, kwargs=kw(pk=o.comment_published), witness="reader", known=K1),
        P(NOBODY, kwargs=kw(pk=o.comment_pending), witness=None, why="not published"),
        P(NOBODY, kwargs=kw(pk=o.comment_refused), witness=None, why="refused"),
    ],
    # --- classified ads
    "classifieds:search": [
        P(ALL, witness="anonymous"),
        P(ALL, query="q=maison", witness="anonymous", why="finds only online ads"),
    ],
    "classifieds:category": [P(ALL, kwargs=kw(category="immobilier"), witness="anonymous")],
    "classifieds:communes": [P(ALL, query="q=carantilly", witness="anonymous")],
    "classifieds:detail": [
        P(ALL, kwargs=kw(pk=o.ad_online, slug="maison-de-pecheur"), witness="anonymous"),
        *[
            P(MODERATORS, NOBODY, kwargs=kw(pk=_Ref(ad), slug="x"), why=f"{ad} is not online")
            for ad in ("ad_draft", "ad_pending", "ad_rejected", "ad_deleted", "ad_sold")
        ],
        P(MODERATORS, NOBODY, kwargs=kw(pk=o.ad_expired, slug="x"), why="expired"),
    ],
    "classifieds:contact": [
        P(NOBODY, CONFIRMED, kwargs=kw(pk=o.ad_online), witness=None, known=K1, why="POST only"),
        *[
            P(NOBODY, kwargs=kw(pk=_Ref(ad)), witness=None, known=K2)
            for ad in ("ad_draft", "ad_pending", "ad_rejected", "ad_deleted", "ad_sold")
        ],
    ],
    "classifieds:conversation": [
        P(
            NOBODY,
            kwargs=kw(pk=o.ad_online, buyer_id=user("buyer")),
            witness=OWNER,
            why="another reader's thread",
        ),
        *[
            P(
                NOBODY,
                path=lambda w, ad=ad: f"/annonces/{getattr(w, ad).pk}/messages/{ME}/",
                witness=None,
                known=K2,
                why="the role names itself as the buyer of a hidden ad",
            )
            for ad in ("ad_draft", "ad_pending", "ad_rejected", "ad_deleted")
        ],
        P(
            NOBODY,
            kwargs=kw(pk=o.pro_ad, buyer_id=user(OWNER)),
            witness=None,
            known=K3,
            why="the professional's own ad, with a reader who never wrote: no thread to open",
        ),
    ],
    "classifieds:post": [
        P(CONFIRMED, witness="reader", known=K1),
        P(CONFIRMED, query="categorie=immobilier", witness="reader", known=K1),
    ],
    "classifieds:edit": [P(NOBODY, kwargs=kw(pk=o.ad_draft), witness=OWNER)],
    "classifieds:preview": [P(NOBODY, kwargs=kw(pk=o.ad_draft), witness=OWNER)],
    "classifieds:owner_action": [
        P(NOBODY, kwargs=kw(pk=o.ad_online, action=action), witness=None, why="POST only")
        for action in ("vendue", "supprimer", "prolonger")
    ],
    "classifieds:report": [
        P(CONFIRMED, kwargs=kw(pk=o.ad_online), witness="reader", known=K1),
        P(NOBODY, kwargs=kw(pk=o.ad_pending), witness=None),
    ],
    "classifieds:mine": [P(LOGGED_IN, witness="reader", why="one's own ads")],
    "classifieds:alerts": [P(LOGGED_IN, witness="reader", why="one's own saved searches")],
    "classifieds:alert_stop": [
        P(
            ALL,
            kwargs=kw(token=BAD_TOKEN),
            witness="anonymous",
            why="GET only asks to confirm; a forged token stops nothing, and says so",
        )
    ],
    # --- accounts (one's own account only)
    "accounts_profile": [P(LOGGED_IN, witness="reader")],
    "accounts_data": [P(LOGGED_IN, witness="reader")],
    "accounts_delete": [P(LOGGED_IN, witness="reader")],
    "accounts_professional": [P(CONFIRMED, witness="reader", known=K1)],
    "compte/login/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/connexion/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/signup/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/inscription/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/logout/": [P(ALL, ALL, witness="reader")],
    "compte/deconnexion/": [P(ALL, ALL, witness="reader")],
    "account_inactive": [P(ALL, witness="anonymous")],
    "account_reauthenticate": [P(LOGGED_IN, LOGGED_IN, witness="reader")],
    "compte/email/": [P(LOGGED_IN, LOGGED_IN, witness="reader")],
    "compte/e-mail/": [P(LOGGED_IN, LOGGED_IN, witness="reader")],
    "compte/confirm-email/": [P(ALL, witness="anonymous")],
    "compte/confirmation/": [P(ALL, witness="anonymous")],
    "compte/password/change/": [P(LOGGED_IN, LOGGED_IN, witness="reader")],
    "compte/mot-de-passe/": [P(LOGGED_IN, LOGGED_IN, witness="reader")],
    "account_set_password": [P(NOBODY, witness=None, why="every account has a password")],
    "compte/password/reset/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/mot-de-passe/oubli/": [P(ALL, witness="anonymous", why=LOGIN_PAGE)],
    "compte/password/reset/done/": [P(ALL, witness="anonymous")],
    "compte/mot-de-passe/oubli/envoye/": [P(ALL, witness="anonymous")],
    "account_confirm_login_code": [P(NOBODY, witness=None, why="no code was asked for")],
    "account_confirm_email": [P(ALL, kwargs=kw(key=BAD_TOKEN), witness=None, why=TOKEN)],
    "account_reset_password_from_key": [
        P(ALL, kwargs=kw(uidb36="2", key="set-password-forged"), witness=None, why=TOKEN)
    ],
    "account_reset_password_from_key_done": [P(ALL, witness="anonymous")],
    # --- newsletter
    "newsletter:signup": [P(ALL, ALL, witness="anonymous", why="anyone signs up an address")],
    "newsletter:check_mail": [P(ALL, witness="anonymous")],
    "newsletter:confirm": [P(NOBODY, kwargs=kw(token=BAD_TOKEN), witness=None, why=TOKEN)],
    "newsletter:preferences": [P(NOBODY, kwargs=kw(token=BAD_TOKEN), witness=None, why=TOKEN)],
    "newsletter:erase": [P(NOBODY, kwargs=kw(token=BAD_TOKEN), witness=None, why=TOKEN)],
    "newsletter:unsubscribe": [P(NOBODY, kwargs=kw(token=BAD_TOKEN), witness=None, why=TOKEN)],
    "newsletter:account": [P(LOGGED_IN, witness="reader", why="one's own subscription")],
    "newsletter:webhook": [P(NOBODY, witness=None, why="signed by the mail provider")],
    "newsletter:push_subscribe": [
        P(NOBODY, witness=None, why="POST only; an empty body is refused")
    ],
    "newsletter:push_unsubscribe": [
        P(NOBODY, witness=None, why="POST only; an empty body is refused")
    ],
}

# --- the admin ---------------------------------------------------------------------------------
# Readers, professionals and unconfirmed accounts get nothing under /admin/ but its login and
# password-reset pages. Moderators: comments, ads, professional accounts, banned words.
# Editors: pages, images, documents, authors, pinned topics, the live desk, the wire queue and
# the morning letter. Users, groups, sites, settings, collections, workflows, redirects, wire
# sources and rules, live labels and the subscribers (personal data) are the administrators'.

ADMIN_LOGIN = "the staff login form: for everyone (point 1 decides whom it lets in)"
PAGE_TITLES = "the admin's page choosers and API list every page to any staff member"


def _viewset(namespace, ref, *, view, add, change, delete, names=None):
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


def _chooser(namespace, ref, *, listing, chosen, create, create_ok=frozenset()):
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

ADMIN = {
    # --- Wagtail's own screens
    "wagtailadmin_home": [P(STAFF)],
    "admin/test404/": [
        P(STAFF, path=lambda w: "/admin/test404/", why="Wagtail's 404 template, to try it out")
    ],
    "admin/^.*/$": [P(NOBODY, path=lambda w: "/admin/nulle-part/", witness=None)],
    "wagtailadmin_error_test": [
        P(
            NOBODY,
            witness=None,
            ok_statuses=frozenset({500}),
            why="Wagtail's own page to test the 500 handler",
        )
    ],
    "wagtailadmin_login": [P(ALL, ALL, witness="anonymous", why=ADMIN_LOGIN)],
    "wagtailadmin_logout": [P(NOBODY, STAFF, witness=None, why="POST only")],
    "wagtailadmin_password_reset": [P(ALL, ALL, witness="anonymous", why=LOGIN_PAGE)],
    "wagtailadmin_password_reset_done": [P(ALL, witness="anonymous")],
    "wagtailadmin_password_reset_confirm": [
        P(
            ALL,
            kwargs=kw(uidb64="Mg", token="forged-token"),
            witness="anonymous",
            why="a forged link shows « lien invalide »",
        )
    ],
    "wagtailadmin_password_reset_complete": [P(ALL, witness="anonymous")],
    "wagtailadmin_account": [P(STAFF)],
    "wagtailadmin_dismissibles": [P(STAFF, STAFF)],
    "wagtailadmin_sprite": [P(ALL, witness="anonymous", why="the admin's icons")],
    "wagtailadmin_javascript_catalog": [
        P(ALL, witness="anonymous", why="the admin's translations")
    ],
    "wagtailadmin_block_preview": [P(STAFF, witness=None, why="needs a block id")],
    "wagtailadmin_tag_autocomplete": [P(STAFF, query="term=dig")],
    "wagtailadmin_tag_model_autocomplete": [
        P(STAFF, kwargs=kw(app_name="taggit", model_name="tag"), query="term=dig")
    ],
    "wagtailadmin_choose_page": [P(STAFF, why=PAGE_TITLES)],
    "wagtailadmin_choose_page_child": [P(STAFF, kwargs=SECTION, why=PAGE_TITLES)],
    "wagtailadmin_choose_page_search": [P(STAFF, query="q=scoop", why=PAGE_TITLES)],
    "wagtailadmin_choose_page_chosen_multiple": [
        P(STAFF, query=lambda w: f"id={w.draft_article.pk}", why=PAGE_TITLES)
    ],
    "wagtailadmin_choose_page_external_link": [
        P(
            STAFF,
            ok_statuses=frozenset({500}),
            why="Wagtail 8.0.1's form fails on a POST without link_url (staff only): reported",
        )
    ],
    "wagtailadmin_choose_page_email_link": [P(STAFF)],
    "wagtailadmin_choose_page_phone_link": [P(STAFF)],
    "wagtailadmin_choose_page_anchor_link": [P(STAFF)],
    "wagtailadmin_api:pages:listing": [P(STAFF, why=PAGE_TITLES)],
    "wagtailadmin_api:pages:detail": [P(STAFF, kwargs=kw(pk=o.draft_article), why=PAGE_TITLES)],
    "wagtailadmin_api:pages:find": [
        P(
            STAFF,
            query=lambda w: "html_path=/manche/zqxdraftarticle/",
            witness=None,
            why="answers with a redirect",
        )
    ],
    "wagtailadmin_api:pages:action": [
        P(
            NOBODY,
            EDITORS,
            kwargs=kw(pk=o.draft_article, action_name="copy"),
            witness=None,
            why="POST only",
        )
    ],
    # Wagtail's admin API lists every image and document to any staff member, whatever
    # their collections: titles and public files only.
    "wagtailadmin_api:documents:listing": [P(STAFF)],
    "wagtailadmin_api:documents:detail": [P(STAFF, kwargs=kw(pk=o.document))],
    "wagtailadmin_api:documents:find": [P(STAFF, witness=None)],
    "wagtailadmin_api:images:listing": [P(STAFF)],
    "wagtailadmin_api:images:detail": [P(STAFF, kwargs=kw(pk=o.image))],
    "wagtailadmin_api:images:find": [P(STAFF, witness=None)],
    "wagtail_bulk_action": [
        # GET is Wagtail's confirmation, listing what the user may not do; POST acts.
        P(
            STAFF,
            EDITORS,
            kwargs=kw(app_label="wagtailcore", model_name="page", action="publish"),
            query=lambda w: f"id={w.draft_article.pk}",
        ),
        P(
            STAFF,
            ADMINS,
            kwargs=kw(app_label="wagtailcore", model_name="page", action="delete"),
            query=lambda w: f"id={w.article.pk}",
            why="deleting pages is the administrators'",
        ),
        P(
            ADMINS,
            kwargs=kw(app_label="auth", model_name="user", action="set_active_state"),
            query=lambda w: f"id={w.users[OWNER].pk}",
        ),
    ],
    # --- pages: the explorer and the editor
    "wagtailadmin_explore_root": [P(EDITORS)],
    "wagtailadmin_explore": [P(EDITORS, kwargs=SECTION)],
    "wagtailadmin_explore_results": [P(EDITORS, kwargs=SECTION)],
    "wagtailadmin_pages:add": [
        P(EDITORS, EDITORS, kwargs=kw(**ARTICLE_TYPE(None), parent_page_id=o.section))
    ],
    "wagtailadmin_pages:preview_on_add": [
        P(
            EDITORS,
            EDITORS,
            kwargs=kw(**ARTICLE_TYPE(None), parent_page_id=o.section),
            witness=None,
            why="previews what was posted first",
        )
    ],
    "wagtailadmin_pages:type_use": [P(EDITORS, kwargs=ARTICLE_TYPE)],
    "wagtailadmin_pages:type_use_results": [P(EDITORS, kwargs=ARTICLE_TYPE)],
    "wagtailadmin_pages:choose_parent": [
        P(
            STAFF,
            kwargs=kw(app_label="news", model_name="articlepage"),
            witness=None,
            why="Wagtail offers only the parents one may add under (none to a moderator), "
            "or goes straight to the only one",
        )
    ],
    "wagtailadmin_pages:usage": [P(EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:edit": [P(EDITORS, EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:preview_on_edit": [
        P(EDITORS, EDITORS, kwargs=PAGE, witness=None, why="previews what was posted first")
    ],
    "wagtailadmin_pages:view_draft": [P(EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:add_subpage": [P(EDITORS, kwargs=SECTION)],
    # Wagtail's model: the right to edit and publish a page is the right to delete or move it.
    "wagtailadmin_pages:delete": [P(EDITORS, kwargs=kw(page_id=o.article))],
    "wagtailadmin_pages:unpublish": [P(EDITORS, EDITORS, kwargs=kw(page_id=o.article))],
    "wagtailadmin_pages:convert_alias": [
        P(NOBODY, kwargs=PAGE, witness=None, why="the page is no alias")
    ],
    "wagtailadmin_pages:search": [P(EDITORS)],
    "wagtailadmin_pages:search_results": [P(EDITORS, query="q=scoop")],
    "wagtailadmin_pages:move": [P(EDITORS, kwargs=kw(page_to_move_id=o.article))],
    "wagtailadmin_pages:move_confirm": [
        P(
            STAFF,
            ADMINS,
            kwargs=kw(page_to_move_id=o.article, destination_id=o.home),
            why="Wagtail 8 shows its confirmation to any staff member and checks the POST",
        )
    ],
    "wagtailadmin_pages:set_page_position": [
        P(NOBODY, EDITORS, kwargs=kw(page_to_move_id=o.article), witness=None, why="POST only")
    ],
    "wagtailadmin_pages:copy": [P(EDITORS, EDITORS, kwargs=kw(page_id=o.article))],
    "wagtailadmin_pages:workflow_action": [
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(page_id=o.draft_article, action_name="approve", task_state_id=o.task_state),
            why="the task is the Moderators group's (Wagtail's), none of ours",
        )
    ],
    "wagtailadmin_pages:collect_workflow_action_data": [
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(page_id=o.draft_article, action_name="approve", task_state_id=o.task_state),
            why="the task is the Moderators group's (Wagtail's), none of ours",
        )
    ],
    "wagtailadmin_pages:confirm_workflow_cancellation": [
        P(STAFF, kwargs=PAGE, why="Wagtail's « publishing cancels the workflow » notice")
    ],
    "wagtailadmin_pages:workflow_preview": [
        P(
            ADMINS,
            kwargs=kw(page_id=o.draft_article, task_id=o.task),
            why="the task is the Moderators group's (Wagtail's), none of ours",
        )
    ],
    "wagtailadmin_pages:set_privacy": [P(EDITORS, EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:lock": [
        P(NOBODY, ADMINS, kwargs=PAGE, witness=None, why="POST only; no lock right for editors")
    ],
    "wagtailadmin_pages:unlock": [
        P(NOBODY, ADMINS, kwargs=PAGE, witness=None, why="POST only; no lock right for editors")
    ],
    "wagtailadmin_pages:revisions_index": [
        P(EDITORS, kwargs=PAGE, witness=None, why="Wagtail 8 redirects to the history")
    ],
    "wagtailadmin_pages:revisions_view": [
        P(EDITORS, kwargs=kw(page_id=o.draft_article, revision_id=o.draft_revision))
    ],
    "wagtailadmin_pages:revisions_revert": [
        P(EDITORS, EDITORS, kwargs=kw(page_id=o.draft_article, revision_id=o.draft_revision))
    ],
    "wagtailadmin_pages:revisions_unschedule": [
        P(
            EDITORS,
            EDITORS,
            kwargs=kw(page_id=o.draft_article, revision_id=o.draft_revision),
            witness=None,
            why="nothing is scheduled",
        )
    ],
    "wagtailadmin_pages:revisions_compare": [
        P(EDITORS, kwargs=kw(pk=o.draft_article, revision_id_a="earliest", revision_id_b="latest"))
    ],
    "wagtailadmin_pages:workflow_history": [P(EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:workflow_history_detail": [
        P(EDITORS, kwargs=kw(page_id=o.draft_article, workflow_state_id=o.workflow_state))
    ],
    "wagtailadmin_pages:history": [P(EDITORS, kwargs=PAGE)],
    "wagtailadmin_pages:history_results": [P(EDITORS, kwargs=PAGE)],
    "wagtailadmin_editing_sessions:ping": [
        P(
            NOBODY,
            STAFF,
            kwargs=kw(
                app_label="wagtailcore", model_name="page", object_id=o.draft_article, session_id=0
            ),
            witness=None,
            why="POST only; one's own editing sessions",
        )
    ],
    "wagtailadmin_editing_sessions:release": [
        P(
            NOBODY,
            STAFF,
            kwargs=kw(session_id=0),
            witness=None,
            why="POST only; one's own editing sessions",
        )
    ],
    # --- collections, workflows, reports, sites, users, groups, redirects, settings
    **{
        f"wagtailadmin_collections:{name}": [P(ADMINS, ADMINS, kwargs=kwargs)]
        for name, kwargs in {
            "index": None,
            "add": None,
            "edit": kw(pk=o.collection),
            "delete": kw(pk=o.collection),
            "set_privacy": kw(collection_id=o.collection),
        }.items()
    },
    **{
        f"wagtailadmin_workflows:{name}": [P(ADMINS, ADMINS, kwargs=kwargs, witness=witness)]
        for name, kwargs, witness in [
            ("index", None, "admin"),
            ("index_results", None, "admin"),
            ("add", None, "admin"),
            ("enable", kw(pk=o.workflow), None),
            ("disable", kw(pk=o.workflow), "admin"),
            ("edit", kw(pk=o.workflow), "admin"),
            ("usage", kw(pk=o.workflow), "admin"),
            ("usage_results", kw(pk=o.workflow), "admin"),
            ("add_task", kw(app_label="wagtailcore", model_name="groupapprovaltask"), "admin"),
            ("select_task_type", None, None),  # one task type: straight to its form
            ("task_index", None, "admin"),
            ("task_index_results", None, "admin"),
            ("edit_task", kw(pk=o.task), "admin"),
            ("disable_task", kw(pk=o.task), "admin"),
            ("enable_task", kw(pk=o.task), None),
        ]
    },
    # Wagtail's task chooser lists task names to any staff member; creating one is checked.
    "wagtailadmin_workflows:task_chooser": [P(STAFF, ADMINS)],
    "wagtailadmin_workflows:task_chooser_results": [P(STAFF, ADMINS)],
    "wagtailadmin_workflows:task_chooser_create": [P(STAFF, ADMINS)],
    "wagtailadmin_workflows:task_chosen": [P(STAFF, kwargs=kw(task_id=o.task))],
    "admin/workflows/remove/<int:page_pk>/": [
        P(ADMINS, ADMINS, kwargs=kw(page_pk=o.section), witness=None, why="POST only")
    ],
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": [
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(page_pk=o.section, workflow_pk=o.workflow),
            witness=None,
            why="POST only",
        )
    ],
    "wagtailadmin_reports:locked_pages": [P(EDITORS)],
    "wagtailadmin_reports:locked_pages_results": [P(EDITORS)],
    "wagtailadmin_reports:workflow": [P(EDITORS)],
    "wagtailadmin_reports:workflow_results": [P(EDITORS)],
    "wagtailadmin_reports:workflow_tasks": [P(EDITORS)],
    "wagtailadmin_reports:workflow_tasks_results": [P(EDITORS)],
    "wagtailadmin_reports:site_history": [
        P(STAFF, why="Wagtail lists only the actions on what the user may see")
    ],
    "wagtailadmin_reports:site_history_results": [P(STAFF)],
    "wagtailadmin_reports:aging_pages": [P(EDITORS)],
    "wagtailadmin_reports:aging_pages_results": [P(EDITORS)],
    "wagtailadmin_reports:page_types_usage": [P(EDITORS)],
    "wagtailadmin_reports:page_types_usage_results": [P(EDITORS)],
    **_viewset(
        "wagtailsites",
        o.site,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **_viewset(
        "wagtailusers_users",
        user(OWNER),
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **_viewset(
        "wagtailusers_groups",
        o.moderators,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[n for n in VIEWSET_NAMES if n != "copy"],
    ),
    "wagtailredirects:index": [P(ADMINS, ADMINS)],
    "wagtailredirects:index_results": [P(ADMINS, ADMINS)],
    "wagtailredirects:add": [P(ADMINS, ADMINS)],
    "wagtailredirects:edit": [P(ADMINS, ADMINS, kwargs=kw(redirect_id=o.redirect))],
    "wagtailredirects:delete": [P(ADMINS, ADMINS, kwargs=kw(redirect_id=o.redirect))],
    "wagtailredirects:start_import": [P(ADMINS, ADMINS)],
    "wagtailredirects:process_import": [P(NOBODY, ADMINS, witness=None, why="POST only")],
    "admin/settings/<slug:app_name>/<slug:model_name>/": [
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(app_name="comments", model_name="commentsettings"),
            witness=None,
            why="redirects to the default site's",
        ),
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(app_name="core", model_name="siteidentity"),
            witness=None,
            why="redirects to the default site's",
        ),
    ],
    "admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": [
        P(ADMINS, ADMINS, kwargs=kw(app_name="comments", model_name="commentsettings", pk=o.site)),
        P(ADMINS, ADMINS, kwargs=kw(app_name="core", model_name="siteidentity", pk=o.site)),
    ],
    "wagtailsettings:preview_on_edit": [
        P(
            ADMINS,
            ADMINS,
            kwargs=kw(app_name="core", model_name="siteidentity", pk=o.site),
            witness=None,
            why="previews what was posted first",
        )
    ],
    # --- images, documents, snippets
    "wagtailsnippets:index": [P(EDITORS)],
    "wagtaildocs:index": [P(EDITORS)],
    "wagtaildocs:index_results": [P(EDITORS)],
    "wagtaildocs:add": [P(EDITORS, EDITORS)],
    "wagtaildocs:edit": [P(EDITORS, EDITORS, kwargs=kw(document_id=o.document))],
    # Wagtail's model: the right to change images and documents is the right to delete them.
    "wagtaildocs:delete": [P(EDITORS, kwargs=kw(document_id=o.document))],
    "wagtaildocs:add_multiple": [P(EDITORS, EDITORS)],
    "wagtaildocs:edit_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(doc_id=o.document), witness=None, why="POST only")
    ],
    "wagtaildocs:create_multiple_from_uploaded_document": [
        P(NOBODY, EDITORS, kwargs=kw(uploaded_file_id=0), witness=None, why="POST only")
    ],
    "wagtaildocs:delete_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(doc_id=o.document), witness=None, why="POST only")
    ],
    "wagtaildocs:delete_upload_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(uploaded_file_id=0), witness=None, why="POST only")
    ],
    "wagtaildocs:document_usage": [P(EDITORS, kwargs=kw(document_id=o.document))],
    "wagtailimages:index": [P(EDITORS)],
    "wagtailimages:index_results": [P(EDITORS)],
    "wagtailimages:edit": [P(EDITORS, EDITORS, kwargs=kw(image_id=o.image))],
    "wagtailimages:delete": [P(EDITORS, kwargs=kw(image_id=o.image))],
    # 404 for everyone: the site serves no dynamic image URLs (wagtailimages_serve).
    "wagtailimages:url_generator": [P(EDITORS, kwargs=kw(image_id=o.image), witness=None)],
    "wagtailimages:url_generator_output": [
        P(EDITORS, kwargs=kw(image_id=o.image), query="filter_spec=original", witness=None)
    ],
    "wagtailimages:preview": [P(EDITORS, kwargs=kw(image_id=o.image, filter_spec="fill-80x80"))],
    "wagtailimages:add": [P(EDITORS, EDITORS)],
    "wagtailimages:image_usage": [P(EDITORS, kwargs=kw(image_id=o.image))],
    "wagtailimages:add_multiple": [P(EDITORS, EDITORS)],
    "wagtailimages:edit_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(image_id=o.image), witness=None, why="POST only")
    ],
    "wagtailimages:create_multiple_from_uploaded_image": [
        P(NOBODY, EDITORS, kwargs=kw(uploaded_file_id=0), witness=None, why="POST only")
    ],
    "wagtailimages:delete_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(image_id=o.image), witness=None, why="POST only")
    ],
    "wagtailimages:delete_upload_multiple": [
        P(NOBODY, EDITORS, kwargs=kw(uploaded_file_id=0), witness=None, why="POST only")
    ],
    # Image and document choosers list only what the user may choose: nothing to a moderator.
    **_chooser("wagtaildocs_chooser", o.document, listing=STAFF, chosen=EDITORS, create=EDITORS),
    **_chooser("wagtailimages_chooser", o.image, listing=STAFF, chosen=EDITORS, create=EDITORS),
    "wagtailimages_chooser:select_format": [P(EDITORS, kwargs=kw(image_id=o.image))],
    **_viewset(
        "wagtailsnippets_news_author",
        o.author,
        view=EDITORS,
        add=EDITORS,
        change=EDITORS,
        delete=ADMINS,
        names=SNIPPET_NAMES,
    ),
    **_viewset(
        "wagtailsnippets_core_pinnedtopic",
        o.pinned_topic,
        view=EDITORS,
        add=EDITORS,
        change=EDITORS,
        delete=ADMINS,
        names=[*SNIPPET_NAMES, "reorder"],
    ),
    # Snippet choosers show bylines and pinned topics (public anyway) to any staff member.
    **_chooser(
        "wagtailsnippetchoosers_news_author",
        o.author,
        listing=STAFF,
        chosen=STAFF,
        create=EDITORS,
        create_ok=SNIPPET_CREATE_500,
    ),
    **_chooser(
        "wagtailsnippetchoosers_core_pinnedtopic",
        o.pinned_topic,
        listing=STAFF,
        chosen=STAFF,
        create=EDITORS,
        create_ok=SNIPPET_CREATE_500,
    ),
    **_chooser(
        "commune_chooser",
        _Ref("ad_online", "commune_id"),
        listing=STAFF,
        chosen=STAFF,
        create=NOBODY,
    ),
    # --- our own screens
    "wire_queue": [P(EDITORS)],
    "wire_preview": [P(EDITORS, kwargs=kw(pk=o.dispatch))],
    "wire_publish": [P(NOBODY, EDITORS, kwargs=kw(pk=o.dispatch), witness=None, why="POST")],
    "wire_quarantine_download": [
        P(ADMINS, kwargs=kw(pk=o.quarantined), why="the quarantine is wire settings")
    ],
    **_viewset(
        "wiresource",
        o.wire_source,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[*VIEWSET_NAMES, "inspect"],
    ),
    **_viewset(
        "topicmapping",
        o.topic_mapping,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **_viewset(
        "publishingrule",
        o.publishing_rule,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **_viewset(
        "quarantinedfile",
        o.quarantined,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[*VIEWSET_NAMES[:-1], "inspect"],
    ),
    **_viewset(
        "mots_moderation",
        o.moderation_word,
        view=MODERATORS,
        add=MODERATORS,
        change=MODERATORS,
        delete=MODERATORS,
        names=VIEWSET_NAMES,
    ),
    **_viewset(
        "etiquettes_direct",
        o.live_label,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    "accounts_professionals": [P(MODERATORS)],
    "accounts_professional_review": [
        P(
            NOBODY,
            MODERATORS,
            kwargs=kw(pk=o.owner_professional_request),
            witness=None,
            why="POST only",
        )
    ],
    "newsletter_digests": [P(EDITORS)],
    "newsletter_digest_prepare": [P(NOBODY, EDITORS, witness=None, why="POST only")],
    "newsletter_digest_edit": [P(EDITORS, EDITORS, kwargs=kw(pk=o.digest))],
    "newsletter_digest_add": [
        P(NOBODY, EDITORS, kwargs=kw(pk=o.digest), witness=None, why="POST only")
    ],
    "newsletter_digest_preview": [P(EDITORS, kwargs=kw(pk=o.digest))],
    "newsletter_digest_test": [
        P(NOBODY, EDITORS, kwargs=kw(pk=o.digest), witness=None, why="POST only")
    ],
    "newsletter_digest_send": [
        P(NOBODY, EDITORS, kwargs=kw(pk=o.digest), witness=None, why="POST only")
    ],
    "newsletter_subscribers": [P(ADMINS, why="personal data")],
    "newsletter_subscriber": [P(ADMINS, kwargs=kw(pk=o.subscriber))],
    "newsletter_subscriber_export": [P(ADMINS, kwargs=kw(pk=o.subscriber))],
    "newsletter_subscriber_erase": [
        P(NOBODY, ADMINS, kwargs=kw(pk=o.subscriber), witness=None, why="POST only")
    ],
    "comments_moderation": [P(MODERATORS)],
    "comments_moderation_detail": [P(MODERATORS, kwargs=kw(pk=o.comment_pending))],
    "comments_moderation_act": [
        P(NOBODY, MODERATORS, kwargs=kw(pk=o.comment_pending), witness=None, why="POST only")
    ],
    "comments_moderation_unban": [
        P(NOBODY, MODERATORS, kwargs=kw(user_id=user(OWNER)), witness=None, why="POST only")
    ],
    "classifieds_moderation": [P(MODERATORS)],
    "classifieds_moderate": [
        P(NOBODY, MODERATORS, kwargs=kw(pk=o.ad_pending), witness=None, why="POST only")
    ],
    "live_desk": [P(EDITORS, EDITORS)],
    "live_edit": [P(EDITORS, EDITORS, kwargs=kw(pk=o.site_entry))],
    "live_delete": [P(NOBODY, EDITORS, kwargs=kw(pk=o.site_entry), witness=None, why="POST")],
}

TABLE = {**SITE, **ADMIN}
