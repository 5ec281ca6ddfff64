"""The app's API for the ads, jobs and agenda: the same visibility as their web pages (the
walk signs in with the site's session, which the API accepts like a device token)."""

from rotative.core.tests.authz.engine import ALL, CONFIRMED, LOGGED_IN, MODERATORS, NOBODY, P
from rotative.core.tests.authz.rows import Ref, kw, o
from rotative.core.tests.authz.world import OWNER

JSON_ONLY = "a JSON body: the walk's empty form is refused (422) to everyone"

API_MARKET = {
    "api/v1/annonces": [P(ALL, CONFIRMED, witness="anonymous", why=f"search; {JSON_ONLY}")],
    "api/v1/annonces/<int:ad_id>": [
        P(ALL, kwargs=kw(ad_id=o.ad_online), witness="anonymous"),
        *[
            P(MODERATORS, NOBODY, kwargs=kw(ad_id=Ref(ad)), why=f"{ad} is not online")
            for ad in ("ad_pending", "ad_rejected", "ad_sold", "ad_expired")
        ],
        P(NOBODY, kwargs=kw(ad_id=o.ad_draft), witness=OWNER, why="the owner's draft"),
        P(NOBODY, kwargs=kw(ad_id=o.ad_deleted), witness=None, why="deleted: gone"),
    ],
    "api/v1/annonces/<int:ad_id>/messages": [
        P(NOBODY, CONFIRMED, kwargs=kw(ad_id=o.ad_online), witness=None, why=JSON_ONLY),
        P(NOBODY, kwargs=kw(ad_id=o.ad_pending), witness=None, why="not online: 404"),
    ],
    "api/v1/annonces/<int:ad_id>/photos": [
        P(NOBODY, kwargs=kw(ad_id=o.ad_online), witness=None, why="POST only, to one's own ad"),
    ],
    "api/v1/emplois": [P(ALL, {"professional"}, witness="anonymous", why=JSON_ONLY)],
    "api/v1/emplois/<int:offer_id>": [
        P(ALL, kwargs=kw(offer_id=o.job_published), witness="anonymous"),
        P(NOBODY, kwargs=kw(offer_id=o.job_pending), witness=None, why="online offers only"),
    ],
    "api/v1/evenements": [P(ALL, CONFIRMED, witness="anonymous", why=JSON_ONLY)],
    "api/v1/evenements/<int:event_id>": [
        P(ALL, kwargs=kw(event_id=o.event_published), witness="anonymous"),
        *[
            P(
                MODERATORS,
                NOBODY,
                kwargs=kw(event_id=Ref(state)),
                witness=OWNER,
                why=f"{state}: its organiser and the moderators only, as on the site",
            )
            for state in ("event_pending", "event_refused")
        ],
    ],
    "api/v1/moi/annonces": [P(LOGGED_IN, witness="reader", why="one's own ads")],
    "api/v1/moi/candidatures": [P(LOGGED_IN, witness="reader", why="one's own applications")],
}
