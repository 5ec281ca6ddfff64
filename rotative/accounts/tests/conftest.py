import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import PASSWORD, ReaderFactory


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(response) -> str:
    """What the page says in its main column, spaces normalised."""
    return " ".join(html(response).select_one("main").get_text(" ").split())


def field_errors(response, name: str) -> list[str]:
    """The error messages shown next to the field `name`, as the reader reads them."""
    page = html(response)
    field = page.select_one(f"[name={name}]")
    errors = page.select_one(f"#{field['id']}_error")
    return [" ".join(item.get_text(" ").split()) for item in errors.select("li")] if errors else []


def log_in(client, email: str, password: str = PASSWORD, *, follow: bool = False, **extra):
    data = {"login": email, "password": password, **extra}
    return client.post("/compte/connexion/", data, follow=follow)


@pytest.fixture
def reader(db):
    return ReaderFactory(email="marie@example.fr", display_name="Marie L.")
