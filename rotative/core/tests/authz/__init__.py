"""The authorization test's world, table and judge (test_authorization.py runs them).

TABLE says, for every URL pattern of the site, the admin and the feeds, which roles may get a
2xx and which object fills its parameters: `site` for the public site and feeds,
`admin_pages`, `admin_wagtail` and `admin_site` for the admin. A pattern is looked up by its
route (prefixes joined, as `engine.url_patterns()` gives it), then by its namespaced name. A
new view that is not listed fails the test: add it with the roles that may get a 2xx and an
object the roles do not own (a draft, a pending comment, another reader's ad…).
"""

from rotative.core.tests.authz.admin_pages import ADMIN_PAGES
from rotative.core.tests.authz.admin_site import ADMIN_SITE
from rotative.core.tests.authz.admin_wagtail import ADMIN_WAGTAIL
from rotative.core.tests.authz.api_market import API_MARKET
from rotative.core.tests.authz.site import SITE

TABLE = {**SITE, **ADMIN_PAGES, **ADMIN_WAGTAIL, **ADMIN_SITE, **API_MARKET}
