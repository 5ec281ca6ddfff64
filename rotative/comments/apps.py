from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "rotative.comments"
    label = "comments"
    verbose_name = "Commentaires"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from rotative.accounts import data
        from rotative.comments import selectors, services
        from rotative.comments.models import CommentSettings
        from rotative.core import chrome, moderation
        from rotative.core.site_parts import registry

        # Every article page reads the settings from what the process holds (core.chrome). Not
        # when the first page creates them with their defaults: nothing shown changes.
        def settings_changed(sender, instance, created=False, **kwargs):
            if not created:
                chrome.edition_bump()

        post_save.connect(settings_changed, sender=CommentSettings, weak=False, dispatch_uid="cs")
        post_delete.connect(chrome.edition_bump, sender=CommentSettings, dispatch_uid="cs-del")

        # The word list edited on comments' staff screen is the site's: classifieds checks it too.
        moderation.word_list_register(selectors.moderation_word_list)

        registry.add_to_slot("article_meta", "comments/count.html")
        registry.add_to_slot("article_after", "comments/block.html")
        data.register_exporter(
            "commentaires",
            services.comments_export,
            covers=[
                "comments.Comment.author",
                "comments.CommentReport.reporter",
                "comments.ReaderBan.user",
            ],
        )
        data.register_not_exported(
            "comments.Comment.moderated_by",
            "comments.ReaderBan.banned_by",
            reason="the moderators' decisions about other readers' comments",
        )
        data.register_eraser(services.comments_erase)

        from rotative.comments import demo
        from rotative.core.demo.registry import demo_part_register

        demo_part_register(name="comments", order=50, load=demo.demo_comments_load)
