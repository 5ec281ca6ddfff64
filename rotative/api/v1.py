"""Version 1 of the API, at /api/v1/: its schema at /api/v1/openapi.json, its documentation
at /api/v1/docs. A change that would break an installed app goes into a v2 beside it."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from rotative.api import errors
from rotative.api.parsers import JsonParser
from rotative.api.routers import (
    agenda,
    articles,
    bookmarks,
    classifieds,
    comments,
    jobs,
    live,
    me,
    pronostics,
    subscriptions,
    tokens,
)
from rotative.api.throttling import ApiThrottle

DESCRIPTION = _(
    """L'API de l'application mobile du journal.

- **Authentification** : `POST /api/v1/jetons` avec l'adresse, le mot de passe et le nom de
  l'appareil renvoie une clé, à envoyer ensuite dans `Authorization: Bearer <clé>`. Une clé
  vaut jusqu'à ce que le lecteur la révoque (« Mon compte › Appareils connectés ») ou se
  déconnecte de l'appareil. Les lectures publiques l'acceptent aussi, pour personnaliser.
- **Pagination** par curseur : suivre `next`, ne jamais construire un curseur soi-même.
- **Cache** : chaque lecture porte un `ETag` ; renvoyer `If-None-Match` donne un 304.
- **Erreurs** : `{"code": …, "message": …, "errors": [{"field", "code", "message"}]}` ; le
  `code` est stable, le `message` est en français, à montrer au lecteur.
- **Limites** : au-delà du débit permis, 429 avec `Retry-After`."""
)

api = NinjaAPI(
    title="API de l'application",
    version="1",
    description=str(DESCRIPTION),
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    throttle=[ApiThrottle()],
    parser=JsonParser(),
)
errors.install(api)

api.add_router("/jetons", tokens.router)
api.add_router("/moi", me.router)
api.add_router("/pronostics", pronostics.router)
api.add_router("/abonnements", subscriptions.router)
api.add_router("/alertes", subscriptions.alerts_router)
api.add_router("/notifications", subscriptions.notifications_router)
api.add_router("/rubriques", articles.sections_router)
api.add_router("/sujets", articles.topics_router)
api.add_router("/articles", articles.router)
api.add_router("/direct", live.router)
api.add_router("/articles", comments.article_router)
api.add_router("/commentaires", comments.router)
api.add_router("/annonces", classifieds.router)
api.add_router("/emplois", jobs.router)
api.add_router("/evenements", agenda.router)
api.add_router("/moi", classifieds.mine_router)
api.add_router("/moi", jobs.mine_router)
api.add_router("/a-lire", bookmarks.router)
