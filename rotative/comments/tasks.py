from django_tasks import task


@task()
def notify_reply(comment_id: int):
    """Tell a reader that someone answered their comment."""
    from rotative.comments import notifications

    notifications.reply_notify(comment_id=comment_id)


@task()
def notify_rejection(comment_id: int):
    """Tell a reader why their comment was refused."""
    from rotative.comments import notifications

    notifications.rejection_notify(comment_id=comment_id)
