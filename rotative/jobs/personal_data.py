"""The offers an account posted, in « Mes données »."""


def jobs_export(user) -> list[dict]:
    from rotative.jobs.models import JobOffer

    return [
        {
            "intitulé": offer.title,
            "employeur": offer.employer.company_name,
            "contrat": offer.contract_label,
            "commune": str(offer.commune),
            "salaire": offer.salary_label,
            "description": offer.description,
            "profil": offer.profile,
            "lien_pour_postuler": offer.apply_url,
            "adresse_des_candidatures": offer.apply_email,
            "état": offer.get_status_display(),
            "vues": offer.views,
            "créée_le": offer.created_at.isoformat(),
        }
        for offer in JobOffer.objects.filter(posted_by=user).select_related("commune", "employer")
    ]
