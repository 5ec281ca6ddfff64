from .authors import Author
from .pages import ArticleCommune, ArticleCorrection, ArticlePage, ArticleTag, SectionPage
from .views import ArticleViewCount

__all__ = [
    "ArticleCommune",
    "ArticleCorrection",
    "ArticlePage",
    "ArticleTag",
    "ArticleViewCount",
    "Author",
    "SectionPage",
]
