"""The reader's predictions, private leagues and reminders in « Mes données » (deleting the
account deletes them all: every row cascades from the user)."""


def pronostics_export(user) -> dict:
    from rotative.pronostics.models import (
        LeagueMembership,
        Prediction,
        ReminderPreference,
        ReminderSent,
    )

    preference = ReminderPreference.objects.filter(user=user).first()

    return {
        "pronostics": [
            {
                "match": str(prediction.match),
                "coup_d_envoi": prediction.match.kickoff.isoformat(),
                "pronostic": f"{prediction.home_goals}-{prediction.away_goals}",
                "points": prediction.points,
                "créé_le": prediction.created_at.isoformat(),
                "modifié_le": prediction.updated_at.isoformat(),
            }
            for prediction in Prediction.objects.filter(user=user)
            .select_related("match__home", "match__away")
            .order_by("match__kickoff", "pk")
        ],
        "ligues": [
            {
                "nom": membership.league.name,
                "créée_par_vous": membership.league.owner_id == user.pk,
                "membre_depuis": membership.joined_at.isoformat(),
            }
            for membership in LeagueMembership.objects.filter(user=user)
            .select_related("league")
            .order_by("joined_at", "pk")
        ],
        "rappels": {
            "par_e_mail": bool(preference and preference.by_email),
            "par_notification": bool(preference and preference.by_push),
            "modifié_le": preference.updated_at.isoformat() if preference else None,
        },
        "rappels_envoyés": [
            {
                "journée": str(sent.match_day),
                "compétition": str(sent.match_day.season),
                "envoyé_le": sent.sent_at.isoformat(),
                "matchs_à_pronostiquer": sent.matches,
                "par_e_mail": sent.by_email,
                "par_notification": sent.by_push,
            }
            for sent in ReminderSent.objects.filter(user=user)
            .select_related("match_day__season__competition")
            .order_by("sent_at", "pk")
        ],
    }
