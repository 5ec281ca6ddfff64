"""Every kind of public page passes axe-core's WCAG 2.1 A and AA rules (the automatable part of
RGAA 4.1) in Chromium, on a phone and on a desktop, for a visitor and for a logged-in reader."""

import shutil
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import expect

from rotative.core.tests.browser import logged_in_page
from rotative.news.tests.factories import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# axe files these under « best practice », RGAA asks for them (9.1 headings, 12.6 landmarks).
RGAA_EXTRA = {
    "runOnly": {
        "type": "rule",
        "values": [
            "heading-order",
            "page-has-heading-one",
            "landmark-unique",
            "landmark-one-main",
            "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo",
            "duplicate-id-aria",
        ],
    }
}
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
NARROWEST = 320  # RGAA 10.11: no sideways scroll down to 320 CSS pixels


def public_paths(site) -> list[str]:
    return [
        "/",
        site["section"].url,
        site["article"].url,
        "/auteurs/ines-vautier/",
        "/sujets/tempete/",
        "/recherche/?q=digue",
        "/en-direct/",
        site["blog"].url,
        "/annonces/",
        site["ad"].get_absolute_url(),
        "/agenda/",
        "/agenda/concerts/",
        site["event"].get_absolute_url(),
        site["event"].venue.get_absolute_url(),
        "/emploi/",
        site["offer"].get_absolute_url(),
        "/newsletter/",
        "/pronostics/",
        "/pronostics/journee/1/",
        "/pronostics/classement/",
        "/mentions-legales/",
        "/accessibilite/",
        "/contact/",
        "/compte/connexion/",
        "/compte/inscription/",
        "/application/",
        "/hors-ligne/",
        "/page-qui-n-existe-pas/",
    ]


def violations(page, url: str) -> list[str]:
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)  # deferred scripts (the live list, the labels' colours)
    axe = Axe()
    found = [
        *axe.run(page, options=WCAG_AA).response["violations"],
        *axe.run(page, options=RGAA_EXTRA).response["violations"],
    ]
    return [
        f"{url} [{page.viewport_size['width']}px] {rule['id']}: {rule['help']} — "
        + " | ".join(node["target"][0] for node in rule["nodes"][:3] if node["target"])
        for rule in found
    ]


def sideways_scroll(page, url: str) -> list[str]:
    page.set_viewport_size({"width": NARROWEST, "height": 640})
    page.goto(url, wait_until="load")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= NARROWEST:
        return []
    # The deepest elements that stick out: what to fix.
    culprits = page.evaluate(
        """limit => [...document.body.querySelectorAll('*')]
          .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.children.length)
          .slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""",
        NARROWEST,
    )
    return [f"{url}: {width}px wide at {NARROWEST}px ({', '.join(culprits)})"]


def test_public_pages_meet_wcag_aa_on_a_phone_and_a_desktop(chromium, public_site):
    base = public_site["url"]
    page = chromium.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    problems = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for path in public_paths(public_site):
            problems += violations(page, base + path)
    for path in public_paths(public_site):
        problems += sideways_scroll(page, base + path)
    # Two search areas on the search page, each with its own name (RGAA 12.6).
    page.goto(base + "/recherche/?q=digue")
    names = page.locator("[role=search]").evaluate_all("all => all.map(e => e.ariaLabel)")
    assert names == ["Rechercher sur le site", "Affiner la recherche"]
    page.context.close()  # its open streams, before the server stops
    connection.close()
    assert not problems, "\n".join(problems)


def test_a_reader_s_pages_meet_wcag_aa(chromium, public_site):
    base = public_site["url"]
    page = logged_in_page(chromium, base, public_site["reader"])
    problems = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for path in [
            public_site["article"].url,  # the comment form
            public_site["ad"].get_absolute_url(),  # the contact form
            public_site["event"].get_absolute_url(),  # « Lire plus tard »
            "/compte/",
            "/annonces/deposer/",
            "/annonces/mes-annonces/",
            "/alertes/",
            "/compte/a-lire/",  # « À lire plus tard », and its button on the article above
            "/newsletter/mon-compte/",
            "/agenda/proposer/",
            "/emploi/mes-candidatures/",
            "/pronostics/",
            "/pronostics/mes-pronostics/",
            "/pronostics/ligues/",
            f"/pronostics/ligues/{public_site['league'].pk}/",
            "/pronostics/rappels/",
        ]:
            problems += violations(page, base + path)
    page.context.close()
    connection.close()
    assert not problems, "\n".join(problems)


# Where the keyboard is: an element inside an aria-hidden block (a bot trap a screen reader
# must not meet), or one without a ring of 2 px at least contrasting 3:1 with what is behind it
# (WCAG 1.4.11): Chromium's own thin dark ring vanishes on the navy navigation.
FOCUS_PROBLEM = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const first = e.className ? '.' + String(e.className).split(' ')[0] : '';
  const name = e.tagName.toLowerCase() + first;
  if (e.closest('[aria-hidden=true]')) return name + ' is hidden from screen readers';
  const style = getComputedStyle(e);
  if (style.outlineStyle === 'none') {
    return style.boxShadow === 'none' ? name + ' shows no focus' : null;
  }
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let behind = e.parentElement, background = [255, 255, 255];
  while (behind) {
    const c = rgb(getComputedStyle(behind).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) { background = c.slice(0, 3); break; }
    behind = behind.parentElement;
  }
  const [a, b] = [lum(rgb(style.outlineColor).slice(0, 3)), lum(background)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (parseFloat(style.outlineWidth) < 2 || ratio < 3) {
    const ring = style.outlineWidth + ', ' + ratio.toFixed(1) + ':1';
    return name + ' has a faint focus ring (' + ring + ')';
  }
  return null;
}"""


def test_the_keyboard_never_lands_unseen_or_in_a_hidden_block(chromium, public_site):
    base = public_site["url"]
    page = chromium.new_context(locale="fr-FR", viewport=DESKTOP).new_page()
    problems = []
    for path in ["/", public_site["article"].url, "/newsletter/", "/compte/connexion/"]:
        page.goto(base + path, wait_until="load")
        for _ in range(60):  # the header, the navigation, the page, the footer's first links
            page.keyboard.press("Tab")
            found = page.evaluate(FOCUS_PROBLEM)
            if found:
                problems.append(f"{path}: {found}")
    page.context.close()
    connection.close()
    assert not problems, "\n".join(sorted(set(problems)))


def breaking(section, title: str):
    article = ArticlePageFactory(parent=section, title=title)
    article.is_breaking = True
    article.breaking_until = article.first_published_at + timedelta(days=36500)
    article.save_revision().publish()
    return article


def test_a_breaking_alert_is_read_out_once_not_on_every_page(chromium, live_server, section):
    breaking(section, "Incendie au port de Cherbourg")
    connection.close()  # the live server's threads take their own connections
    page = chromium.new_context(locale="fr-FR").new_page()
    announcer = page.locator("[data-breaking-announcer]")

    page.goto(live_server.url + "/")
    assert page.locator(".breaking").get_attribute("role") is None  # not an alert at load
    expect(announcer).to_have_text("Alerte info Incendie au port de Cherbourg")

    page.goto(live_server.url + section.url)  # the same alert: the region stays silent
    page.wait_for_timeout(1200)
    assert page.locator(".breaking").is_visible() and announcer.text_content() == ""

    breaking(section, "Le pont de Saint-Lô fermé")
    connection.close()
    page.goto(live_server.url + "/")
    expect(announcer).to_have_text("Alerte info Le pont de Saint-Lô fermé")
    page.context.close()
