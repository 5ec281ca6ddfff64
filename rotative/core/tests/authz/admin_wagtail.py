"""The admin, Wagtail's other screens: collections, workflows, reports, sites, users, groups,
redirects, settings, images, documents, snippets and choosers.
"""

from rotative.core.tests.authz.engine import (
    ADMINS,
    EDITORS,
    NOBODY,
    STAFF,
    P,
)
from rotative.core.tests.authz.rows import (
    SNIPPET_CREATE_500,
    SNIPPET_NAMES,
    VIEWSET_NAMES,
    Ref,
    chooser_rows,
    kw,
    o,
    user,
    viewset_rows,
)
from rotative.core.tests.authz.world import OWNER

ADMIN_WAGTAIL = {
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
    **viewset_rows(
        "wagtailsites",
        o.site,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **viewset_rows(
        "wagtailusers_users",
        user(OWNER),
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **viewset_rows(
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
    **chooser_rows(
        "wagtaildocs_chooser", o.document, listing=STAFF, chosen=EDITORS, create=EDITORS
    ),
    **chooser_rows("wagtailimages_chooser", o.image, listing=STAFF, chosen=EDITORS, create=EDITORS),
    "wagtailimages_chooser:select_format": [P(EDITORS, kwargs=kw(image_id=o.image))],
    **viewset_rows(
        "wagtailsnippets_news_author",
        o.author,
        view=EDITORS,
        add=EDITORS,
        change=EDITORS,
        delete=ADMINS,
        names=SNIPPET_NAMES,
    ),
    **viewset_rows(
        "wagtailsnippets_home_pinnedtopic",
        o.pinned_topic,
        view=EDITORS,
        add=EDITORS,
        change=EDITORS,
        delete=ADMINS,
        names=[*SNIPPET_NAMES, "reorder"],
    ),
    # Snippet choosers show bylines and pinned topics (public anyway) to any staff member.
    **chooser_rows(
        "wagtailsnippetchoosers_news_author",
        o.author,
        listing=STAFF,
        chosen=STAFF,
        create=EDITORS,
        create_ok=SNIPPET_CREATE_500,
    ),
    **chooser_rows(
        "wagtailsnippetchoosers_home_pinnedtopic",
        o.pinned_topic,
        listing=STAFF,
        chosen=STAFF,
        create=EDITORS,
        create_ok=SNIPPET_CREATE_500,
    ),
    **chooser_rows(
        "commune_chooser",
        Ref("ad_online", "commune_id"),
        listing=STAFF,
        chosen=STAFF,
        create=NOBODY,
    ),
}
