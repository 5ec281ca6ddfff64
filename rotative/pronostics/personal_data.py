"""The reader's predictions and private leagues in « Mes données »."""


def pronostics_export(user) -> dict:
    from rotative.pronostics.models import LeagueMembership, Prediction

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
    }
