from datetime import timedelta

from django_tasks import task

POLL_EVERY = timedelta(seconds=30)  # declared in apps.py as a recurring job


@task()
def wire_poll():
    """Run every source that is due (each source keeps its own interval)."""
    from rotative.wire import services

    for source in services.wire_sources_due():
        services.wire_source_run(source=source)
