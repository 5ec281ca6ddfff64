"""`make run`'s demo comes with a reader whose address is already confirmed."""

import pytest
from django.core.management import call_command

from rotative.accounts.tests.conftest import log_in
from rotative.core.demo import registry

pytestmark = pytest.mark.django_db


def test_load_demo_creates_a_confirmed_reader_and_writes_her_login(
    client, home, tmp_path, monkeypatch
):
    # The accounts' part alone: no articles to load for this.
    monkeypatch.setattr(registry, "_parts", {"accounts": registry._parts["accounts"]})
    credentials = tmp_path / "lectrice.txt"

    call_command("load_demo", reader_credentials_file=str(credentials), verbosity=0)

    email, password = credentials.read_text().split()
    assert email == "lectrice@example.fr"
    assert credentials.stat().st_mode & 0o077 == 0
    response = log_in(client, email, password, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Marie L." in response.content.decode()
