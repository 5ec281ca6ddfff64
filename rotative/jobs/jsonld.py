"""schema.org JobPosting for an offer page: the properties Google's job search requires
(title, description, datePosted, validThrough, hiringOrganization, jobLocation) and those it
recommends (employmentType, baseSalary, identifier, jobLocationType for full remote).

An offer « selon profil » has no figure to give: baseSalary is left out rather than invented
(Google recommends it, does not require it)."""

from django.utils.html import escape, linebreaks

from rotative.jobs.models import Contract, JobOffer, Remote, SalaryPeriod, WorkingTime

REQUIRED = ("title", "description", "datePosted", "validThrough", "hiringOrganization")

EMPLOYMENT = {
    Contract.CDI: [],
    Contract.CDD: ["TEMPORARY"],
    Contract.INTERIM: ["TEMPORARY"],
    Contract.ALTERNANCE: ["INTERN"],
    Contract.STAGE: ["INTERN"],
    Contract.SAISONNIER: ["TEMPORARY", "PER_DIEM"],
    Contract.FREELANCE: ["CONTRACTOR"],
}
UNIT = {SalaryPeriod.MONTH: "MONTH", SalaryPeriod.YEAR: "YEAR"}


def employment_type(offer: JobOffer) -> list[str]:
    hours = "FULL_TIME" if offer.working_time == WorkingTime.FULL else "PART_TIME"
    kinds = list(EMPLOYMENT.get(offer.contract, []))
    return kinds if offer.contract == Contract.FREELANCE else [hours, *kinds]


def offer_jsonld(*, offer: JobOffer, url: str) -> dict:
    commune = offer.commune
    # HTML is what Google reads in a posting's description: the employer's plain text,
    # escaped, with its paragraphs.
    description = (
        linebreaks(escape(offer.description))
        + "<h2>Profil recherché</h2>"
        + linebreaks(escape(offer.profile))
    )
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description,
        "datePosted": offer.published_at.date().isoformat() if offer.published_at else None,
        "validThrough": offer.expires_at.isoformat() if offer.expires_at else None,
        "employmentType": employment_type(offer),
        "hiringOrganization": {"@type": "Organization", "name": offer.employer.company_name},
        "identifier": {
            "@type": "PropertyValue",
            "name": offer.employer.company_name,
            "value": str(offer.pk),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": commune.name,
                "postalCode": commune.postal_code,
                "addressCountry": "FR",
            },
        },
        "url": url,
        "directApply": False,
    }
    if offer.latitude is not None:
        data["jobLocation"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(offer.latitude, 5),
            "longitude": round(offer.longitude, 5),
        }
    if offer.remote == Remote.FULL:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "FR"}
    if not offer.salary_on_profile and (offer.salary_min or offer.salary_max):
        value = {"@type": "QuantitativeValue", "unitText": UNIT[offer.salary_period]}
        if offer.salary_min and offer.salary_max and offer.salary_min != offer.salary_max:
            value.update(minValue=offer.salary_min, maxValue=offer.salary_max)
        else:
            value["value"] = offer.salary_max or offer.salary_min
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return data
