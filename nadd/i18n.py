"""User-facing text in English, Spanish and French.

A small message table for the CLI; the web app (later) moves these into gettext catalogues.
Every key must exist in all three languages (tests/test_i18n.py checks).
"""

from __future__ import annotations

LANGS = ("en", "es", "fr")

MESSAGES: dict[str, dict[str, str]] = {
    "summary.title": {
        "en": "Trilateral summary: latest comparable figures per country",
        "es": "Resumen trilateral: cifras comparables más recientes por país",
        "fr": "Sommaire trilatéral : derniers chiffres comparables par pays",
    },
    "col.measure": {"en": "Measure", "es": "Medida", "fr": "Mesure"},
    "col.country": {"en": "Country", "es": "País", "fr": "Pays"},
    "col.period": {"en": "Period", "es": "Periodo", "fr": "Période"},
    "col.value": {"en": "Value", "es": "Valor", "fr": "Valeur"},
    "col.rate": {"en": "Rate per 100,000", "es": "Tasa por 100 000", "fr": "Taux pour 100 000"},
    "col.source": {"en": "Source", "es": "Fuente", "fr": "Source"},
    "col.note": {"en": "Note", "es": "Nota", "fr": "Note"},
    "gap": {
        "en": "data gap: no source loaded for this measure",
        "es": "vacío de datos: no hay fuente cargada para esta medida",
        "fr": "lacune : aucune source chargée pour cette mesure",
    },
    "rate.published": {"en": "rate as published", "es": "tasa publicada", "fr": "taux publié"},
    "rate.computed": {
        "en": "rate computed with population {year} ({source})",
        "es": "tasa calculada con la población {year} ({source})",
        "fr": "taux calculé avec la population {year} ({source})",
    },
    "rate.none": {
        "en": "no population for {year}: rate not computed",
        "es": "sin población para {year}: tasa no calculada",
        "fr": "pas de population pour {year} : taux non calculé",
    },
    "share_of_opioid_deaths": {
        "en": "share of opioid deaths involving fentanyl (published as a percentage)",
        "es": "proporción de muertes por opioides con fentanilo (publicada como porcentaje)",
        "fr": "part des décès liés aux opioïdes impliquant le fentanyl (publiée en pourcentage)",
    },
    "provisional": {"en": "provisional", "es": "provisional", "fr": "provisoire"},
    "rolling": {
        "en": "12 months ending {month}",
        "es": "12 meses hasta {month}",
        "fr": "12 mois se terminant en {month}",
    },
    "measure.opioid_deaths": {
        "en": "Opioid-related deaths", "es": "Muertes relacionadas con opioides",
        "fr": "Décès liés aux opioïdes",
    },
    "measure.synthetic_opioid_deaths": {
        "en": "Fentanyl / synthetic opioid deaths",
        "es": "Muertes por fentanilo / opioides sintéticos",
        "fr": "Décès liés au fentanyl / opioïdes de synthèse",
    },
    "measure.stimulant_deaths": {
        "en": "Stimulant-related deaths", "es": "Muertes relacionadas con estimulantes",
        "fr": "Décès liés aux stimulants",
    },
    "measure.all_drug_deaths": {
        "en": "All drug overdose deaths", "es": "Muertes por sobredosis (todas las drogas)",
        "fr": "Décès par surdose (toutes drogues)",
    },
    "measure.fentanyl_seized": {
        "en": "Fentanyl seized", "es": "Fentanilo asegurado", "fr": "Fentanyl saisi",
    },
    "measure.drug_crime": {
        "en": "Drug-crime incidents (retail dealing)", "es": "Delitos de narcomenudeo",
        "fr": "Infractions liées à la drogue (trafic de détail)",
    },
    "country.US": {"en": "United States", "es": "Estados Unidos", "fr": "États-Unis"},
    "country.CA": {"en": "Canada", "es": "Canadá", "fr": "Canada"},
    "country.MX": {"en": "Mexico", "es": "México", "fr": "Mexique"},
}


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The message ``key`` in ``lang`` (falls back to English), formatted with ``fmt``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text
