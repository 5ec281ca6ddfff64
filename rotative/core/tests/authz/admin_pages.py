"""The admin, Wagtail's own screens and its pages.

Readers, professionals and unconfirmed accounts get nothing under /admin/ but its login and
password-reset pages. Moderators: comments, ads, professional accounts, banned words.
Editors: pages, images, documents, authors, pinned topics, the live desk, the wire queue and
the morning letter. Users, groups, sites, settings, collections, workflows, redirects, wire
sources and rules, live labels and the subscribers (personal data) are the administrators'.
"""

from rotative.core.tests.authz.engine import (
    ADMINS,
    ALL,
    EDITORS,
    NOBODY,
    STAFF,
    P,
)
from rotative.core.tests.authz.rows import (
    ADMIN_LOGIN,
    ARTICLE_TYPE,
    LOGIN_PAGE,
    PAGE,
    PAGE_TITLES,
    SECTION,
    kw,
    o,
)
from rotative.core.tests.authz.world import OWNER

ADMIN_PAGES = {
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
}
