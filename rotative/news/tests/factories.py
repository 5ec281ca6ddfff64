"""factory_boy factories for news pages; pages are created the way editors create them."""

import io
import json
from datetime import timedelta

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from rotative.core.models import CustomImage
from rotative.home.services import home_page_ensure
from rotative.news.models import ArticlePage, Author, SectionPage


def jpeg_bytes(width=800, height=450, colour=(30, 90, 160)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomImage

    title = factory.Sequence(lambda n: f"Image {n}")
    caption = "Le port de Granville au petit matin"
    credit = "Photo Rotative"
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(jpeg_bytes()), name=f"{o.title}.jpg".replace(" ", "-"))
    )


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Auteur {n}")
    role = "Journaliste"


class _PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under `parent` and publishes it, as the admin does."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, published_at=None, **kwargs):
        tags = kwargs.pop("tags", [])
        authors = kwargs.pop("authors", [])
        communes = kwargs.pop("communes", [])
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        if communes:  # child rows: the revision carries them to the live page
            from rotative.news.models import ArticleCommune

            page.article_communes = [ArticleCommune(commune=commune) for commune in communes]
        if tags:
            page.tags.add(*tags)
        if authors:
            page.authors.add(*authors)
        if publish:
            page.save_revision().publish()
            if published_at is not None:
                model_class.objects.filter(pk=page.pk).update(
                    first_published_at=published_at, last_published_at=published_at
                )
                page.refresh_from_db()
        else:
            page.save_revision()
        return page


class SectionPageFactory(_PageFactory):
    class Meta:
        model = SectionPage

    parent = factory.LazyFunction(home_page_ensure)
    title = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Toute l'actualité de la rubrique."


def body(*blocks) -> str:
    return json.dumps(list(blocks))


class ArticlePageFactory(_PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Article numéro {n} de la rédaction")
    slug = factory.Sequence(lambda n: f"article-{n}")
    chapo = "Un chapô qui résume l'essentiel de l'information en quelques lignes."
    body = factory.LazyFunction(
        lambda: body({"type": "paragraph", "value": "<p>Le premier paragraphe du récit.</p>"})
    )
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
