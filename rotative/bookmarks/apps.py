from django.apps import AppConfig


class BookmarksConfig(AppConfig):
    name = "rotative.bookmarks"
    label = "bookmarks"
    verbose_name = "À lire plus tard"

    def ready(self):
        from rotative.core.site_parts import registry

        # Under the article's dates, beside « 12 commentaires »: « Lire plus tard ».
        registry.add_to_slot("article_meta", "bookmarks/article_slot.html")
        registry.add_to_slot("ad_meta", "bookmarks/ad_slot.html")
        registry.add_to_slot("event_meta", "bookmarks/event_slot.html")

        from rotative.accounts import data
        from rotative.bookmarks import personal_data

        data.register_exporter(
            "a_lire_plus_tard",
            personal_data.bookmarks_export,
            covers=["bookmarks.Bookmark.user"],
        )

        from rotative.bookmarks import signal_handlers

        signal_handlers.connect()

        from rotative.bookmarks import demo
        from rotative.core.demo.registry import demo_part_register

        # After every part whose articles, ads and events the demo reader saves.
        demo_part_register(
            name="bookmarks",
            order=95,
            load=demo.demo_bookmarks_load,
            loaded=demo.demo_bookmarks_loaded,
        )
