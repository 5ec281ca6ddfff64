from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "rotative.live"
    label = "live"
    verbose_name = "En direct"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from rotative.core.site_parts import Link, registry
        from rotative.live.selectors import breaking_alert

        registry.add_to_slot("sidebar", "live/sidebar_slot.html")

        from rotative.live.sitemaps import LiveSitemap

        registry.sitemaps.setdefault("direct", LiveSitemap)
        if breaking_alert not in registry.alert_sources:
            registry.alert_sources.append(breaking_alert)

        from rotative.accounts import data

        data.register_not_exported(
            "live.LiveEntry.author",
            reason="the newsroom's published work, signed and kept with the feed",
        )
        link = Link(_("En direct"), "live:feed")
        if link not in registry.header_links:
            registry.header_links.append(link)

        from rotative.core.demo.registry import demo_part_register
        from rotative.live import demo

        demo_part_register(name="live", order=60, load=demo.demo_live_load)
