"""A few readers' comments under demo stories, written for the project."""

import secrets

from rotative.comments.models import Comment, ModerationWord
from rotative.core.demo.registry import DemoRun

# (display name, email) of demo readers; they log in with a password nobody knows.
READERS = [
    ("Jean-Yves P.", "jean-yves@example.fr"),
    ("Soizic", "soizic@example.fr"),
    ("Hervé de Valognes", "herve@example.fr"),
]

# Title's beginning -> threads of (reader index, text, replies as [(reader index, text)]).
THREADS = {
    "Tempête Isaure : la préfecture de la Manche interdit": [
        (
            0,
            "Il y aura toujours des inconscients pour aller photographier les vagues sur la "
            "digue. Restez chez vous, les secours ont mieux à faire !",
            [(1, "À Barneville, les gendarmes faisaient déjà demi-tour aux voitures ce matin.")],
        ),
        (
            2,
            "Merci pour ces informations pratiques. L'arrêté complet est-il consultable en ligne ?",
            [],
        ),
    ],
    "Caen : le tramway interrompu trois semaines": [
        (
            1,
            "Trois semaines en plein hiver… Les bus de remplacement seront-ils accessibles "
            "aux poussettes ?",
            [
                (0, "C'était le cas lors des précédents travaux, espérons que ça continue."),
                (2, "Il aurait mieux valu faire ces travaux pendant les vacances d'été."),
            ],
        ),
    ],
    "Villedieu-les-Poêles : la fête du cuivre": [
        (2, "Superbe édition, les démonstrations des dinandiers valaient le déplacement.", []),
        (0, "Dommage que le stationnement ait été si compliqué l'après-midi.", []),
    ],
}


def demo_comments_load(run: DemoRun) -> None:
    """The demo readers and their comments under the latest stories."""
    from rotative.accounts.services import reader_create
    from rotative.news.models import ArticlePage

    readers = [
        reader_create(email=email, password=secrets.token_urlsafe(16), display_name=name)
        for name, email in READERS
    ]
    ModerationWord.objects.get_or_create(word="arnaque", defaults={"action": "hold"})
    now, made = run.now, 0
    for title, threads in THREADS.items():
        article = ArticlePage.objects.live().filter(title__startswith=title).first()
        if article is None:
            continue
        # Spread between publication and now, so that no comment is dated in the future.
        published = article.first_published_at or now
        step = (now - published) / (2 * len(threads) + 2)
        for n, (who, text, replies) in enumerate(threads):
            top = _published(article, readers[who], text, published + step * (2 * n + 1))
            made += 1
            for m, (replier, reply) in enumerate(replies, start=1):
                moment = top.created_at + step * m / (len(replies) + 1)
                _published(article, readers[replier], reply, moment, parent=top)
                made += 1
    run.counts.append(f"{made} commentaires")


def _published(article, author, body, created_at, parent=None) -> Comment:
    return Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        body=body,
        status=Comment.Status.PUBLISHED,
        created_at=created_at,
    )
