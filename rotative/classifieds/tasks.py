from django_tasks import task


@task()
def notify_message(message_id: int):
    """Tell the other party of a conversation that they have a message."""
    from rotative.classifieds import messaging

    messaging.message_notify(message_id=message_id)
