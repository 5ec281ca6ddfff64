"""The demo site: a realistic regional daily, loaded once."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from rotative.core.models import CustomImage
from rotative.home.models import HomePage, PinnedTopic
from rotative.news.models import ArticlePage, SectionPage


@pytest.mark.django_db
def test_demo_is_a_realistic_regional_site_and_loads_once(client, home, tmp_path):
    credentials = tmp_path / "login.txt"
    printed = StringIO()
    call_command("load_demo", credentials_file=str(credentials), verbosity=0, stdout=printed)
    # Every demo login is printed, the job board's employer included.
    assert "Compte employeur (emploi) : rh@laiterie-bocage.example.fr / " in printed.getvalue()

    assert SectionPage.objects.live().count() >= 6
    articles = ArticlePage.objects.live()
    assert articles.count() >= 60
    assert articles.exclude(agency="").exclude(dateline="").count() >= 5
    assert articles.filter(lead_image__isnull=True).count() == 0
    assert CustomImage.objects.exclude(credit="").count() >= 60
    dates = sorted(a.first_published_at for a in articles)
    assert (dates[-1] - dates[0]).days >= 14  # spread over the last weeks
    assert HomePage.objects.get().lead_article is not None
    assert PinnedTopic.objects.exists()

    email, password = credentials.read_text().split()
    # The editor logs in like everyone, by email, and reaches the admin.
    response = client.post(
        "/compte/connexion/?next=/admin/", {"login": email, "password": password}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    home = client.get("/").content.decode()
    assert HomePage.objects.get().lead_article.title in home
    agency = articles.exclude(dateline="").first()
    assert f"{agency.dateline} ({agency.agency})." in client.get(agency.url).content.decode()

    # Readers have already reacted to the latest stories.
    latest = articles.order_by("-first_published_at").first()
    client.logout()
    comments = BeautifulSoup(client.get(latest.url).content, "html.parser").select_one(
        "#commentaires"
    )
    shown = " ".join(comments.get_text(" ").split())
    assert shown.startswith("Réagir à cet article (3)") and "Soizic" in shown
    assert "dans " not in shown  # no comment dated in the future

    # En direct is running, in the side column of every page and on its own page.
    side = BeautifulSoup(client.get("/").content, "html.parser").select_one(".live-side")
    assert len(side.select(".live-entry")) == 6
    assert "Enedis" in client.get("/en-direct/?etiquette=alerte").content.decode()

    # The side column's classified ads, as on the reference page.
    ads = " ".join(side.find_parent("aside").select_one(".ads-side").get_text(" ").split())
    assert "Maison à vendre Carantilly (50570) 120 600 € Découvrir" in ads

    # The paper's name, its publisher and its legal pages, from the footer of every page.
    page = BeautifulSoup(client.get(latest.url).content, "html.parser")
    assert page.title.get_text().endswith("| Le Phare normand")
    footer = page.select_one(".site-footer")
    assert "Éditions du Phare normand SAS" in footer.get_text()
    footer_links = [a.get_text(strip=True) for a in footer.select("nav a")]
    assert footer_links[-5:] == [
        "Mentions légales",
        "Politique de confidentialité",
        "Cookies",
        "Accessibilité : non conforme",
        "Nous contacter",
    ]
    assert "Rotative" not in str(page)

    # Les pronostics are alive: half a season scored, players ranked, the next match day
    # open, the demo reader in her private league.
    from rotative.pronostics import selectors as pronostics
    from rotative.pronostics.models import League, Match, Prediction, Season

    assert re.search(r"\b6\d matchs joués et \d{3} pronostics", printed.getvalue())
    assert Prediction.objects.filter(points__gt=0).count() >= 100
    assert pronostics.leaderboard_season(season=Season.objects.get()).paginator.count >= 25
    assert Match.objects.filter(status=Match.Status.SCHEDULED, kickoff__gt=timezone.now())
    league = League.objects.get(name="Les copains du Phare")
    assert league.owner.email == "lectrice@example.fr" and league.memberships.count() == 6

    call_command("load_demo", verbosity=0)
    assert ArticlePage.objects.count() == articles.count()  # nothing loaded twice
    assert Match.objects.count() == 22 * 6
