from django.db import models


class ArticleViewCount(models.Model):
    """Page views of one article in one hour; no cookie, no visitor identity."""

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="view_counts"
    )
    hour = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="news_view_count_unique_hour")
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}h: {self.count}"
