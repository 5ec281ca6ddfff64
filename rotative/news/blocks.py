"""StreamField blocks of an article body: paragraphs, intertitles, quotes, pictures."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

BODY_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur de la citation"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "streamfield/blocks/quote.html"


class PictureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(
        label=_("légende"), required=False, help_text=_("Par défaut, celle de l'image.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "streamfield/blocks/picture.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=BODY_FEATURES, label=_("Paragraphe"), template="streamfield/blocks/paragraph.html"
    )
    intertitle = blocks.CharBlock(
        label=_("Intertitre"), icon="title", template="streamfield/blocks/intertitle.html"
    )
    quote = QuoteBlock()
    picture = PictureBlock()
