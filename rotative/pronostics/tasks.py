from datetime import timedelta

from django_tasks import task

REMINDERS_EVERY = timedelta(minutes=15)  # declared in apps.py as a recurring job
SCORES_CATCH_UP_EVERY = timedelta(minutes=5)  # the same


@task()
def pronostics_reminders_send():
    """Readers who asked for it are reminded of the matches they have not predicted."""
    from rotative.pronostics import services

    services.reminders_send()


@task()
def pronostics_match_score(match_id: int):
    """A result recorded, corrected or annulled: its predictions and leaderboards scored."""
    from rotative.pronostics import services
    from rotative.pronostics.models import Match

    match = Match.objects.filter(pk=match_id).first()
    if match is not None:  # deleted since: nothing left to score
        services.match_score(match=match)


@task()
def pronostics_scores_catch_up():
    """The matches whose scoring task was lost (a worker stopped) are scored; declared in
    apps.py as a recurring job."""
    from rotative.pronostics import services

    services.scores_catch_up()
