"""Every response carries the Content-Security-Policy and the Permissions-Policy, and every
script our pages write carries the nonce of that policy."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import include, path

from rotative.live.tests.conftest import asgi_server  # noqa: F401 - the ASGI server
from rotative.news.tests.factories import ArticlePageFactory

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_headers(response, *, admin=False):
    policy = directives(response)
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == (["'self'"] if admin else ["'none'"])
    if not admin:
        assert "'strict-dynamic'" in policy["script-src"]
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def boom(request):
    raise RuntimeError("a bug in a view")


def many_requests(request):
    from django.shortcuts import render

    return render(request, "429.html", status=429)


# The site's own URLs plus two views that fail, for the error pages.
urlpatterns = [
    path("boum/", boom),
    path("trop/", many_requests),
    path("", include("rotative.urls")),
]


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La digue a cédé", slug="la-digue")


def test_a_page_has_the_policy_and_its_scripts_carry_its_nonce(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert_headers(response)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
    assert scripts  # the site's script and the article's structured data
    assert {script.get("nonce") for script in scripts} == {nonce}


def test_each_render_draws_a_new_nonce(client, article):
    first = client.get(article.url)["Content-Security-Policy"]
    second = client.get(article.url)["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group() != re.search(r"'nonce-[^']+'", second).group()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/manche/",
        "/rss.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/en-direct/evenements.json",
        "/sw.js",
        "/manifest.webmanifest",
        "/icones/192.png",
        "/application/",
        "/hors-ligne/",
        "/recherche/?q=digue",
        "/annonces/",
        "/newsletter/",
        "/compte/connexion/",
        "/static/js/site.js",
        "/page-qui-n-existe-pas/",
    ],
)
def test_every_kind_of_response_has_the_policies(client, section, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    assert_headers(response)


def test_a_readers_own_pages_have_the_policies_and_their_scripts_the_nonce(client, article):
    from rotative.accounts.tests.factories import ReaderFactory

    client.force_login(ReaderFactory())
    for url in (article.url, "/compte/a-lire/"):  # « Lire plus tard » and its list
        response = client.get(url)
        assert response.status_code == 200, url
        assert_headers(response)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
        assert any(script.get("src", "").endswith("js/bookmarks.js") for script in scripts)
        assert {script.get("nonce") for script in scripts} == {nonce}


def test_the_error_pages_have_the_policies(client, settings, home):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    assert client.get("/boum/").status_code == 500
    assert_headers(client.get("/boum/"))
    assert client.get("/trop/").status_code == 429
    assert_headers(client.get("/trop/"))


def test_the_admin_has_its_own_policy_that_still_forbids_plugins_and_framing_by_others(
    admin_client, home
):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert_headers(response, admin=True)


def is_admin_template(template: Path) -> bool:
    """The admin's screens run under the admin policy, beside Wagtail's own scripts."""
    return "admin" in template.parts or template.parent.name == "wire"


def test_no_template_writes_a_script_without_nonce_an_inline_handler_or_a_javascript_url():
    offending = []
    for template in TEMPLATES_DIR.rglob("*.html"):
        if "emails" in template.parts:  # mail clients run no script anyway
            continue
        text = template.read_text()
        if not is_admin_template(template):
            tags = re.findall(r"<script\b[^>]*>", text)
            offending += [f"{template}: {tag}" for tag in tags if "csp_nonce" not in tag]
        offending += [f"{template}: {m}" for m in re.findall(r"\son[a-z]+=", text)]
        offending += [f"{template}: {m}" for m in re.findall(r"javascript:", text, re.I)]
    assert offending == []


def test_no_public_template_writes_a_style_attribute():
    offending = [
        str(template)
        for template in TEMPLATES_DIR.rglob("*.html")
        if "emails" not in template.parts
        and not is_admin_template(template)
        and re.search(r"\sstyle=", template.read_text())
    ]
    assert offending == []


def test_no_staff_template_writes_a_style_attribute():
    """Our admin screens take their look from one stylesheet (static/css/admin.css, loaded on
    every admin page by core/wagtail_hooks.py): none of them needs the 'unsafe-inline' that
    the admin's policy keeps in style-src for Wagtail."""
    offending = [
        f"{template}: {found}"
        for template in TEMPLATES_DIR.rglob("*.html")
        if "emails" not in template.parts and is_admin_template(template)
        for found in re.findall(r"\sstyle=|<style\b", template.read_text())
    ]
    assert offending == []


def test_every_admin_page_loads_the_staff_stylesheet_and_it_styles_every_class_we_use(
    admin_client, home
):
    page = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    assert page.select_one(f'link[rel=stylesheet][href="{static("css/admin.css")}"]')

    stylesheet = (STATIC_DIR / "css" / "admin.css").read_text()
    defined = set(re.findall(r"\.(staff-[a-z-]+)", stylesheet))
    used = {
        name
        for template in TEMPLATES_DIR.rglob("*.html")
        for classes in re.findall(r'class="([^"]*)"', template.read_text())
        for name in classes.split()
        if name.startswith("staff-")
    }
    assert used - defined == set(), "classes our templates use that admin.css does not style"
    assert defined - used == set(), "rules of admin.css no template uses any more"


def test_the_en_direct_stream_served_beside_django_has_a_policy_too(asgi_server):  # noqa: F811
    from rotative.live.tests.conftest import SseClient

    stream = SseClient(asgi_server, "/en-direct/flux/?canal=site")
    try:
        policy = stream.response.getheader("Content-Security-Policy")
    finally:
        stream.close()
    assert policy == "default-src 'none'; frame-ancestors 'none'"


def test_a_plain_response_from_a_view_gets_them_too(rf, settings):
    from rotative.core.middleware import SecurityHeadersMiddleware

    response = SecurityHeadersMiddleware(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert_headers(response)
