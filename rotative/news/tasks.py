from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Publish revisions whose time has come and unpublish expired pages (Wagtail's command)."""
    call_command("publish_scheduled")


@task()
def purge_article(article_id: int):
    from rotative.news import services
    from rotative.news.models import ArticlePage

    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is not None:
        services.article_purge(article=article)


@task()
def purge_banner():
    """An alert's end: the banner on every page changes."""
    from rotative.news import services

    services.banner_purge()
