"""The public site and the feeds: who may get a 2xx, filled with what."""

from rotative.core.tests.authz.engine import (
    ALL,
    CONFIRMED,
    LOGGED_IN,
    ME,
    MODERATORS,
    NOBODY,
    P,
)
from rotative.core.tests.authz.rows import (
    BAD_TOKEN,
    K1,
    K2,
    K3,
    K4,
    K5,
    LOGIN_PAGE,
    TOKEN,
    Ref,
    kw,
    o,
    page_path,
    user,
)
from rotative.core.tests.authz.world import OWNER

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
    # One login for everyone (rotative/accounts/urls.py): Wagtail's and Django's own login
    # and password-reset addresses only redirect to the readers' pages.
    "admin/login/": [
        P(
            NOBODY,
            path=lambda w: "/admin/login/",
            witness=None,
            why="redirects to /compte/connexion/, reads no credentials",
        )
    ],
    "admin/password_reset/": [
        P(
            NOBODY,
            path=lambda w: "/admin/password_reset/",
            witness=None,
            why="redirects to allauth's reset",
        )
    ],
    "admin/password_reset/<path:rest>": [
        P(NOBODY, path=lambda w: "/admin/password_reset/done/", witness=None, why="redirects")
    ],
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
    "publisher_logo": [P(ALL, witness="anonymous", why="the paper's name drawn as a PNG")],
    "breaking_banner_fragment": [
        P(ALL, witness="anonymous", why="the banner every page shows, for Varnish's ESI")
    ],
    # For the load balancer and Prometheus (rotative/ops/): no session, nothing private.
    "ops:liveness": [P(ALL, witness="anonymous", why="« ok »: the process answers")],
    "ops:readiness": [P(ALL, witness="anonymous", why="which checks pass, no address")],
    "ops:metrics": [
        P(
            NOBODY,
            witness=None,
            why="404 to everyone without METRICS_TOKEN or an address in METRICS_ALLOWED_IPS",
        )
    ],
    # The installable app (rotative/mobile/): the same for every reader.
    "mobile:service_worker": [P(ALL, witness="anonymous")],
    "mobile:manifest": [P(ALL, witness="anonymous", why="the paper's name, its icons")],
    "mobile:icon": [
        P(ALL, kwargs=kw(icon=icon), witness="anonymous") for icon in ("192", "masquable-512")
    ],
    "mobile:apple_touch_icon": [P(ALL, witness="anonymous")],
    "mobile:app": [P(ALL, witness="anonymous", why="« L'application mobile »")],
    "mobile:offline": [P(ALL, witness="anonymous", why="lists nothing: the device's caches do")],
    "sitemap": [P(ALL, witness="anonymous")],
    "sitemap_section": [
        P(ALL, kwargs=kw(section=section), witness="anonymous")
        for section in (
            *("pages", "sorties", "lieux", "sujets", "direct", "annonces", "pronostics"),
            "application",
        )
    ],
    "news:site_feed": [P(ALL, witness="anonymous")],
    "news:section_feed": [
        P(ALL, kwargs=kw(slug="manche"), witness="anonymous"),
        P(NOBODY, kwargs=kw(slug="zqxdraftblog"), witness=None, why="no such section: 404"),
    ],
    "news:old_section_feed": [
        P(
            NOBODY,
            kwargs=kw(slug="manche"),
            witness=None,
            why="301 to /manche/rss.xml, where section feeds are now",
        )
    ],
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
    "news:author": [
        P(ALL, kwargs=kw(slug="marc-lemonnier"), witness="anonymous", why="signs a live story"),
        P(
            NOBODY,
            kwargs=kw(slug="anne-leroux"),
            witness=None,
            why="an author with no live public article has no page",
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
            witness=None,
            why="a held comment takes no reply: 404 for everyone",
            known=K4,
        ),
        P(
            CONFIRMED,
            kwargs=kw(article_id=o.article),
            query=lambda w: f"reponse={w.comment_refused.pk}",
            witness=None,
            why="a refused comment takes no reply: 404 for everyone",
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
    # --- the app's API: articles, En direct, comments (rotative/api/routers/)
    "api-v1:api_sections": [P(ALL, witness="anonymous")],
    "api-v1:api_topics_now": [P(ALL, witness="anonymous")],
    "api-v1:api_topic": [
        P(ALL, kwargs=kw(slug="digue"), witness="anonymous"),
        P(ALL, kwargs=kw(slug="brouillon-seul"), witness="anonymous", why="only a draft has it"),
    ],
    "api-v1:api_articles": [
        P(ALL, witness="anonymous"),
        P(ALL, query="sujet=brouillon-seul", witness="anonymous", why="lists no draft"),
        P(ALL, query="q=zqxdraftarticle", witness="anonymous", why="finds no draft"),
        P(ALL, query="q=zqxprivatearticle", witness="anonymous", why="finds no private story"),
    ],
    "api-v1:api_article": [
        P(ALL, kwargs=kw(article_id=o.article), witness="anonymous"),
        P(NOBODY, kwargs=kw(article_id=o.draft_article), witness=None, why="a draft"),
        P(NOBODY, kwargs=kw(article_id=o.private_article), witness=None, why="a private story"),
        P(NOBODY, kwargs=kw(article_id=o.draft_blog), witness=None, why="a draft live blog"),
        P(NOBODY, kwargs=kw(article_id=o.section), witness=None, why="not an article"),
    ],
    **{
        name: [
            P(ALL, CONFIRMED, kwargs=kw(article_id=o.article), witness="anonymous"),
            P(NOBODY, kwargs=kw(article_id=o.draft_article), witness=None, why="a draft"),
            P(NOBODY, kwargs=kw(article_id=o.private_article), witness=None, why="private"),
        ]
        # One route: GET reads the threads, POST (shadowed here) posts with the reader's auth.
        for name in ("api-v1:api_article_comments", "api-v1:api_article_comment_post")
    },
    "api-v1:api_comment_report": [
        P(NOBODY, CONFIRMED, kwargs=kw(comment_id=o.comment_published), witness=None, why="POST"),
        P(NOBODY, kwargs=kw(comment_id=o.comment_pending), witness=None, why="not published"),
        P(NOBODY, kwargs=kw(comment_id=o.comment_refused), witness=None, why="refused"),
    ],
    "api-v1:api_comment_delete": [
        P(NOBODY, kwargs=kw(comment_id=o.comment_published), witness=None, why="DELETE only"),
    ],
    "api-v1:api_live": [P(ALL, witness="anonymous")],
    "api-v1:api_live_stream": [
        P(ALL, witness="anonymous"),
        P(
            NOBODY,
            query=lambda w: f"blog={w.draft_blog.pk}",
            witness=None,
            why="a draft live blog",
        ),
    ],
    "api-v1:api_live_blog": [
        P(NOBODY, kwargs=kw(blog_id=o.draft_blog), witness=None, why="a draft live blog"),
        P(NOBODY, kwargs=kw(blog_id=o.article), witness=None, why="not a live blog"),
    ],
    "api-v1:api_live_blog_entries": [
        P(NOBODY, kwargs=kw(blog_id=o.draft_blog), witness=None, why="a draft blog's posts"),
    ],
    "communes_suggest": [P(ALL, query="q=carantilly", witness="anonymous")],
    # --- agenda des sorties
    "agenda:listing": [
        P(ALL, witness="anonymous"),
        P(ALL, query="quand=ce-week-end&gratuit=on", witness="anonymous", why="published only"),
    ],
    "agenda:listing_ics": [P(ALL, query="quand=semaine-prochaine", witness="anonymous")],
    "agenda:concerts": [
        P(ALL, witness="anonymous"),
        P(
            ALL,
            query="style=rock-pop&commune=Carantilly+%2850570%29&rayon=20",
            witness="anonymous",
            why="published concerts only",
        ),
    ],
    "agenda:concerts_ics": [P(ALL, query="style=jazz-blues", witness="anonymous")],
    "agenda:submit": [P(CONFIRMED, witness="reader", why="a confirmed reader proposes")],
    "agenda:venue": [
        P(ALL, kwargs=kw(slug=lambda w: w.event_published.venue.slug), witness="anonymous")
    ],
    **{
        name: [
            P(ALL, kwargs=kw(pk=o.event_published, slug="fete-du-cidre"), witness="anonymous"),
            *[
                P(
                    MODERATORS,
                    NOBODY,
                    kwargs=kw(pk=Ref(state), slug=Ref(state, "slug")),
                    witness=OWNER,
                    why=f"{state}: its organiser and the moderators only",
                )
                for state in ("event_pending", "event_refused")
            ],
        ]
        for name in ("agenda:event", "agenda:event_ics")
    },
    # « Mes sorties »: the owner's alone; anyone else, moderators included, gets a 404.
    "agenda:mine": [P(LOGGED_IN, witness="reader", why="each reader's own list")],
    **{
        name: [
            P(
                NOBODY,
                kwargs=kw(pk=Ref(state)),
                witness=OWNER,
                why=f"{state}: its organiser only (moderators use the admin)",
            )
            for state in ("event_pending", "event_refused", "event_owned_online")
        ]
        for name in ("agenda:organiser_edit", "agenda:organiser_delete")
    },
    # --- l'emploi (offers of the verified « professional » role)
    "jobs:search": [
        P(ALL, witness="anonymous"),
        P(ALL, query="q=zqx&contrat=cdi&teletravail=oui", witness="anonymous", why="online only"),
    ],
    "jobs:post": [
        P(frozenset({"professional"}), witness="professional", why="verified employers only")
    ],
    "jobs:mine": [P(LOGGED_IN, witness="professional", why="one's own offers only")],
    "jobs:my_applications": [P(LOGGED_IN, witness="reader", why="one's own applications only")],
    "jobs:edit": [
        P(frozenset({"professional"}), kwargs=kw(pk=Ref(state)), witness="professional")
        for state in ("job_published", "job_pending", "job_refused", "job_draft")
    ],
    **{
        name: [
            P(
                NOBODY,
                frozenset({"professional"}),
                kwargs=kw(pk=o.job_published),
                witness=None,
                why="POST only, the employer's own offer",
            )
        ]
        for name in ("jobs:renew", "jobs:close")
    },
    "jobs:apply": [
        P(
            NOBODY,
            CONFIRMED - {"professional"},
            kwargs=kw(pk=o.job_published),
            witness=None,
            why="POST only; a confirmed candidate writes, the employer does not",
        ),
        *[
            P(NOBODY, kwargs=kw(pk=Ref(state)), witness=None, why=f"{state}: takes no letter")
            for state in ("job_pending", "job_refused", "job_draft", "job_expired")
        ],
    ],
    # A candidate's letter and CV: the offer's employer alone. The candidate ("reader"),
    # anonymous readers, staff and another employer get the same 404 as a missing id.
    "jobs:applications": [
        P(
            frozenset({"professional"}),
            kwargs=kw(pk=o.job_cv),
            witness="professional",
            why="the employer's own offer's applications",
        ),
        P(
            NOBODY,
            kwargs=kw(pk=o.job_cv_elsewhere),
            witness=None,
            why="another employer's offer: 404 to the professional too",
        ),
    ],
    "jobs:application_cv": [
        P(
            frozenset({"professional"}),
            kwargs=kw(pk=o.job_application),
            witness="professional",
            why="the CV, to the employer of its offer alone (not its candidate, nor staff)",
        ),
        P(
            NOBODY,
            kwargs=kw(pk=o.job_application_elsewhere),
            witness=None,
            why="a CV sent to another employer: 404 to the professional too",
        ),
    ],
    "jobs:offer": [
        P(ALL, kwargs=kw(pk=o.job_published, slug="soudeur-aluminium-h-f"), witness="anonymous"),
        P(
            ALL,
            kwargs=kw(pk=o.job_expired, slug="caviste-expire-h-f"),
            witness="anonymous",
            why="filled or expired: says so, noindex",
        ),
        *[
            P(
                MODERATORS | {"professional"},
                NOBODY,
                kwargs=kw(pk=Ref(state), slug=Ref(state, "slug")),
                witness="professional",
                why=f"{state}: its employer and the moderators only",
            )
            for state in ("job_pending", "job_refused")
        ],
        P(
            frozenset({"professional"}),
            NOBODY,
            kwargs=kw(pk=o.job_draft, slug=Ref("job_draft", "slug")),
            witness="professional",
            why="a draft: its employer only",
        ),
    ],
    # --- les pronostics
    "pronostics:home": [P(ALL, witness="anonymous")],
    "pronostics:match_day": [
        P(
            ALL,
            NOBODY,
            kwargs=kw(number=1),
            witness="anonymous",
            why="POST saves one's own predictions, then redirects",
        )
    ],
    "pronostics:match": [
        P(ALL, kwargs=kw(pk=o.pronostics_played), witness="anonymous"),
        P(
            ALL,
            kwargs=kw(pk=o.pronostics_coming),
            witness="anonymous",
            why="before kick-off: one's own prediction only",
        ),
    ],
    "pronostics:mine": [P(LOGGED_IN, witness="reader", why="one's own predictions")],
    "pronostics:leaderboard": [
        P(ALL, witness="anonymous"),
        P(ALL, query="page=999999", witness="anonymous", why="past the end: the last page"),
    ],
    "pronostics:leaderboard_match_day": [P(ALL, kwargs=kw(number=1), witness="anonymous")],
    "pronostics:leaderboard_month": [
        P(
            ALL,
            kwargs=kw(
                month=lambda w: (
                    w.pronostics_played.kickoff.year,
                    w.pronostics_played.kickoff.month,
                )
            ),
            witness="anonymous",
        )
    ],
    "pronostics:leagues": [
        P(LOGGED_IN, NOBODY, witness="reader", why="one's own leagues; an empty name is refused")
    ],
    "pronostics:league": [
        P(
            NOBODY,
            kwargs=kw(pk=o.pronostics_league),
            witness=OWNER,
            why="its members only: the same 404 as a missing id to everyone else, staff too",
        )
    ],
    "pronostics:league_join": [
        P(
            LOGGED_IN,
            NOBODY,
            kwargs=kw(token=Ref("pronostics_league_open", "invite_token")),
            witness="reader",
            why="the invite link is the key: its league's name and a button; POST joins",
        ),
        P(NOBODY, kwargs=kw(token=BAD_TOKEN), witness=None, why="a forged token: 404, said so"),
    ],
    # --- classified ads
    "classifieds:search": [
        P(ALL, witness="anonymous"),
        P(ALL, query="q=maison", witness="anonymous", why="finds only online ads"),
    ],
    "classifieds:category": [P(ALL, kwargs=kw(category="immobilier"), witness="anonymous")],
    "classifieds:detail": [
        P(ALL, kwargs=kw(pk=o.ad_online, slug="maison-de-pecheur"), witness="anonymous"),
        *[
            P(MODERATORS, NOBODY, kwargs=kw(pk=Ref(ad), slug="x"), why=f"{ad} is not online")
            for ad in ("ad_pending", "ad_rejected", "ad_sold")
        ],
        # Moderators open what was sent to them, never a draft or a deleted ad.
        P(NOBODY, kwargs=kw(pk=o.ad_draft, slug="x"), witness=OWNER, why="the owner's draft"),
        P(NOBODY, kwargs=kw(pk=o.ad_deleted, slug="x"), witness=None, why="deleted: gone"),
        P(MODERATORS, NOBODY, kwargs=kw(pk=o.ad_expired, slug="x"), why="expired"),
    ],
    "classifieds:contact": [
        P(NOBODY, CONFIRMED, kwargs=kw(pk=o.ad_online), witness=None, known=K1, why="POST only"),
        *[
            P(NOBODY, kwargs=kw(pk=Ref(ad)), witness=None, known=K2)
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
    "classifieds:alerts_moved": [
        P(NOBODY, path=lambda w: "/annonces/alertes/", witness=None, why="redirects to /alertes/")
    ],
    "alerts:list": [P(LOGGED_IN, witness="reader", why="one's own saved searches")],
    "alerts:stop": [
        P(
            ALL,
            kwargs=kw(token=BAD_TOKEN),
            witness="anonymous",
            why="GET only asks to confirm; a forged token stops nothing, and says so",
        )
    ],
    # « À lire plus tard »: one's own list; what went offline since is listed as unavailable.
    "bookmarks:list": [
        P(LOGGED_IN, witness="reader", why="one's own list, hidden targets without a word"),
        P(LOGGED_IN, query="type=article", witness="reader", why="one's own articles"),
    ],
    "bookmarks:add": [
        P(
            NOBODY,
            kwargs=kw(kind="article", pk=o.article),
            witness=None,
            why="POST only: saves, then back to the page (a redirect)",
        ),
        *[
            P(NOBODY, kwargs=kw(kind=kind, pk=Ref(name)), witness=None, why=f"{name}: refused")
            for kind, name in (
                ("article", "draft_article"),
                ("article", "private_article"),
                ("annonce", "ad_pending"),
                ("evenement", "event_refused"),
            )
        ],
    ],
    "bookmarks:remove": [
        P(
            NOBODY,
            kwargs=kw(kind="article", pk=o.article),
            witness=None,
            why="POST only: one's own bookmark, then back to the list (a redirect)",
        )
    ],
    "pronostics:reminders": [P(LOGGED_IN, witness="reader", why="one's own reminders")],
    "pronostics:reminders_stop": [
        P(
            ALL,
            kwargs=kw(token=BAD_TOKEN),
            witness="anonymous",
            why="GET only asks to confirm; a forged token stops nothing, and says so",
        )
    ],
    "classifieds:alert_stop": [
        P(
            ALL,
            kwargs=kw(token=BAD_TOKEN),
            witness="anonymous",
            why="GET only asks to confirm; a forged token stops nothing, and says so",
        )
    ],
    # --- the mobile app's API (rotative/api): the site's session works as the app's token
    "api_index": [P(ALL, witness="anonymous", why="where the schema is")],
    "api-v1:api-root": [P(ALL, witness="anonymous", why="shadowed by api_index")],
    "api-v1:openapi-json": [P(ALL, witness="anonymous", why="the schema is public")],
    "api-v1:openapi-view": [P(ALL, witness="anonymous", why="its documentation too")],
    "api-v1:token_list": [
        P(LOGGED_IN, NOBODY, witness="reader", why="one's own devices; POST signs in no one")
    ],
    "api-v1:sign_in": [
        P(LOGGED_IN, NOBODY, witness="reader", why="GET lists one's own devices (same URL)")
    ],
    "api-v1:token_revoke_current": [
        P(NOBODY, witness=None, why="DELETE only, with the app's own token")
    ],
    "api-v1:token_revoke_one": [
        P(NOBODY, kwargs=kw(token_id=o.device_token), witness=None, why="DELETE only")
    ],
    "api/^(?P<rest>.*)$": [
        P(NOBODY, path=lambda w: "/api/v1/nulle-part", witness=None, why="the API's own 404")
    ],
    "api-v1:me": [P(LOGGED_IN, NOBODY, witness="reader", why="one's own account; GET only")],
    # Les pronostics (routers/pronostics.py): the calendar and boards are public; a match's
    # predictions show only once it has kicked off; a league is its members' alone.
    "api-v1:match_days": [
        P(ALL, NOBODY, witness="anonymous", why="with a session, one's own predictions")
    ],
    "api-v1:match_day": [
        P(
            ALL,
            NOBODY,
            kwargs=kw(match_day_id=Ref("pronostics_played", "match_day_id")),
            witness="anonymous",
            why="others' predictions of the match to come stay hidden",
        )
    ],
    "api-v1:prediction_put": [
        P(NOBODY, kwargs=kw(match_id=o.pronostics_coming), witness=None, why="PUT only")
    ],
    "api-v1:leaderboard_season": [P(ALL, NOBODY, witness="anonymous")],
    "api-v1:leaderboard_match_day": [
        P(
            ALL,
            NOBODY,
            kwargs=kw(match_day_id=Ref("pronostics_played", "match_day_id")),
            witness="anonymous",
        )
    ],
    "api-v1:leaderboard_month": [
        P(
            ALL,
            NOBODY,
            kwargs=kw(month=lambda w: f"{w.pronostics_played.kickoff:%Y-%m}"),
            witness="anonymous",
        )
    ],
    "api-v1:leagues": [P(LOGGED_IN, NOBODY, witness="reader", why="one's own leagues")],
    "api-v1:league_board": [
        P(
            NOBODY,
            kwargs=kw(league_id=o.pronostics_league),
            witness=OWNER,
            why="its members only: the 404 of a missing id to everyone else, staff too",
        )
    ],
    "api-v1:league_join": [
        P(NOBODY, witness=None, why="POST only, with the invite code; an empty body is refused")
    ],
    # Lettres et alertes, « Mes alertes », the devices (routers/subscriptions.py): one's own.
    "api-v1:subscriptions": [
        P(LOGGED_IN, NOBODY, witness="reader", why="one's own; 403 before the address is confirmed")
    ],
    "api-v1:subscriptions_put": [P(NOBODY, witness=None, why="PUT only (the same URL)")],
    "api-v1:subscriptions_delete": [P(NOBODY, witness=None, why="DELETE only (the same URL)")],
    "api-v1:saved_searches": [
        P(CONFIRMED, NOBODY, witness="reader", why="one's own saved searches")
    ],
    "api-v1:saved_search_patch": [
        P(
            NOBODY,
            kwargs=kw(search_id=o.saved_search),
            witness=None,
            why="PATCH only; another's search is a 404",
        )
    ],
    "api-v1:saved_search_delete": [
        P(NOBODY, kwargs=kw(search_id=o.saved_search), witness=None, why="DELETE only")
    ],
    "api-v1:vapid_key": [P(ALL, NOBODY, witness="anonymous", why="the push service's public key")],
    "api-v1:push_subscribe": [P(NOBODY, witness=None, why="POST only; an empty body is refused")],
    "api-v1:push_unsubscribe": [P(NOBODY, witness=None, why="DELETE only (the same URL)")],
    # « À lire plus tard » (routers/bookmarks.py): one's own list, as on /compte/a-lire/.
    "api-v1:bookmarks_list": [
        P(LOGGED_IN, NOBODY, witness="reader", why="one's own list, gone targets untitled"),
        P(LOGGED_IN, NOBODY, query="type=article", witness="reader", why="one's own articles"),
    ],
    "api-v1:bookmark_save": [
        P(NOBODY, witness=None, why="POST on the same URL (shadowed): an empty body is refused")
    ],
    "api-v1:bookmark_delete": [
        P(
            NOBODY,
            kwargs=kw(kind="article", target_id=o.article),
            witness=None,
            why="DELETE only: one's own bookmark",
        )
    ],
    "api_devices:list": [P(LOGGED_IN, witness="reader", why="one's own devices")],
    "api_devices:revoke": [
        P(
            NOBODY,
            frozenset({OWNER}),
            kwargs=kw(token_id=o.device_token),
            witness=None,
            why="POST only; another's device is a 404",
        )
    ],
    # --- accounts (one's own account only)
    "accounts_profile": [P(LOGGED_IN, witness="reader")],
    "accounts_data": [P(LOGGED_IN, witness="reader")],
    "accounts_delete": [P(LOGGED_IN, witness="reader")],
    "accounts_professional": [P(CONFIRMED, witness="reader", known=K1)],
    "usersessions_list": [P(LOGGED_IN, witness="reader", why="one's own sessions")],
    # The second factor: one's own authenticators; nothing to do without a login under way.
    "mfa_index": [P(LOGGED_IN, witness="reader")],
    "mfa_authenticate": [P(NOBODY, witness=None, why="no login waiting for its code")],
    "mfa_reauthenticate": [P(LOGGED_IN, LOGGED_IN, witness=None, why="asks one's own code")],
    "mfa_activate_totp": [P(LOGGED_IN, LOGGED_IN, witness=None, why="one's own app")],
    "mfa_deactivate_totp": [P(LOGGED_IN, LOGGED_IN, witness=None, why="one's own app")],
    "mfa_view_recovery_codes": [P(LOGGED_IN, LOGGED_IN, witness=None, why="one's own codes")],
    "mfa_generate_recovery_codes": [P(LOGGED_IN, LOGGED_IN, witness=None, why="one's own")],
    "mfa_download_recovery_codes": [P(LOGGED_IN, LOGGED_IN, witness=None, why="one's own")],
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
