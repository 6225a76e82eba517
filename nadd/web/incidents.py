"""Pages for incidents, cases (network graph) and flows (Sankey): shells over /api/v1.

As on every page, the data comes from the API with the reader's own session, so what a reader
sees of incidents, cases and flows is what the access rule released to them. The texts the
scripts write are marked here (``N_``) and translated with the rest of the catalogue.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from nadd.web._i18n import LANG_COOKIE, N_, choose_lang, gettext
from nadd.web._jsmessages import js_messages

router = APIRouter(include_in_schema=False)

MESSAGES = {
    "inc_none": N_("No incidents visible to you for this selection."),
    "inc_none_public": N_("No incidents are released to the public. Sign in to see those released to your agency."),
    "inc_id": N_("Incident"),
    "inc_kind": N_("Kind"),
    "inc_mode": N_("Mode"),
    "inc_date": N_("Date"),
    "inc_route": N_("Route"),
    "inc_owner": N_("Owner"),
    "inc_sharing": N_("Sharing"),
    "inc_tracking": N_("Tracking number"),
    "inc_concealment": N_("Concealment"),
    "inc_office": N_("Office"),
    "inc_description": N_("Description"),
    "inc_case": N_("Case"),
    "inc_no_case": N_("Not linked to other incidents you may see."),
    "page_of": N_("Page {page} of {pages} ({total} incidents)"),
    "prev": N_("Previous"),
    "next": N_("Next"),
    "items": N_("Items"),
    "firearms": N_("Firearms"),
    "transactions": N_("Transactions"),
    "parties": N_("Parties"),
    "quantity": N_("Quantity"),
    "purity": N_("Purity (%)"),
    "name": N_("Name"),
    "role": N_("Role"),
    "party_kind": N_("Person or company"),
    "country": N_("Country"),
    "amount": N_("Amount"),
    "channel": N_("Channel"),
    "make_model": N_("Make and model"),
    "calibre": N_("Calibre"),
    "source_country": N_("Source"),
    "ttc": N_("Time to crime (days)"),
    "none": N_("None."),
    "cases_none": N_("No cases among the incidents visible to you."),
    "case_incidents": N_("Incidents"),
    "case_parties": N_("Parties"),
    "countries": N_("Countries"),
    "modes": N_("Modes"),
    "substances": N_("Substances"),
    "first": N_("First"),
    "last": N_("Last"),
    "linked_by": N_("Linked by"),
    "rank": N_("Rank"),
    "ties": N_("Ties"),
    "betweenness": N_("Betweenness"),
    "eigenvector": N_("Eigenvector"),
    "reason": N_("Why"),
    "node_party": N_("Party"),
    "node_tracking": N_("Tracking number"),
    "node_account": N_("Account or wallet"),
    "node_phone": N_("Phone"),
    "chain_precursor": N_("Precursor shipment"),
    "chain_drug": N_("Drug seizure"),
    "flows_none": N_("No routes among the incidents visible to you for this selection."),
    "origin": N_("Origin"),
    "transit": N_("Transit"),
    "destination": N_("Destination"),
    "kg": N_("Kilograms"),
    "postal": N_("Postal and express"),
    "other_modes": N_("Other modes"),
    "synthetic_banner": N_("SYNTHETIC DATA: generated for demonstration, not real incidents or people."),
}
PAGES = (("/incidents", "incidents"), ("/cases", "cases"), ("/flows", "flows"))


def _messages(lang: str) -> dict[str, str]:
    return {**js_messages(lang), **{k: gettext(v, lang) for k, v in MESSAGES.items()}}


def _page(request: Request, template: str, sub: str, **boot) -> HTMLResponse:
    from nadd.web.pages import render

    lang = choose_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                       request.headers.get("accept-language"))
    return render(request, template, "incidents", sub=sub, subpages=PAGES,
                  boot={"msgs": _messages(lang), **boot}, **boot)


@router.get("/incidents", response_class=HTMLResponse)
def incidents(request: Request):
    return _page(request, "incidents.html", "incidents")


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident(request: Request, incident_id: str):
    return _page(request, "incident.html", "incidents", incident_id=incident_id)


@router.get("/cases", response_class=HTMLResponse)
def cases(request: Request):
    return _page(request, "cases.html", "cases")


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case(request: Request, case_id: str):
    return _page(request, "case.html", "cases", case_id=case_id)


@router.get("/flows", response_class=HTMLResponse)
def flows(request: Request):
    return _page(request, "flows.html", "flows")
