"""schemathesis against the schema the API serves: for every operation, generated requests
(valid and not) never get a 5xx, and every answer matches what the schema declares (status
code, content type, headers, body). The schema comes from the code, so this is what keeps
the code and what the app was promised together."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rotative.api.services import token_create
from rotative.api.tests import api_data

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded as the app loads it: served by the application (no database is needed for it).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def reader_headers(section, settings):
    from django.contrib.auth import get_user_model

    from rotative.accounts.tests.factories import ReaderFactory

    # Generated requests come by the hundred from one address: the limit is tested elsewhere.
    settings.API_RATE_LIMIT_ANONYMOUS = settings.API_RATE_LIMIT_READER = 1_000_000
    reader = ReaderFactory(email="appli@example.fr", display_name="Lectrice de l'appli")
    editor = get_user_model().objects.create_superuser("redaction", "redaction@example.fr", "x")
    api_data.fill(section=section, reader=reader, editor=editor)
    return {"Authorization": f"Bearer {token_create(user=reader, device='Test')[1]}"}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests on every run: a failure is reproducible
)
def test_every_operation_answers_what_its_schema_says(case, reader_headers):
    if case.path == "/api/v1/jetons/courant" and case.method == "DELETE":
        return  # would sign the test's own token out for the following examples
    case.call_and_validate(headers=reader_headers, checks=CHECKS)
