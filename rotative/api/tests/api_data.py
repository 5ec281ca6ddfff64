"""A little of everything the API serves, for the schema run to find real objects behind
the ids it tries (they start at 1): articles with every kind of block, a live entry, a
comment, a match day with a played match and one to come, a saved search and a bookmark.
Each part is made through its own services, as the site makes it."""

from datetime import timedelta

from django.utils import timezone


def fill(*, section, reader, editor) -> None:
    from rotative.comments.tests.factories import comment_post
    from rotative.live import services as live
    from rotative.news.tests.factories import ArticlePageFactory, ImageFactory, body
    from rotative.pronostics import services as pronostics
    from rotative.pronostics.tests.factories import match, match_day

    image = ImageFactory(title="La digue de Granville")
    first = ArticlePageFactory(
        parent=section,
        title="La digue de Granville tient bon",
        tags=["Tempête"],
        lead_image=image,
        body=body(
            {"type": "paragraph", "value": "<p>La mer est montée <b>très haut</b> cette nuit.</p>"},
            {"type": "intertitle", "value": "Les riverains soulagés"},
            {"type": "quote", "value": {"text": "On a eu peur.", "attribution": "Une voisine"}},
            {"type": "picture", "value": {"image": image.pk, "caption": "La digue au matin"}},
        ),
    )
    ArticlePageFactory(parent=section, title="Le marché de Coutances rouvre", tags=["Commerce"])
    comment_post(user=reader, article=first, body="La digue a tenu, bravo aux équipes.")
    live.live_entry_publish(author=editor, body="<p>La route de la digue est rouverte.</p>")

    now = timezone.now()
    day = match_day(1)
    played = match("US Granville", "FC Saint-Lô Manche", day=day, kickoff=now - timedelta(days=2))
    match("AS Cherbourg", "Stade Briochin", day=day, kickoff=now + timedelta(days=2))
    pronostics.prediction_save(
        user=reader, match=played, home_goals=2, away_goals=1, now=now - timedelta(days=3)
    )
    pronostics.match_result_set(by=editor, match=played, home_score=2, away_score=1)
    pronostics.league_create(owner=reader, name="Ligue des voisins")
