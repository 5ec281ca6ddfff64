from django.apps import AppConfig


class MobileConfig(AppConfig):
    """The installable web app: manifest, icons, service worker (offline reading, Web Push),
    the page « L'application mobile » and the offline page."""

    name = "rotative.mobile"
    label = "mobile"
    verbose_name = "L'application mobile"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from rotative.core.site_parts import Link, registry

        # Every page links the manifest and registers the worker.
        registry.add_to_slot("head", "mobile/head.html")
        # The reference page's footer begins with the mobile application (DESIGN.md): its
        # block before the newsletter's, its link first among the parts'.
        footer = registry.slots.setdefault("footer", [])
        if "mobile/footer_slot.html" not in footer:
            footer.insert(0, "mobile/footer_slot.html")
        link = Link(_("L'application mobile"), "mobile:app")
        if link not in registry.footer_links:
            registry.footer_links.insert(0, link)

        from rotative.mobile.sitemaps import AppSitemap

        registry.sitemaps.setdefault("application", AppSitemap)
