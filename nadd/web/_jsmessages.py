"""Text that the page scripts write, translated server-side and handed over as boot JSON.

Keys are what the scripts ask for (``NADD.t("loading")``); values are the English msgids in the
gettext catalogues, so one translation workflow covers templates and scripts alike.
"""

from __future__ import annotations

from functools import cache

from nadd.web._i18n import N_, gettext

MESSAGES = {
    "loading": N_("Loading…"),
    "error": N_("Something went wrong"),
    "no_data": N_("No data for this selection."),
    "gap": N_("Data gap: no source loaded for this measure"),
    "value": N_("Value"),
    "upper_bound": N_("Upper bound (detection threshold)"),
    "alarm": N_("Alarm"),
    "period": N_("Period"),
    "jurisdiction": N_("Jurisdiction"),
    "substance": N_("Substance"),
    "indicator": N_("Indicator"),
    "all_substances": N_("All substances"),
    "source": N_("Source"),
    "status": N_("Status"),
    "severity": N_("Severity"),
    "method": N_("Method"),
    "raised": N_("Raised"),
    "observed": N_("Observed"),
    "notices": N_("Neighbour notices"),
    "no_alerts": N_("No alerts visible to you."),
    "review_done": N_("Review saved."),
    "review_login": N_("Sign in as an analyst to review this alert."),
    "not_found": N_("Not found."),
    "publisher": N_("Publisher"),
    "licence": N_("Licence"),
    "provenance": N_("Provenance"),
    "synthetic": N_("Synthetic"),
    "synthetic_label": N_("synthetic data, for demonstration only"),
    "real": N_("Published data"),
    "verdict": N_("Verdict"),
    "provision": N_("Provision"),
    "rule": N_("Rule"),
    "verdict_controlled": N_("Controlled"),
    "verdict_not_listed": N_("Not listed"),
    "verdict_possible_analogue": N_("Possibly covered as an analogue"),
    "verdict_uncertain": N_("Uncertain: check with a lawyer"),
    "schedule": N_("Schedule"),
    "similar_listed": N_("Closest listed substances"),
    "un": N_("UN conventions"),
    "unavailable": N_("This service is not available yet."),
    # headlines of API errors, by the error's code; the server's detail follows in English
    "err_not_found": N_("Not found."),
    "err_unauthorized": N_("Please sign in to see this."),
    "err_forbidden": N_("Your role or organisation does not give access to this."),
    "err_csrf_failed": N_("Your session token is out of date: reload the page and try again."),
    "err_validation_failed": N_("Some values could not be read."),
    "err_error": N_("The request could not be completed."),
    "err_structure_error": N_("This structure or name could not be read."),
    "err_period_error": N_("This period could not be read."),
    "err_store_error": N_("The data store failed; the error has been logged."),
    "err_detail": N_("Details (English)"),
    "restricted": N_("includes restricted records"),
    "suppressed": N_("suppressed (small count)"),
    "no_value": N_("no value"),
    "login_failed": N_("Wrong user name or password."),
    "legend_low": N_("low"),
    "legend_high": N_("high"),
    "rate": N_("Rate per 100,000"),
    "note": N_("Note"),
    "country_US": N_("United States"),
    "country_CA": N_("Canada"),
    "country_MX": N_("Mexico"),
    "country_NL": N_("Netherlands"),
    "who": N_("Reviewed by"),
    "why": N_("Why"),
    "reviewed": N_("Reviewed"),
    "vintage": N_("Vintage"),
    "sev_high": N_("high"),
    "sev_medium": N_("medium"),
    "sev_low": N_("low"),
    "obs_reported": N_("reported"),
    "obs_provisional": N_("provisional"),
    "obs_predicted": N_("predicted"),
    "obs_estimated": N_("estimated"),
    "obs_suppressed": N_("suppressed"),
    "obs_not_available": N_("not available"),
    "st_new": N_("new"),
    "st_under_review": N_("under review"),
    "st_confirmed": N_("confirmed"),
    "st_dismissed": N_("dismissed"),
}


@cache
def js_messages(lang: str) -> dict[str, str]:
    return {k: gettext(v, lang) for k, v in MESSAGES.items()}
