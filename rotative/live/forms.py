from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser
from wagtail.images.widgets import AdminImageChooser

from rotative.live.models import LiveEntry


class LiveEntryForm(WagtailAdminModelForm):
    """The compact form of the admin's En direct screen, usable on a phone."""

    class Meta:
        model = LiveEntry
        fields = ["body", "label", "is_breaking", "article", "image"]
        widgets = {
            "article": AdminPageChooser(target_models=["news.ArticlePage"]),
            "image": AdminImageChooser(),
        }
        labels = {"body": _("Texte (gras, liens)")}

    is_breaking = forms.BooleanField(
        label=_("Alerte info"), required=False, help_text=LiveEntry.is_breaking.field.help_text
    )
    channel = forms.ChoiceField(label=_("Publier dans"), required=False)

    field_order = ["channel", "body", "label", "is_breaking", "article", "image"]

    def __init__(self, *args, **kwargs):
        from rotative.live.models import SITE_CHANNEL
        from rotative.live.selectors import live_blogs_open_to_post

        super().__init__(*args, **kwargs)
        blogs = live_blogs_open_to_post()[:20]
        self.fields["channel"].choices = [
            (SITE_CHANNEL, _("Le direct du site")),
            *[(blog.channel, blog.title) for blog in blogs],
        ]
        if self.instance.pk:  # an entry stays where it was posted
            del self.fields["channel"]
        _tolerate_broken_rich_text(self.fields["body"].widget)


def _tolerate_broken_rich_text(widget) -> None:
    """Draftail's widget parses the posted JSON unguarded: a body that is not its JSON
    (a script, a hand-made request) is read as empty, so the form says the text is missing
    instead of failing with a server error."""
    read = widget.value_from_datadict

    def value_from_datadict(data, files, name):
        try:
            return read(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return ""

    widget.value_from_datadict = value_from_datadict
