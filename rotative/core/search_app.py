"""Wagtail search's app config, with index updates that bulk writers can defer.

Listed in INSTALLED_APPS in place of "wagtail.search" (its own module: an AppConfig imported
into `core/apps.py` would be taken for the core app's).
"""

from wagtail.search.apps import WagtailSearchAppConfig


class SearchConfig(WagtailSearchAppConfig):
    default = False

    def ready(self):
        super().ready()
        from rotative.core import indexing

        indexing.install()
