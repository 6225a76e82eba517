"""Known spelling variants of names, legal forms and street words in EN/ES/FR.

One table serves both sides: the noise model (nadd/incidents/corrupt.py) writes these
variants, and the normaliser (nadd/link/normalise.py) maps them back to one key. Keys are
lower-case and unaccented. Small on purpose: common names in the three countries.
"""

from __future__ import annotations

import unicodedata

# canonical given name -> nicknames used for it
NICKNAMES: dict[str, list[str]] = {
    "william": ["bill", "will", "billy"], "robert": ["bob", "rob", "bobby"],
    "richard": ["rick", "dick", "rich"], "james": ["jim", "jimmy"], "john": ["jack", "johnny"],
    "michael": ["mike"], "elizabeth": ["liz", "beth", "betty"], "margaret": ["maggie", "peggy"],
    "jennifer": ["jen", "jenny"], "christopher": ["chris"], "thomas": ["tom", "tommy"],
    "joseph": ["joe"], "daniel": ["dan", "danny"], "anthony": ["tony"], "patricia": ["pat"],
    "katherine": ["kate", "kathy"], "charles": ["charlie", "chuck"], "edward": ["ed", "ted"],
    "francisco": ["paco", "pancho", "frank"], "jose": ["pepe", "chepe"], "jesus": ["chuy"],
    "guadalupe": ["lupe", "lupita"], "ignacio": ["nacho"], "enrique": ["quique"],
    "manuel": ["manolo"], "dolores": ["lola"], "concepcion": ["concha", "conchita"],
    "alejandro": ["alex"], "roberto": ["beto"], "alberto": ["beto"], "eduardo": ["lalo"],
    "rosario": ["chayo"], "refugio": ["cuca"], "antonio": ["toño", "tono"],
    "guillermo": ["memo"], "fernando": ["fer"], "francois": ["franck"], "frederic": ["fred"],
    "christophe": ["chris"], "jacqueline": ["jackie"], "dominique": ["dom"],
    "nathalie": ["nath"], "stephane": ["steph"], "isabelle": ["isa"],
}

# canonical form -> other romanisations / spellings of the same name
TRANSLITERATIONS: dict[str, list[str]] = {
    "mohammed": ["muhammad", "mohamed", "mohammad"], "ahmed": ["ahmad"],
    "alexander": ["aleksandr", "alexandre", "alejandro"], "sergei": ["sergey", "serguei"],
    "yuri": ["yury", "iouri"], "dmitri": ["dmitry", "dimitri"], "li": ["lee", "lei"],
    "zhang": ["chang", "cheung"], "chen": ["chan", "chin"], "wang": ["wong"], "liu": ["lau"],
    "huang": ["wong", "hwang"], "nguyen": ["nguyên"], "tran": ["trần"],
    "hussein": ["husain", "hussain"], "yusuf": ["youssef", "yousef"],
    "kowalski": ["kovalsky"], "tchaikovsky": ["chaikovsky"],
}

# legal form as the registry writes it -> how clerks write it ("" = dropped)
COMPANY_FORMS: dict[str, list[str]] = {
    "S.A. de C.V.": ["SA de CV", "S.A. DE C.V.", "SA DE CV", "S.A.", ""],
    "S. de R.L. de C.V.": ["S de RL de CV", "S. de R.L.", ""],
    "Inc.": ["Inc", "Incorporated", "INC", ""], "LLC": ["L.L.C.", "Llc", ""],
    "Ltd.": ["Ltd", "Limited", "LTD", ""], "Ltée": ["Ltee", "Limitée", "LTÉE", ""],
    "Corp.": ["Corp", "Corporation", ""], "Co.": ["Co", "Company", ""],
    "S.A.": ["SA", "S A", ""],
}

# street word (lower case) -> abbreviations written for it
ADDRESS_WORDS: dict[str, list[str]] = {
    "street": ["St", "St.", "Str"], "avenue": ["Ave", "Av.", "Av"], "road": ["Rd", "Rd."],
    "boulevard": ["Blvd", "Blvd.", "Boul."], "drive": ["Dr", "Dr."], "lane": ["Ln"], "court": ["Ct"],
    "north": ["N", "N."], "south": ["S", "S."], "east": ["E", "E."], "west": ["W", "W."],
    "suite": ["Ste", "#"], "apartment": ["Apt", "Apt."], "calle": ["C.", "Cll."],
    "avenida": ["Av.", "Ave.", "Avda."], "colonia": ["Col.", "Col"], "numero": ["No.", "#"],
    "número": ["No.", "Núm.", "#"], "carretera": ["Carr."], "privada": ["Priv."],
    "rue": ["r."], "chemin": ["ch."], "route": ["rte"],
    "rang": ["rg"], "appartement": ["app.", "apt"],
    # abbreviations as registries write them, expanded or re-abbreviated by clerks
    "st": ["Street", "St.", "Str"], "ave": ["Avenue", "Av."], "av.": ["Avenida", "Av", "Ave."],
    "blvd": ["Boulevard", "Blvd."], "blvd.": ["Bulevar", "Boulevard", "Blvr."], "dr": ["Drive"],
    "rd": ["Road"], "ln": ["Lane"], "col.": ["Colonia", "Col"],
}

# Words the normaliser reduces every variant of to one token.
ADDRESS_CANON: dict[str, str] = {}
for _word, _abbrevs in ADDRESS_WORDS.items():
    for _a in [_word, *_abbrevs]:
        ADDRESS_CANON.setdefault(_a.lower().rstrip("."), _word)
ADDRESS_CANON.update({"av": "avenue", "avenida": "avenue", "ave": "avenue", "avda": "avenue",
                      "str": "street", "bulevar": "boulevard", "blvr": "boulevard",
                      "no": "numero", "num": "numero", "numero": "numero", "#": "numero",
                      "boul": "boulevard", "blvd": "boulevard"})

NICKNAME_CANON: dict[str, str] = {n: c for c, ns in NICKNAMES.items() for n in ns}
TRANSLIT_CANON: dict[str, str] = {v: c for c, vs in TRANSLITERATIONS.items() for v in vs}

# Unaccented -> accented spellings a Spanish or French clerk "corrects" names to.
_ACCENTED = ["José", "María", "Ramón", "Jesús", "Hernández", "González", "Rodríguez",
             "Martínez", "López", "Pérez", "García", "Sánchez", "Ramírez", "Gómez", "Díaz",
             "Andrés", "Héctor", "Óscar", "Raúl", "Tomás", "André", "Hélène", "François",
             "Gérard", "Stéphane", "Frédéric", "Réjean", "Benoît", "Zoë", "Chloé"]


def _plain(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


ACCENT_ADD: dict[str, str] = {_plain(a).lower(): a for a in _ACCENTED}


def accent_variant(s: str) -> str:
    """``s`` with the accents a clerk would add ("Jose" -> "José"), else unchanged."""
    accented = ACCENT_ADD.get(s.lower())
    if accented is None:
        return s
    return accented.upper() if s.isupper() else accented


# QWERTY neighbours (the same on US, Canadian and Latin American keyboards for letters).
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
ADJACENT_KEYS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _c in enumerate(_row):
        _near = [_row[j] for j in (_i - 1, _i + 1) if 0 <= j < len(_row)]
        for _rr in (_r - 1, _r + 1):
            if 0 <= _rr < len(_ROWS):
                _near += [_ROWS[_rr][j] for j in (_i - 1, _i, _i + 1) if 0 <= j < len(_ROWS[_rr])]
        ADJACENT_KEYS[_c] = "".join(_near)
