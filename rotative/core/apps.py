from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rotative.core"
    label = "core"
    verbose_name = "Site"

    def ready(self):
        from rotative.core import mail_headers, routing

        mail_headers.install()
        routing.site_lookup_install()  # the request's site held for the edition
        _choosers_tolerate_bad_ids()
        _identity_forget_on_save()
        _front_cache_purge_on_publish()
        _chrome_new_edition_on_page_change()


def _front_cache_purge_on_publish() -> None:
    """Any page published or unpublished leaves the front cache (core.front_cache)."""
    from wagtail.signals import page_published, page_unpublished

    from rotative.core import front_cache

    for signal in (page_published, page_unpublished):
        signal.connect(front_cache.page_published_or_unpublished, dispatch_uid="front-cache")

        from rotative.core.demo import site
        from rotative.core.demo.registry import demo_part_register

        demo_part_register(name="site", order=10, load=site.demo_site_load)


def _chrome_new_edition_on_page_change() -> None:
    """The menu, the banner, La Une, En ce moment and the footer list pages: any page saved
    (published, unpublished, moved, or made live by code that does not publish, like the
    wire's) or deleted starts a new edition of the chrome (core.chrome). A draft saved
    starts one too: cheaper than telling it apart."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    from rotative.core import chrome

    def page_changed(sender, instance, **kwargs):
        if isinstance(instance, Page):
            chrome.edition_bump()

    for signal in (post_save, post_delete):
        signal.connect(page_changed, weak=False, dispatch_uid=f"chrome-edition-{signal}")
    # Pages read whether the site has view restrictions, and requests their site, from the
    # chrome (core.routing).
    from wagtail.models import PageViewRestriction, Site

    for signal in (post_save, post_delete):
        signal.connect(
            chrome.edition_bump, sender=PageViewRestriction, dispatch_uid=f"chrome-pvr-{signal}"
        )
        signal.connect(chrome.edition_bump, sender=Site, dispatch_uid=f"chrome-site-{signal}")
    # A publication's last writes (the live revision) are updates, without post_save.
    for signal in (page_published, page_unpublished):
        signal.connect(chrome.edition_bump, dispatch_uid=f"chrome-edition-{signal}")


def _identity_forget_on_save() -> None:
    """The paper's name is cached (core.identity): an edit in the admin shows at once."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Site

    from rotative.core.identity import identity_forget
    from rotative.core.models import SiteIdentity

    for model in (SiteIdentity, Site):
        post_save.connect(identity_forget, sender=model, dispatch_uid=f"identity-{model.__name__}")
        post_delete.connect(
            identity_forget, sender=model, dispatch_uid=f"identity-del-{model.__name__}"
        )


def _choosers_tolerate_bad_ids() -> None:
    """Wagtail's chooser widgets look up the posted id to show the chosen item again, and
    catch only DoesNotExist: a form sent back with a non-numeric id ("abc", "1e400") fails
    with a server error instead of showing the form's error. Same answer as an unknown id.
    """
    from django.core.exceptions import ValidationError
    from wagtail.admin.widgets.chooser import BaseChooser

    get_instance = BaseChooser.get_instance

    def tolerant_get_instance(self, value):
        try:
            return get_instance(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None

    BaseChooser.get_instance = tolerant_get_instance

    # The chooser's « chosen » step reads the id from its URL: a hand-made one is not found.
    from django.core.exceptions import ObjectDoesNotExist
    from wagtail.admin.views.generic.chooser import ChosenViewMixin

    get_object = ChosenViewMixin.get_object

    def tolerant_get_object(self, pk):
        try:
            return get_object(self, pk)
        except (ValueError, TypeError, OverflowError, ValidationError) as error:
            raise ObjectDoesNotExist(str(error)) from error

    ChosenViewMixin.get_object = tolerant_get_object
