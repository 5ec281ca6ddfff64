"""The XSS corpus (xss_corpus.txt) typed into every place readers, advertisers, editors and
agencies write, then rendered in Chromium wherever it shows, on the public site and in the admin:
no payload runs, none becomes markup, and plain text reads back as typed.

The Content-Security-Policy is switched off here so that this test measures escaping alone
(test_csp_browser.py proves the policy); data is made through the services, and the browser
only renders."""

import json
import shutil
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils.html import escape

from rotative.accounts.models import Profile
from rotative.accounts.tests.factories import ReaderFactory
from rotative.alerts import services as alerts
from rotative.classifieds import services as ads
from rotative.classifieds.services import messaging
from rotative.classifieds.tests.factories import CAMERA, ad_online
from rotative.comments.tests.factories import comment_post
from rotative.core.tests.browser import logged_in_page
from rotative.geo.tests.factories import commune
from rotative.live.tests.conftest import asgi_server  # noqa: F401 - the ASGI server, for En direct
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory, body
from rotative.wire import services as wire

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

PAYLOADS = [
    line
    for line in (Path(__file__).with_name("xss_corpus.txt")).read_text().splitlines()
    if line and not line.startswith("#")
]
ALL = "\n".join(PAYLOADS)

# Run in the page after it loaded: what a payload would have left behind if it had become
# markup (an element with an on… attribute, a javascript: link, a script of ours) or run.
PROBE = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const url = ["href", "src", "action", "formaction"].includes(name);
      if (name.startsWith("on") || name === "srcdoc"
          || (url && /^\\s*javascript:/i.test(attribute.value))) {
        found.push(element.outerHTML.slice(0, 160));
      }
    }
  }
  for (const script of document.scripts) {
    if (script.type === "application/ld+json") {
      try { JSON.parse(script.textContent); } catch (error) { found.push("JSON-LD broken"); }
    } else if (script.textContent.includes("__xss")) {
      found.push(script.outerHTML.slice(0, 160));
    }
  }
  if (window.__xss) found.push("window.__xss was set");
  return found;
}"""


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def newsml(headline: str, body_xhtml: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:rotative.test:xss"
          version="1" standard="NewsML-G2" standardversion="2.33">
  <itemMeta>
    <itemClass qcode="ninat:text"/><provider literal="AFP"/>
    <versionCreated>2026-11-25T09:30:00Z</versionCreated>
    <firstCreated>2026-11-25T09:00:00Z</firstCreated><pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <urgency>3</urgency><language tag="fr"/>
    <headline>{xml_escape(headline)}</headline>
    <description role="drol:summary">{xml_escape(ALL)}</description>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>
      <body>{body_xhtml}</body></html>
    </inlineXML>
  </contentSet>
</newsItem>""".encode()


def draftail(*paragraphs: str, link: str = "") -> str:
    """What the admin's rich text editor posts: text blocks, one with a link entity."""
    blocks = [
        {"key": f"b{i}", "text": text, "type": "unstyled", "depth": 0}
        | {"inlineStyleRanges": [], "entityRanges": []}
        for i, text in enumerate(paragraphs)
    ]
    entity_map = {}
    if link:
        blocks[0]["entityRanges"] = [{"offset": 0, "length": 4, "key": 0}]
        entity_map = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}}
    return json.dumps({"blocks": blocks, "entityMap": entity_map})


@pytest.fixture
def typed(asgi_server, home, settings):  # noqa: F811
    settings.CONTENT_SECURITY_POLICY = None  # escaping alone, see the module's docstring
    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    for key in ("carantilly", "coutances"):
        commune(key)
    staff = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.fr", "Rédaction-2026!"
    )
    seller = ReaderFactory(email="vendeur@example.fr", display_name="Yves V.")
    buyer = ReaderFactory(email="acheteuse@example.fr", display_name="Nadia B.")

    # Display names refuse markup; one written before that rule still renders as text.
    for payload in PAYLOADS:
        with pytest.raises(ValidationError):
            Profile._meta.get_field("display_name").run_validators(payload)
    Profile.objects.filter(user=buyer).update(display_name=PAYLOADS[1][:40])

    # Article fields as the editor saves them: plain text, and rich text escaped by Draftail.
    section = SectionPageFactory(parent=home, title="Manche", slug="manche")
    article = ArticlePageFactory(
        parent=section,
        title=PAYLOADS[0],
        slug="xss",
        chapo=ALL[:600],
        seo_title=PAYLOADS[11][:70],
        search_description=PAYLOADS[3],
        tags=[PAYLOADS[12][:40]],
        body=body(
            *({"type": "paragraph", "value": f"<p>{escape(payload)}</p>"} for payload in PAYLOADS),
            {"type": "quote", "value": {"text": PAYLOADS[2], "attribution": PAYLOADS[4]}},
        ),
    )
    for chunk in (PAYLOADS[:8], PAYLOADS[8:]):
        comment_post(user=buyer, article=article, body="\n".join(chunk))

    # Ads: title, description and commune typed by an advertiser; one online, one waiting.
    short = [p for p in PAYLOADS if len(p) <= 80]
    online = ad_online(
        owner=seller, moderator=staff, **{**CAMERA, "title": short[0], "description": ALL}
    )
    waiting = ads.ad_draft_save(
        owner=seller,
        fields={**CAMERA, "title": short[5], "description": ALL, "commune": commune("coutances")},
    )
    ads.ad_submit(ad=waiting)
    messaging.ad_message_send(ad=online, sender=buyer, text=ALL[:1900])
    alerts.saved_search_create(
        user=seller, kind="annonces", category="", query=f"q={PAYLOADS[0]}"[:100], frequency="daily"
    )
    alerts.saved_search_create(
        user=seller, kind="annonces", category="", query=f"q={PAYLOADS[5]}"[:100], frequency="daily"
    )

    # En direct, through the desk's form as an editor types it (text and a javascript: link).
    desk = Client()
    desk.force_login(staff)
    for chunk in (PAYLOADS[:8], PAYLOADS[8:]):  # an entry holds 600 characters
        response = desk.post(
            "/admin/en-direct/",
            {"channel": "site", "body": draftail(*chunk, link="javascript:window.__xss=1")},
        )
        assert response.status_code == 302, response.context["form"].errors

    # An agency item with the payloads in its headline, summary and body.
    wire.wire_ingest_bytes(
        data=newsml(
            PAYLOADS[0],
            '<p>Texte <a href="javascript:window.__xss=1">lien</a></p>'
            '<script>window.__xss=1</script><img src="x" onerror="window.__xss=1"/>'
            '<p onclick="window.__xss=1">clic</p>'
            + "".join(f"<p>{xml_escape(p)}</p>" for p in PAYLOADS),
        )
    )
    from rotative.wire.models import Dispatch

    return {
        "url": asgi_server,
        "article": article,
        "section": section,
        "online": online,
        "waiting": waiting,
        "staff": staff,
        "seller": seller,
        "buyer": buyer,
        "dispatch": Dispatch.objects.get(),
    }


class Renders:
    """Opens pages in one browser page and collects what went wrong, to report all at once."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.problems.append(f"a dialog opened: {dialog.message!r} on {self.page.url}")
        dialog.dismiss()

    def check(self, url: str, *, shows: list[str] = ()) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.status < 500, url
        self.probe(shows=shows)

    def submit(self, button, *, shows: list[str] = ()) -> None:
        """Sends the form and checks the page that answers (a form sent back with errors)."""
        with self.page.expect_navigation(wait_until="load"):
            button.click()
        self.probe(shows=shows)

    def probe(self, *, shows: list[str] = ()) -> None:
        url = self.page.url
        self.page.wait_for_timeout(150)  # a payload's onload / ontoggle / srcdoc
        for frame in self.page.frames:
            try:
                found = frame.evaluate(PROBE)
            except Exception:  # noqa: S112 - a frame gone away has nothing to tell
                continue
            self.problems += [f"{url}: {item}" for item in found]
        text = flat(self.page.locator("body").inner_text())
        for value in shows:
            if flat(value) not in text:
                self.problems.append(f"{url}: {value!r} is not shown as typed")


def test_no_payload_runs_or_becomes_markup_anywhere_it_shows(chromium, typed):
    base = typed["url"]
    article, ad = typed["article"], typed["online"]
    short_q = PAYLOADS[0]

    anonymous = Renders(chromium.new_context(locale="fr-FR").new_page())
    anonymous.check(base + article.url, shows=[PAYLOADS[0], *PAYLOADS[:8]])
    anonymous.check(base + typed["section"].url, shows=[PAYLOADS[0]])
    anonymous.check(base + "/")
    anonymous.check(base + "/recherche/?q=" + short_q.replace("#", "%23"), shows=[short_q])
    for payload in PAYLOADS[:6]:
        from urllib.parse import quote

        anonymous.check(f"{base}/annonces/?q={quote(payload)}&ou={quote(payload)}")
    anonymous.check(base + "/annonces/", shows=[ad.title])
    anonymous.check(base + ad.get_absolute_url(), shows=[ad.title, *PAYLOADS])
    anonymous.check(base + "/en-direct/", shows=PAYLOADS[:3])
    anonymous.check(base + f"/newsletter/?depuis={quote(ALL[:300])}")
    # The sign-up form sent with a payload as its address (the browser's own check is off).
    anonymous.page.evaluate("document.querySelector('main form').noValidate = true")
    anonymous.page.locator("main input[name=email]").fill(PAYLOADS[3])
    anonymous.submit(anonymous.page.locator("main form button[type=submit]").first)
    assert anonymous.page.locator("main input[name=email]").input_value() == PAYLOADS[3]

    seller = Renders(logged_in_page(chromium, base, typed["seller"]))
    seller.check(base + "/alertes/", shows=[f"« {PAYLOADS[0]} »"])
    seller.check(base + "/annonces/mes-annonces/", shows=[ad.title])
    seller.check(f"{base}/annonces/{ad.pk}/messages/{typed['buyer'].pk}/", shows=PAYLOADS[:8])
    # The ad form sent back with its errors: title and commune typed as they come.
    seller.check(base + "/annonces/deposer/?categorie=bonnes-affaires")
    seller.page.get_by_label("Titre").fill(PAYLOADS[3])
    seller.page.get_by_label("Commune ou code postal").fill(PAYLOADS[1])
    seller.submit(seller.page.get_by_role("button", name="Voir l'aperçu"))
    # Sent back whole inside its attribute, not broken out of it.
    assert seller.page.get_by_label("Commune ou code postal").input_value() == PAYLOADS[1]
    assert seller.page.get_by_label("Titre").input_value() == PAYLOADS[3]

    staff = Renders(logged_in_page(chromium, base, typed["staff"]))
    staff.check(base + "/admin/commentaires/?onglet=all", shows=[PAYLOADS[1][:40], PAYLOADS[0]])
    comment = article.comments.order_by("pk").first()
    staff.check(f"{base}/admin/commentaires/{comment.pk}/", shows=PAYLOADS[:8])
    staff.check(base + "/admin/annonces/", shows=[typed["waiting"].title])
    staff.check(base + "/admin/en-direct/", shows=PAYLOADS[:1])  # the first 30 words
    staff.check(base + "/admin/fil/", shows=[PAYLOADS[0]])
    staff.check(f"{base}/admin/fil/{typed['dispatch'].pk}/", shows=[PAYLOADS[0], *PAYLOADS[1:4]])
    staff.check(f"{base}/admin/pages/{typed['section'].pk}/", shows=[PAYLOADS[0]])
    staff.check(f"{base}/admin/pages/{article.pk}/edit/")

    problems = anonymous.problems + seller.problems + staff.problems
    assert problems == [], "\n".join(problems)
    for renders in (anonymous, seller, staff):
        renders.page.context.close()
    connection.close()
