"""The objects of the authorization test's world, each made through the site's services."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from rotative.core.tests.authz.world import (
    ADMINS,
    EDITORS,
    MODERATORS,
    OWNER,
    STAFF_ONLY,
    World,
    editors_group,
    moderators_group,
    staff_member,
)


def _readers(world: World) -> None:
    from rotative.accounts import services as accounts
    from rotative.accounts.tests.factories import ReaderFactory

    world.users[OWNER] = ReaderFactory(
        email="proprietaire-zqxownermail@example.fr", display_name="Proprio"
    )
    world.secrets["zqxownermail"] = frozenset({"moderator", "admin"})
    world.users["buyer"] = ReaderFactory(
        email="acheteur-zqxbuyermail@example.fr", display_name="Acheteur"
    )
    world.secrets["zqxbuyermail"] = frozenset({"moderator", "admin"})
    world.users["reader"] = ReaderFactory(display_name="Étranger")
    world.users["unconfirmed"] = ReaderFactory(display_name="Pas confirmé", verified=False)
    pro = ReaderFactory(display_name="Garage du port")
    professional = accounts.professional_request(
        user=pro, company_name="Garage du port", siret="73282932000074"
    )
    world.users["professional"] = pro
    world.objects["professional_account"] = accounts.professional_verify(
        moderator=world.users["moderator"], professional=professional
    )
    world.objects["owner_professional_request"] = accounts.professional_request(
        user=world.users[OWNER], company_name="Zqxpendingpro SARL", siret="44306184100054"
    )
    world.secrets["zqxpendingpro"] = frozenset({"moderator", "admin"})


def _pages(world: World) -> None:
    from wagtail.models import Page, PageViewRestriction

    from rotative.home.services import home_page_ensure
    from rotative.live.models import LiveBlogPage
    from rotative.news.tests.factories import (
        ArticlePageFactory,
        AuthorFactory,
        SectionPageFactory,
    )

    home = home_page_ensure()
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    published = ArticlePageFactory(
        parent=section,
        title="La digue de Granville rouvre",
        slug="digue",
        tags=["digue"],
        authors=[AuthorFactory(name="Marc Lemonnier")],
    )
    draft = ArticlePageFactory(
        parent=section,
        title="Zqxdraftarticle : le scoop de demain",
        slug="zqxdraftarticle",
        publish=False,
        live=False,
        tags=["brouillon-seul"],
    )
    private = ArticlePageFactory(
        parent=section, title="Zqxprivatearticle réservé", slug="zqxprivatearticle"
    )
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="marée-haute"
    )
    blog = section.add_child(
        instance=LiveBlogPage(
            title="Zqxdraftblog : la soirée électorale",
            slug="zqxdraftblog",
            chapo="En préparation.",
            live=False,
        )
    )
    blog.save_revision()
    world.objects.update(
        root=Page.get_first_root_node(),
        home=home,
        section=section,
        article=published,
        draft_article=draft,
        draft_revision=draft.latest_revision,
        private_article=private,
        page_restriction=restriction,
        draft_blog=blog,
    )
    for marker in ("zqxdraftarticle", "zqxprivatearticle", "zqxdraftblog"):
        world.secrets[marker] = STAFF_ONLY


def _live(world: World) -> None:
    from rotative.live import services
    from rotative.live.models import LiveLabel

    editor = world.users["editor"]
    world.objects["live_label"] = LiveLabel.objects.create(
        name="Trafic", slug="trafic", colour="#b36200"
    )
    world.objects["site_entry"] = services.live_entry_publish(
        author=editor, body="<p>Bouchon sur la RN13 à Carentan.</p>"
    )
    world.objects["blog_entry"] = services.live_entry_publish(
        author=editor,
        body="<p>Zqxblogentry : premiers résultats à Saint-Lô.</p>",
        channel=world.draft_blog.channel,
    )
    world.secrets["zqxblogentry"] = EDITORS


def _comments(world: World) -> None:
    from rotative.comments import services
    from rotative.comments.models import Comment
    from rotative.comments.tests.factories import comment_post

    owner, article = world.users[OWNER], world.article
    published = comment_post(user=owner, article=article, body="Bravo aux services techniques.")
    pending = comment_post(user=owner, article=article, body="Zqxpendingcomment en attente.")
    Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.PENDING)
    refused = comment_post(user=owner, article=article, body="Zqxrefusedcomment à refuser.")
    services.comment_reject(
        moderator=world.users["moderator"], comment=refused, reason="Hors sujet"
    )
    world.objects.update(
        comment_published=published, comment_pending=pending, comment_refused=refused
    )
    world.secrets["zqxpendingcomment"] = MODERATORS
    world.secrets["zqxrefusedcomment"] = MODERATORS


def _ads(world: World) -> None:
    from rotative.alerts import services as alerts
    from rotative.classifieds import services
    from rotative.classifieds.models import Ad
    from rotative.classifieds.services import messaging
    from rotative.classifieds.tests.factories import HOUSE, ad_online
    from rotative.geo.tests.factories import commune

    owner, moderator = world.users[OWNER], world.users["moderator"]

    def draft(marker):
        world.secrets[marker] = MODERATORS
        return services.ad_draft_save(
            owner=owner,
            fields={
                **HOUSE,
                "title": f"{marker.capitalize()} maison",
                "commune": commune("carantilly"),
            },
        )

    online = ad_online(owner=owner, moderator=moderator, title="Maison de pêcheur")
    pending = services.ad_submit(ad=draft("zqxpendingad"))
    rejected = services.ad_reject(
        moderator=moderator, ad=services.ad_submit(ad=draft("zqxrejectedad")), reason="Doublon"
    )
    deleted = ad_online(owner=owner, moderator=moderator, title="Zqxdeletedad maison")
    services.ad_delete(owner=owner, ad=deleted)
    sold = ad_online(owner=owner, moderator=moderator, title="Zqxsoldad maison")
    services.ad_mark_sold(owner=owner, ad=sold)
    expired = ad_online(owner=owner, moderator=moderator, title="Zqxexpiredad maison")
    Ad.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    for marker in ("zqxdeletedad", "zqxsoldad", "zqxexpiredad"):
        world.secrets[marker] = MODERATORS
    message = messaging.ad_message_send(
        ad=online, sender=world.users["buyer"], text="Zqxmessage : est-elle toujours libre ?"
    )
    world.secrets["zqxmessage"] = frozenset()
    pro = world.users["professional"]
    pro_ad = ad_online(owner=pro, moderator=moderator, title="Clio de garage")
    saved = alerts.saved_search_create(
        user=owner, kind="annonces", category="", query="q=zqxsavedsearch", frequency="daily"
    )
    world.secrets["zqxsavedsearch"] = frozenset()
    world.objects.update(
        ad_online=online,
        ad_draft=draft("zqxdraftad"),
        ad_pending=pending,
        ad_rejected=rejected,
        ad_deleted=deleted,
        ad_sold=sold,
        ad_expired=expired,
        ad_message=message,
        pro_ad=pro_ad,
        saved_search=saved,
    )


def _agenda(world: World) -> None:
    from rotative.agenda import services
    from rotative.agenda.tests.factories import event

    owner, moderator = world.users[OWNER], world.users["moderator"]
    published = event(title="Fête du cidre")
    pending = event(organiser=owner, title="Zqxpendingevent fête")
    refused = services.event_moderate(
        moderator=moderator,
        event=event(organiser=owner, title="Zqxrefusedevent fête"),
        publish=False,
        reason="Doublon",
    )
    for marker in ("zqxpendingevent", "zqxrefusedevent"):
        world.secrets[marker] = MODERATORS
    owned_online = services.event_moderate(
        moderator=moderator,
        event=event(organiser=owner, title="Zqxownedonline fête"),
        publish=True,
    )
    world.objects.update(
        event_published=published,
        event_pending=pending,
        event_refused=refused,
        event_owned_online=owned_online,
    )


def _bookmarks(world: World) -> None:
    """Every logged-in role kept, while they were online, what readers cannot open now: its
    « À lire plus tard » must say they are gone without showing them."""
    from rotative.bookmarks.kinds import KINDS
    from rotative.bookmarks.models import Bookmark
    from rotative.bookmarks.services import bookmark_add

    gone = [
        ("article", world.draft_article),
        ("article", world.private_article),
        ("annonce", world.ad_sold),
        ("annonce", world.ad_expired),
        ("evenement", world.event_pending),
        ("evenement", world.event_refused),
    ]
    for user in world.users.values():
        bookmark_add(user=user, target=world.article)
        Bookmark.objects.bulk_create(
            Bookmark(user=user, content_type=KINDS[kind].content_type, object_id=target.pk)
            for kind, target in gone
        )


def _jobs(world: World) -> None:
    """The offers of the verified professional role (l'emploi is for employers only)."""
    from rotative.jobs import services
    from rotative.jobs.models import JobOffer
    from rotative.jobs.tests.factories import offer

    pro, moderator = world.users["professional"], world.users["moderator"]
    employer_only = frozenset({"professional"})
    published = offer(
        by=pro,
        title="Soudeur aluminium H/F",
        apply_by="email",
        apply_email="rh-zqxrelaymail@garage.example.fr",
    )
    pending = offer(by=pro, publish=False, title="Zqxpendingjob H/F")
    refused = services.offer_moderate(
        moderator=moderator,
        offer=offer(by=pro, publish=False, title="Zqxrefusedjob H/F"),
        publish=False,
        reason="Doublon",
    )
    draft = offer(by=pro, submit=False, title="Zqxdraftjob H/F")
    expired = offer(by=pro, title="Caviste expire H/F")
    services.offer_close(by=pro, offer=expired)
    world.secrets.update(
        zqxpendingjob=MODERATORS | employer_only,
        zqxrefusedjob=MODERATORS | employer_only,
        zqxdraftjob=employer_only,
        # The e-mail relay's address: the employer's own, never on a page.
        zqxrelaymail=employer_only,
    )
    world.objects.update(
        job_published=published,
        job_pending=pending,
        job_refused=refused,
        job_draft=draft,
        job_expired=JobOffer.objects.get(pk=expired.pk),
    )
    _job_applications(world)


def _job_applications(world: World) -> None:
    """A CV sent to the professional's offer by the reader, and one sent to another
    employer's offer: each read by its offer's employer alone."""
    from rotative.jobs import services
    from rotative.jobs.tests.factories import employer, offer

    pro, candidate = world.users["professional"], world.users["reader"]
    cv = b"%PDF-1.4\n% zqxcvbytes\ntrailer <<>>\n%%EOF\n"
    with_cv = offer(by=pro, title="Fromager H/F", apply_by="site")
    elsewhere = offer(by=employer("Fromagerie voisine"), title="Affineur H/F", apply_by="site")
    letter = {"name": "Jeanne Candidate", "message": "Zqxcandidateletter : dix ans d'affinage."}
    world.objects.update(
        job_cv=with_cv,
        job_cv_elsewhere=elsewhere,
        job_application=services.application_submit(
            offer=with_cv, candidate=candidate, cv=cv, **letter
        ),
        job_application_elsewhere=services.application_submit(
            offer=elsewhere, candidate=candidate, cv=cv, **letter
        ),
    )
    world.secrets.update(
        # The letter: its author, and the employer of the offer it was sent to.
        zqxcandidateletter=frozenset({"professional", "reader"}),
        # The CV's bytes: that employer alone.
        zqxcvbytes=frozenset({"professional"}),
    )


def _pronostics(world: World) -> None:
    """A match played and one to come; a private league of the owner's (its name, members and
    invite link for its members alone) and another whose invite link the probes follow."""
    from rotative.pronostics import services
    from rotative.pronostics.tests.factories import match, match_day

    owner, editor = world.users[OWNER], world.users["admin"]
    now = timezone.now()
    day = match_day(1)
    played = match("US Granville", "FC Saint-Lô Manche", day=day, kickoff=now - timedelta(days=2))
    coming = match("AS Cherbourg", "Stade Briochin", day=day, kickoff=now + timedelta(days=2))
    for one in (played, coming):
        services.prediction_save(
            user=owner, match=one, home_goals=2, away_goals=1, now=now - timedelta(days=3)
        )
    services.match_result_set(by=editor, match=played, home_score=2, away_score=1)
    private = services.league_create(owner=owner, name="Zqxleague des copains")
    world.secrets["zqxleague"] = frozenset()
    world.secrets[private.invite_token.lower()] = frozenset()
    world.objects.update(
        pronostics_played=played,
        pronostics_coming=coming,
        pronostics_league=private,
        pronostics_league_open=services.league_create(owner=owner, name="Ligue des voisins"),
    )


def _newsletter(world: World) -> None:
    from rotative.newsletter.digest.compose import digest_compose
    from rotative.newsletter.tests.factories import SubscriberFactory

    world.objects["subscriber"] = SubscriberFactory(email="zqxsubscriber@example.fr")
    world.secrets["zqxsubscriber"] = ADMINS
    world.objects["digest"] = digest_compose(day=date(2026, 11, 25))


def _wire(world: World) -> None:
    import hashlib

    from rotative.wire.models import PublishingRule, TopicMapping
    from rotative.wire.services.dispatches import dispatch_store
    from rotative.wire.services.ingest import quarantine_file
    from rotative.wire.tests.factories import WireSourceFactory, wire_item

    source = WireSourceFactory(name="AFP zqxwiresource")
    world.secrets["zqxwiresource"] = STAFF_ONLY
    data = b"<zqxquarantine>not NewsML</zqxquarantine>"
    world.objects.update(
        wire_source=source,
        dispatch=dispatch_store(item=wire_item(headline="Zqxdispatch : dépêche"), source=source),
        quarantined=quarantine_file(
            data=data,
            filename="zqxquarantine.xml",
            source=source,
            reason="illisible",
            sha256=hashlib.sha256(data).hexdigest(),
        ),
        topic_mapping=TopicMapping.objects.create(
            qcode="medtop:11000000", label="politique", section=world.section
        ),
        publishing_rule=PublishingRule.objects.create(
            name="Urgences AFP", source=source, max_urgency=3, section=world.section
        ),
    )
    world.secrets["zqxdispatch"] = EDITORS
    world.secrets["zqxquarantine"] = EDITORS


def _admin_objects(world: World) -> None:
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Site,
        Task,
        TaskState,
        Workflow,
        WorkflowTask,
    )

    from rotative.comments.models import ModerationWord
    from rotative.home.models import PinnedTopic
    from rotative.news.tests.factories import AuthorFactory, ImageFactory

    root_collection = Collection.get_first_root_node()
    private = root_collection.add_child(name="Zqxcollection")
    world.secrets["zqxcollection"] = EDITORS
    document = Document.objects.create(
        title="Programme des fêtes", file=ContentFile(b"%PDF-1.4 fetes", name="fetes.pdf")
    )
    # Wagtail's migrations make a workflow with one approval task; a test database flushed by
    # an earlier transactional test has neither, and a workflow without a task would publish
    # the draft at once.
    task = Task.objects.first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Relecture en chef")
        # As Wagtail's own migration makes it: approved by « Moderators », no role of ours.
        task.groups.set([Group.objects.get_or_create(name="Moderators")[0]])
    workflow = Workflow.objects.filter(workflow_tasks__isnull=False).first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Relecture")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    world.objects.update(
        site=Site.objects.get(is_default_site=True),
        collection=private,
        collection_restriction=CollectionViewRestriction.objects.create(
            collection=private,
            restriction_type=CollectionViewRestriction.PASSWORD,
            password="marée-haute",
        ),
        document=document,
        image=ImageFactory(title="Port de Granville"),
        author=AuthorFactory(name="Anne Leroux"),
        pinned_topic=PinnedTopic.objects.create(label="Digue", page=world.article),
        moderation_word=ModerationWord.objects.create(word="arnaque", action="hold"),
        redirect=Redirect.objects.create(
            old_path="/ancienne-digue", redirect_page=world.article, site=None
        ),
        workflow=workflow,
        task=task,
    )
    # A page in moderation, so that the workflow screens have a task state to show.
    state = workflow.start(world.draft_article, world.users["editor"])
    world.objects["workflow_state"] = state
    world.objects["task_state"] = TaskState.objects.filter(workflow_state=state).first()


def _pronostics_admin(world: World) -> None:
    """A competition of the editors' screens (nothing in it is private: the calendar is
    public), its own clubs so that no other part's matches collide with it."""
    from rotative.pronostics.tests.factories import match, match_day, season

    cup = season(competition="Authz coupe des pronostics", label="2026-2027")
    day = match_day(1, of=cup)
    world.objects["pron_admin_day"] = day
    world.objects["pron_admin_competition"] = cup.competition
    world.objects["pron_admin_match"] = match("Authz FC Amont", "Authz FC Aval", day=day)


def _devices(world: World) -> None:
    """The owner's phone, signed in to the app: listed and signed out by the owner alone."""
    from rotative.api.services import token_create

    world.objects["device_token"], _key = token_create(
        user=world.users[OWNER], device="Zqxdevice de l'auteur"
    )
    world.secrets["zqxdevice"] = frozenset()


def world_build() -> World:
    """Everything the authorization test needs, made through the site's own services."""
    from rotative.home.services import home_page_ensure

    world = World()
    home_page_ensure()
    from wagtail.models import Page

    world.objects["moderators"] = moderators_group()
    world.objects["editors"] = editors_group(Page.get_first_root_node())
    world.users["moderator"] = staff_member("moderatrice", group=world.moderators)
    world.users["editor"] = staff_member("redacteur", group=world.editors)
    world.users["admin"] = get_user_model().objects.create_superuser(
        username="admin", email="admin@redaction.example.fr", password="x"
    )
    _readers(world)
    _pages(world)
    _live(world)
    _comments(world)
    _ads(world)
    _agenda(world)
    _bookmarks(world)
    _pronostics_admin(world)
    _jobs(world)
    _pronostics(world)
    _devices(world)
    _newsletter(world)
    _wire(world)
    _admin_objects(world)
    # Nothing here is a secret to the superuser.
    world.secrets = {marker: roles | ADMINS for marker, roles in world.secrets.items()}
    return world
