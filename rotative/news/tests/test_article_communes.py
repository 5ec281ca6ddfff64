"""Which communes an article names (news.selectors.article_communes, geo.mentions): the
editor's picks, then the names found in its text by a strict rule."""

import pytest

from rotative.geo.models import Commune
from rotative.geo.names import department_of, fold
from rotative.geo.tests.factories import commune
from rotative.news.models import ArticleCommune
from rotative.news.selectors import article_communes
from rotative.news.tests.factories import ArticlePageFactory, body

pytestmark = pytest.mark.django_db


def make(insee, name, postal_code):
    return Commune.objects.create(
        insee=insee,
        name=name,
        name_key=fold(name),
        postal_code=postal_code,
        department=department_of(insee),
    )


@pytest.fixture
def area(settings):
    settings.SITE_DEPARTMENTS = ["50", "14", "61", "76", "80"]
    return {
        "coutances": commune("coutances"),
        "saint-pair": commune("saint-pair"),
        "saint-lo": make("50502", "Saint-Lo", "50000"),
        "eu": make("76255", "Eu", "76260"),
        "y": make("80829", "Y", "80190"),
        "sees": make("61464", "Sees", "61500"),
        "ger": make("50197", "Ger", "50850"),
        "haye": make("50232", "La Haye", "50250"),
        # The same name in two departments of the area: the text cannot say which.
        "brix-50": make("50089", "Brix", "50700"),
        "brix-14": make("14999", "Brix", "14000"),
        "lyon": commune("lyon-1"),  # outside the area
    }


def names(article):
    return [c.name for c in article_communes(article)]


def test_names_found_in_title_chapo_dateline_and_body(section, area):
    article = ArticlePageFactory(
        parent=section,
        title="Coutances : la cathédrale rouvre",
        chapo="Les fidèles de St-Lô et de Saint-Pair-sur-Mer sont attendus.",
        body=body(
            {"type": "paragraph", "value": "<p>Une chorale venue de S&eacute;es chantera.</p>"},
            {"type": "quote", "value": {"text": "Je viens de La Haye", "attribution": "Ger"}},
        ),
    )
    assert names(article) == [
        "Coutances",
        "Saint-Lo",
        "Saint-Pair-sur-Mer",
        "Sees",
        "La Haye",
        "Ger",
    ]


def test_short_and_everyday_words_are_not_communes(section, area):
    article = ArticlePageFactory(
        parent=section,
        title="Y a-t-il un pilote ? Eu égard aux coutances",
        chapo="Il a eu tort, y compris à saint-lô ; Germain et Gérard sont des prénoms.",
        body=body({"type": "paragraph", "value": "<p>Brix a voté. Lyon aussi.</p>"}),
    )
    # « Y », « Eu »: too short; lower case is no name; « Ger » is not inside « Germain »;
    # Brix is two communes of the area; Lyon is outside it.
    assert names(article) == []


def test_words_of_a_name_are_not_joined_across_a_full_stop(section, area):
    make("50555", "Saint-Martin-de-Bonfosse", "50750")
    article = ArticlePageFactory(
        parent=section, title="Le recteur de Saint. Martin de Bonfosse", chapo="Rien."
    )
    assert names(article) == []


def test_editor_picks_come_first_and_count_once(section, area):
    article = ArticlePageFactory(parent=section, title="Marché à Coutances", chapo="Chapô.")
    ArticleCommune.objects.create(page=article, commune=area["ger"])
    ArticleCommune.objects.create(page=article, commune=area["coutances"])
    assert names(article) == ["Ger", "Coutances"]


def test_the_result_is_kept_until_the_text_changes(section, area, django_assert_num_queries):
    article = ArticlePageFactory(parent=section, title="Fête à Coutances", chapo="Chapô.")
    assert names(article) == ["Coutances"]
    with django_assert_num_queries(0):
        assert names(article) == ["Coutances"]
    article.title = "Fête à Saint-Lô"
    assert names(article) == ["Saint-Lo"]
