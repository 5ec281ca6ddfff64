import pytest
from bs4 import BeautifulSoup

from rotative.accounts.tests.factories import ReaderFactory
from rotative.news.tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section, title="La digue de Granville résiste à la tempête", slug="digue"
    )


@pytest.fixture
def premoderated(home):
    section = SectionPageFactory(parent=home, title="Faits divers", slug="faits-divers")
    section.comments_moderation = "pre"
    section.save_revision().publish()
    return ArticlePageFactory(parent=section, title="Accident sur la RN13", slug="rn13")


@pytest.fixture
def marie(db):
    return ReaderFactory(email="marie@example.fr", display_name="Marie L.")


@pytest.fixture
def paul(db):
    return ReaderFactory(email="paul@example.fr", display_name="Paul du Cotentin")


@pytest.fixture
def moderator(db):
    from django.contrib.auth.models import Group, Permission

    user = ReaderFactory(email="moderation@example.fr", display_name="Claire M.")
    group, _ = Group.objects.get_or_create(name="Modérateurs")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_comment", content_type__app_label="comments"),
    )
    user.groups.add(group)
    return user


def comments_section(response) -> BeautifulSoup:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return page.select_one("#commentaires")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""
