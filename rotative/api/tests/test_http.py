"""What every endpoint of the API shares: errors in one French shape, conditional reads,
cache headers, the CORS allow-list and the rate limit."""

import json

import pytest

from rotative.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/openapi.json"


def test_the_schema_is_served_and_documented(client):
    schema = client.get(SCHEMA).json()
    docs = client.get("/api/v1/docs")

    assert schema["openapi"].startswith("3.")
    assert "/api/v1/jetons" in schema["paths"]
    assert "ErrorOut" in schema["components"]["schemas"]
    assert docs.status_code == 200
    # Swagger UI is served by the site, its scripts carrying the policy's nonce (strict-dynamic
    # blocks any other): without it the documentation is a blank page.
    from bs4 import BeautifulSoup

    nonce = docs["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    scripts = BeautifulSoup(docs.content, "html.parser").select("script[src]")
    assert [s["src"] for s in scripts] == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]
    assert {s.get("nonce") for s in scripts} == {nonce}


def test_an_unknown_address_answers_the_apis_json_404(client):
    for path in ("/api/v1/nulle-part", "/api/v1/nulle-part/", "/api/v2/articles"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_bad_input_is_named_field_by_field_in_french(client):
    response = client.post(
        "/api/v1/jetons",
        json.dumps({"email": "marie@example.fr", "device": "x" * 101}),
        content_type="application/json",
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == "Certaines données sont invalides."
    errors = {error["field"]: error["message"] for error in body["errors"]}
    assert errors == {"password": "Ce champ est obligatoire.", "device": "Ce texte est trop long."}


def test_a_read_carries_an_etag_and_a_repeat_gets_304(client):
    first = client.get(SCHEMA)
    again = client.get(SCHEMA, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_an_anonymous_read_may_be_shared_a_readers_read_may_not(client, reader_key):
    anonymous = client.get(SCHEMA)
    personal = client.get("/api/v1/jetons", **bearer(reader_key))

    assert "public" in anonymous["Cache-Control"]
    assert "Authorization" in anonymous["Vary"]
    assert "private" in personal["Cache-Control"]


def test_only_allowed_origins_may_call_from_a_browser(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.lephare-normand.fr"]

    allowed = client.options(
        "/api/v1/jetons",
        HTTP_ORIGIN="https://app.lephare-normand.fr",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    other = client.get(SCHEMA, HTTP_ORIGIN="https://ailleurs.example")
    page = client.get("/", HTTP_ORIGIN="https://app.lephare-normand.fr")

    assert allowed["Access-Control-Allow-Origin"] == "https://app.lephare-normand.fr"
    assert "authorization" in allowed["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in page  # the site's pages are not the API


def test_too_many_requests_are_refused_with_a_delay(client, settings, reader_key):
    settings.API_RATE_LIMIT_READER = 3
    statuses = [client.get("/api/v1/jetons", **bearer(reader_key)).status_code for _ in range(3)]

    refused = client.get("/api/v1/jetons", **bearer(reader_key))

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["message"] == "Trop de requêtes : réessayez dans une minute."
    assert refused["Retry-After"] == "60"


def test_a_nul_character_in_a_body_is_taken_out_and_the_rest_kept(client, reader):
    from rotative.accounts.tests.factories import PASSWORD

    body = {"email": "marie@example.fr", "password": PASSWORD, "device": "Pixel\x00 de Marie"}
    response = client.post("/api/v1/jetons", json.dumps(body), content_type="application/json")

    assert response.status_code == 201
    assert response.json()["device"] == "Pixel de Marie"


def test_a_body_that_is_not_json_is_refused_in_french(client):
    response = client.post("/api/v1/jetons", "{pas du json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == "Le corps de la requête n'est pas du JSON valide."


def test_no_two_schemas_share_a_name():
    """The OpenAPI components are keyed by class name: two `SectionOut` of two routers would
    describe one endpoint's answer with the other's fields."""
    import importlib
    import pkgutil

    from ninja import Schema

    import rotative.api.routers
    import rotative.api.schemas

    for package in (rotative.api.routers, rotative.api.schemas):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("rotative.api")]
    names = [c.__name__ for c in ours]
    assert sorted({n for n in names if names.count(n) > 1}) == []
