from .authors import Author
from .pages import ArticleCorrection, ArticlePage, ArticleTag, SectionPage
from .views import ArticleViewCount

__all__ = [
    "ArticleCorrection",
    "ArticlePage",
    "ArticleTag",
    "ArticleViewCount",
    "Author",
    "SectionPage",
]
