"""The organiser's events in « Mes données »: the reader's own submissions."""


def agenda_export(user) -> list[dict]:
    from rotative.agenda.models import Event

    return [
        {
            "titre": event.title,
            "catégorie": event.get_category_display(),
            "description": event.description,
            "début": event.starts_at.isoformat(),
            "récurrence": event.recurrence,
            "lieu": str(event.venue),
            "statut": event.get_status_display(),
            "modération": event.get_moderation_display(),
            "créé_le": event.created_at.isoformat(),
        }
        for event in Event.objects.filter(organiser=user).select_related("venue__commune")
    ]
