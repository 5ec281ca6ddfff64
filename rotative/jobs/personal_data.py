"""The offers an account posted and the applications it sent, in « Mes données »."""


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


def applications_export(user) -> list[dict]:
    """The applications the reader sent through the site's form: what they wrote, and that a
    CV goes with each (its bytes stay with the employer until deleted, six months on)."""
    from datetime import timedelta

    from rotative.jobs.models import APPLICATION_KEPT_DAYS, JobApplication

    return [
        {
            "offre": application.offer.title,
            "employeur": application.offer.employer.company_name,
            "nom": application.name,
            "adresse_e_mail": application.email,
            "message": application.message,
            "cv": f"PDF, {application.cv_size} octets",
            "envoyée_le": application.created_at.isoformat(),
            "lue_par_l_employeur_le": application.seen_at.isoformat()
            if application.seen_at
            else None,
            "supprimée_le": (
                application.created_at + timedelta(days=APPLICATION_KEPT_DAYS)
            ).isoformat(),
        }
        for application in JobApplication.objects.filter(candidate=user)
        .select_related("offer__employer")
        .order_by("created_at", "pk")
    ]
