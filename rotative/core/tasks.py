from django_tasks import task


@task()
def front_cache_purge(cache_url: str, urls: list[str]):
    """A purge the web process could not send at once (front_cache.urls_purge)."""
    from rotative.core import front_cache

    front_cache.urls_purge_retry(cache_url=cache_url, urls=urls)
