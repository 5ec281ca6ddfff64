"""The admin, the site's own screens: wire, moderation, letters, live desk, accounts."""

from rotative.core.tests.authz.engine import (
    ADMINS,
    EDITORS,
    MODERATORS,
    NOBODY,
    STAFF,
    P,
)
from rotative.core.tests.authz.rows import (
    VIEWSET_NAMES,
    Ref,
    chooser_rows,
    kw,
    o,
    user,
    viewset_rows,
)
from rotative.core.tests.authz.world import OWNER

ADMIN_SITE = {
    # --- our own screens
    "wire_queue": [P(EDITORS)],
    "wire_preview": [P(EDITORS, kwargs=kw(pk=o.dispatch))],
    "wire_publish": [P(NOBODY, EDITORS, kwargs=kw(pk=o.dispatch), witness=None, why="POST")],
    "wire_quarantine_download": [
        P(ADMINS, kwargs=kw(pk=o.quarantined), why="the quarantine is wire settings")
    ],
    **viewset_rows(
        "wiresource",
        o.wire_source,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[*VIEWSET_NAMES, "inspect"],
    ),
    **viewset_rows(
        "topicmapping",
        o.topic_mapping,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **viewset_rows(
        "publishingrule",
        o.publishing_rule,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=VIEWSET_NAMES,
    ),
    **viewset_rows(
        "quarantinedfile",
        o.quarantined,
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[*VIEWSET_NAMES[:-1], "inspect"],
    ),
    **viewset_rows(
        "mots_moderation",
        o.moderation_word,
        view=MODERATORS,
        add=MODERATORS,
        change=MODERATORS,
        delete=MODERATORS,
        names=VIEWSET_NAMES,
    ),
    **viewset_rows(
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
    "agenda_moderation": [P(MODERATORS)],
    "agenda_moderate": [
        P(NOBODY, MODERATORS, kwargs=kw(pk=o.event_pending), witness=None, why="POST only")
    ],
    # Events and venues in the admin: the model permissions (agenda.add_event… a moderator
    # holds change_event only); the venue chooser lists venues (public) to any staff member.
    **viewset_rows(
        "agenda_events",
        o.event_published,
        view=MODERATORS,
        add=ADMINS,
        change=MODERATORS,
        delete=ADMINS,
        names=[name for name in VIEWSET_NAMES if name != "copy"],
    ),
    **viewset_rows(
        "agenda_venues",
        Ref("event_published", "venue_id"),
        view=ADMINS,
        add=ADMINS,
        change=ADMINS,
        delete=ADMINS,
        names=[name for name in VIEWSET_NAMES if name != "copy"],
    ),
    **chooser_rows(
        "agenda_venue_chooser",
        Ref("event_published", "venue_id"),
        listing=STAFF,
        chosen=STAFF,
        create=ADMINS,
    ),
    "jobs_moderation": [P(MODERATORS)],
    "jobs_moderate": [
        P(NOBODY, MODERATORS, kwargs=kw(pk=o.job_pending), witness=None, why="POST only")
    ],
    # Les pronostics: the editors' calendar screens (model permissions; deleting is the
    # administrators'), results, postponements, cancellations and the CSV import.
    **{
        f"pronostics_{name}": [P(EDITORS, EDITORS, kwargs=kwargs)]
        for name, kwargs in {
            "results": None,
            "day_results": kw(pk=o.pron_admin_day),
            "match_result": kw(pk=o.pron_admin_match),
            "match_postpone": kw(pk=o.pron_admin_match),
            "match_cancel": kw(pk=o.pron_admin_match),
            "import": None,
            "import_example": None,
        }.items()
    },
    **{
        key: rows
        for namespace, ref in [
            ("pronostics_matches", o.pron_admin_match),
            ("pronostics_days", o.pron_admin_day),
            ("pronostics_competitions", Ref("pron_admin_competition")),
            ("pronostics_seasons", Ref("pron_admin_day", "season_id")),
            ("pronostics_clubs", Ref("pron_admin_match", "home_id")),
        ]
        for key, rows in viewset_rows(
            namespace,
            ref,
            view=EDITORS,
            add=EDITORS,
            change=EDITORS,
            delete=ADMINS,
            names=[name for name in VIEWSET_NAMES if name != "copy"],
        ).items()
    },
    "live_desk": [P(EDITORS, EDITORS)],
    "live_edit": [P(EDITORS, EDITORS, kwargs=kw(pk=o.site_entry))],
    "live_delete": [P(NOBODY, EDITORS, kwargs=kw(pk=o.site_entry), witness=None, why="POST")],
}
