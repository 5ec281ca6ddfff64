"""Comments in a real browser (Debian's chromium driven by Playwright)."""

import shutil
import time

import pytest
from django.db import connection

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory
from rotative.comments.tests.factories import comment_post
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def faits_divers(home, settings, live_server):
    settings.SITE_URL = live_server.url
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    section = SectionPageFactory(parent=home, title="Faits divers", slug="faits-divers")
    section.comments_moderation = "pre"
    section.save_revision().publish()
    return ArticlePageFactory(
        parent=section, title="Un chalutier en difficulté au large de Barfleur", slug="chalutier"
    )


def log_in(page, base_url, email, next_path="/"):
    page.goto(f"{base_url}/compte/connexion/?next={next_path}")
    page.locator("main").get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"**{next_path}")


def test_sign_up_comment_moderate_reply_and_report(
    browser_pages, faits_divers, live_server, smtp_server
):
    from django.contrib.auth.models import Group, Permission

    moderator = ReaderFactory(email="claire@example.fr", display_name="Claire M.")
    moderator.is_staff = True
    moderator.save()
    group, _ = Group.objects.get_or_create(
        name="Modérateurs"
    )  # the workflow migration may have made it
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_comment", content_type__app_label="comments"),
    )
    moderator.groups.add(group)
    ReaderFactory(email="paul@example.fr", display_name="Paul du Cotentin")
    url = live_server.url + faits_divers.url

    # An anonymous reader sees the invitation, follows it to sign up, confirms by mail.
    camille = browser_pages()
    camille.goto(url)
    notice = camille.locator("#commentaires .comments__notice")
    assert notice.inner_text().startswith("L'espace des commentaires est ouvert aux inscrits.")
    notice.get_by_role("link", name="créez un compte").click()
    camille.locator("main").get_by_label("E-mail").fill("camille@example.fr")
    camille.get_by_label("Nom affiché").fill("Camille D.")
    camille.get_by_label("Mot de passe", exact=False).first.fill(PASSWORD)
    camille.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    camille.locator("main").get_by_role("button", name="Création de compte").click()
    [mail] = smtp_server.wait_for(1)
    camille.goto(smtp_server.first_link("/compte/confirm-email/", mail))
    camille.locator("main").get_by_role("button", name="Confirmer").click()
    camille.wait_for_url(f"**{faits_divers.url}#commentaires")

    # She comments; the section is moderated first, so she is told it waits.
    camille.get_by_label("Votre commentaire").fill("Les sauveteurs de la SNSM ont été formidables.")
    time.sleep(1.1)  # a human takes more than a second to write
    camille.get_by_role("button", name="Publier").click()
    camille.wait_for_url(f"**{faits_divers.url}#commentaires")
    assert "sera publié après validation" in camille.locator(".messages").inner_text()
    assert camille.locator(".comment--pending").is_visible()

    # The moderator approves it from the queue in the admin.
    claire = browser_pages()
    log_in(claire, live_server.url, "claire@example.fr", next_path="/admin/")
    claire.goto(live_server.url + "/admin/commentaires/")
    row = claire.locator("tr", has_text="Les sauveteurs de la SNSM")
    row.get_by_role("button", name="Publier").click()
    # Same URL before and after: wait for the answer, not the address.
    claire.get_by_text("Commentaire publié.").wait_for()

    # Another reader sees it, replies, and reports it.
    paul = browser_pages()
    log_in(paul, live_server.url, "paul@example.fr", faits_divers.url)
    comment = paul.locator(".comment", has_text="Les sauveteurs de la SNSM")
    assert "Camille D." in comment.inner_text()
    comment.get_by_role("link", name="Répondre").click()
    paul.get_by_label("Votre commentaire").fill("Mon cousin était à bord, merci à eux.")
    time.sleep(1.1)
    paul.get_by_role("button", name="Publier").click()
    paul.wait_for_url(f"**{faits_divers.url}#commentaires")
    paul.locator(".comment", has_text="Les sauveteurs de la SNSM").get_by_role(
        "link", name="Signaler"
    ).click()
    paul.get_by_label("Hors sujet").check()
    paul.get_by_role("button", name="Signaler").click()
    assert "les modérateurs vont examiner" in paul.locator(".messages").inner_text()

    # The reply waits for the moderator too; once approved, Camille reads it on the page.
    claire.goto(live_server.url + "/admin/commentaires/")
    claire.locator("tr", has_text="Mon cousin était à bord").get_by_role(
        "button", name="Publier"
    ).click()
    claire.get_by_text("Commentaire publié.").wait_for()
    camille.goto(url)
    replies = camille.locator(".comments__replies")
    assert "Paul du Cotentin" in replies.inner_text()
    assert "Mon cousin était à bord, merci à eux." in replies.inner_text()
    connection.close()  # Playwright's greenlet has its own connection: give it back now


XSS_PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    '"><svg onload="window.__xss = 3">',
    "javascript:window.__xss = 4",
    '<a href="javascript:window.__xss = 5">clic</a>',
    'https://exemple.fr/"onmouseover="window.__xss=6"',
    '<iframe src="javascript:parent.__xss = 7"></iframe>',
    "</textarea><script>window.__xss = 8</script>",
    "{{ 7|add:7 }} {% now 'Y' %} ${7*7}",
    "www.exemple.fr/<script>window.__xss=9</script>",
    '<details open ontoggle="window.__xss = 10">',
    "&lt;script&gt;window.__xss = 11&lt;/script&gt;",
]


def test_no_payload_typed_by_a_reader_runs_in_the_page(browser_pages, home, live_server, settings):
    settings.COMMENTS_RATE_LIMIT = (100, 3600)
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(parent=section, title="Le pont de Cherbourg", slug="pont")
    reader = ReaderFactory(email="malin@example.fr", display_name="Malin")
    for payload in XSS_PAYLOADS:
        comment_post(user=reader, article=article, body=payload)
    comment_post(
        user=reader, article=article, body="Voir https://www.exemple.fr/travaux pour le détail."
    )

    page = browser_pages()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + article.url)
    page.locator(".comment").first.hover()
    page.mouse.move(10, 10)
    for link in page.locator(".comment__body a").all():
        link.hover()
    page.wait_for_timeout(300)

    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    bodies = page.locator(".comment__body")
    assert bodies.count() == len(XSS_PAYLOADS) + 1
    shown = " ".join(bodies.all_inner_texts())
    for payload in XSS_PAYLOADS:  # each one is shown to readers as the text that was typed
        assert " ".join(payload.split()) in " ".join(shown.split())
    assert (
        page.locator(".comment__body script, .comment__body img, .comment__body svg").count() == 0
    )
    assert page.locator(".comment__body iframe, .comment__body details").count() == 0
    links = page.locator(".comment__body a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert all(href.startswith(("http://", "https://")) for href in hrefs), hrefs
    safe = page.locator(".comment__body a", has_text="www.exemple.fr/travaux")
    assert safe.get_attribute("rel") == "nofollow"
    connection.close()
