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
    # detection and alerts (nadd/cli/detect.py, nadd/cli/alerts.py)
    "detect.runs.title": {
        "en": "Detection runs", "es": "Ejecuciones de detección", "fr": "Exécutions de détection",
    },
    "detect.plans.title": {
        "en": "Detection plans", "es": "Planes de detección", "fr": "Plans de détection",
    },
    "detect.already": {
        "en": "already run on this data", "es": "ya ejecutado con estos datos",
        "fr": "déjà exécuté sur ces données",
    },
    "detect.wrote": {
        "en": "wrote {rows} rows ({alarms} alarms) to {out}",
        "es": "se escribieron {rows} filas ({alarms} alarmas) en {out}",
        "fr": "{rows} lignes ({alarms} alarmes) écrites dans {out}",
    },
    "col.plan": {"en": "Plan", "es": "Plan", "fr": "Plan"},
    "col.run": {"en": "Run", "es": "Ejecución", "fr": "Exécution"},
    "col.vintage": {"en": "Data vintage", "es": "Versión de datos", "fr": "Millésime des données"},
    "col.series": {"en": "Series", "es": "Series", "fr": "Séries"},
    "col.refused": {"en": "Refused", "es": "Rechazadas", "fr": "Refusées"},
    "col.alarms": {"en": "Alarms", "es": "Alarmas", "fr": "Alarmes"},
    "col.alerts": {"en": "Alerts", "es": "Alertas", "fr": "Alertes"},
    "col.methods": {"en": "Methods", "es": "Métodos", "fr": "Méthodes"},
    "col.data": {"en": "Data", "es": "Datos", "fr": "Données"},
    "col.alert": {"en": "Alert", "es": "Alerta", "fr": "Alerte"},
    "col.severity": {"en": "Severity", "es": "Gravedad", "fr": "Gravité"},
    "col.status": {"en": "Status", "es": "Estado", "fr": "Statut"},
    "col.jurisdiction": {"en": "Jurisdiction", "es": "Jurisdicción", "fr": "Juridiction"},
    "col.indicator": {"en": "Indicator", "es": "Indicador", "fr": "Indicateur"},
    "col.substance": {"en": "Substance", "es": "Sustancia", "fr": "Substance"},
    "col.method": {"en": "Method", "es": "Método", "fr": "Méthode"},
    "col.ratio": {"en": "Observed / threshold", "es": "Observado / umbral", "fr": "Observé / seuil"},
    "col.role": {"en": "Role", "es": "Papel", "fr": "Rôle"},
    "col.file": {"en": "Source file", "es": "Archivo de origen", "fr": "Fichier source"},
    "col.row": {"en": "Row", "es": "Fila", "fr": "Ligne"},
    "col.neighbour": {"en": "Neighbour", "es": "Vecino", "fr": "Voisin"},
    "col.border": {"en": "Border", "es": "Frontera", "fr": "Frontière"},
    "alerts.title": {"en": "Alerts", "es": "Alertas", "fr": "Alertes"},
    "alerts.none": {
        "en": "no alerts", "es": "sin alertas", "fr": "aucune alerte",
    },
    "alerts.line_list": {
        "en": "Line list: the observations behind the alert",
        "es": "Lista de casos: las observaciones detrás de la alerta",
        "fr": "Liste descriptive : les observations derrière l'alerte",
    },
    "alerts.records": {
        "en": "Records behind the alert ({source})",
        "es": "Registros detrás de la alerta ({source})",
        "fr": "Enregistrements derrière l'alerte ({source})",
    },
    "alerts.notices": {
        "en": "Cross-border neighbour notices", "es": "Avisos a vecinos transfronterizos",
        "fr": "Avis aux voisins transfrontaliers",
    },
    "alerts.reviews": {"en": "Reviews", "es": "Revisiones", "fr": "Examens"},
    "alerts.reviewed": {
        "en": "alert {id}: {old} -> {new}", "es": "alerta {id}: {old} -> {new}",
        "fr": "alerte {id} : {old} -> {new}",
    },
    "severity.low": {"en": "low", "es": "baja", "fr": "faible"},
    "severity.medium": {"en": "medium", "es": "media", "fr": "moyenne"},
    "severity.high": {"en": "high", "es": "alta", "fr": "élevée"},
    "status.new": {"en": "new", "es": "nueva", "fr": "nouvelle"},
    "status.under_review": {"en": "under review", "es": "en revisión", "fr": "en cours d'examen"},
    "status.confirmed": {"en": "confirmed", "es": "confirmada", "fr": "confirmée"},
    "status.dismissed": {"en": "dismissed", "es": "descartada", "fr": "écartée"},
    # back-tests (nadd/cli/backtest.py)
    "backtest.emergence.title": {
        "en": "Back-test (a): known emergences in NFLIS, replayed with as-of data",
        "es": "Prueba retrospectiva (a): emergencias conocidas en NFLIS, con datos de cada versión",
        "fr": "Test rétrospectif (a) : émergences connues dans NFLIS, rejouées avec les données "
              "de chaque version",
    },
    "backtest.injection.title": {
        "en": "Back-test (b): outbreaks injected into real baselines",
        "es": "Prueba retrospectiva (b): brotes inyectados en series reales",
        "fr": "Test rétrospectif (b) : flambées injectées dans des séries réelles",
    },
    "backtest.wrote": {"en": "wrote {out}", "es": "se escribió {out}", "fr": "{out} écrit"},
    "backtest.plot.title": {
        "en": "Back-test of the detection methods", "es": "Prueba retrospectiva de los métodos "
        "de detección", "fr": "Test rétrospectif des méthodes de détection",
    },
    "backtest.plot.emergence": {
        "en": "{event}: first alarm of each method", "es": "{event}: primera alarma de cada "
        "método", "fr": "{event} : première alarme de chaque méthode",
    },
    "backtest.plot.reports": {
        "en": "NFLIS lab reports per half-year", "es": "Informes de laboratorio NFLIS por "
        "semestre", "fr": "Rapports de laboratoire NFLIS par semestre",
    },
    "backtest.plot.onset": {"en": "onset", "es": "inicio", "fr": "début"},
    "backtest.col.case": {"en": "Case", "es": "Caso", "fr": "Cas"},
    "backtest.col.method": {"en": "Method", "es": "Método", "fr": "Méthode"},
    "backtest.col.period_type": {"en": "Periods", "es": "Periodos", "fr": "Périodes"},
    "backtest.col.onset": {"en": "Onset", "es": "Inicio", "fr": "Début"},
    "backtest.col.first_alarm": {"en": "First alarm", "es": "Primera alarma",
                                 "fr": "Première alarme"},
    "backtest.col.time_to_detection": {
        "en": "Time to detection (periods)", "es": "Tiempo hasta la detección (periodos)",
        "fr": "Délai de détection (périodes)",
    },
    "backtest.col.false_alarms": {"en": "False alarms", "es": "Falsas alarmas",
                                  "fr": "Fausses alarmes"},
    "backtest.col.outbreaks": {"en": "Outbreaks", "es": "Brotes", "fr": "Flambées"},
    "backtest.col.sensitivity": {"en": "Sensitivity", "es": "Sensibilidad", "fr": "Sensibilité"},
    "backtest.col.false_alarms_per_year": {
        "en": "False alarms per year", "es": "Falsas alarmas por año",
        "fr": "Fausses alarmes par an",
    },
    "backtest.col.median_delay": {
        "en": "Median delay (periods)", "es": "Retraso mediano (periodos)",
        "fr": "Délai médian (périodes)",
    },
    "backtest.col.status": {"en": "Status", "es": "Estado", "fr": "Statut"},
}


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The message ``key`` in ``lang`` (falls back to English), formatted with ``fmt``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**fmt) if fmt else text
