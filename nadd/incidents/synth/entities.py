"""True identities the generator draws: persons and companies of CA, MX, US, CN and IN.

Names come from small pools per country and language (accents kept: the noise model of
nadd.incidents.corrupt decides what an agency drops); addresses follow each country's format;
phones are E.164. Everything is drawn from the ``rng`` given, so a seed fixes every identity.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

GIVEN = {
    "US": ["James", "Michael", "Robert", "John", "David", "William", "Richard", "Joseph", "Thomas",
           "Christopher", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan",
           "Jessica", "Sarah", "Karen", "Brandon", "Tyler", "Ashley", "Amanda", "Kevin", "Brian",
           "Jose", "Luis", "Carlos", "Maria", "Ana", "Jamal", "DeShawn", "Keisha", "Nguyen", "Wei"],
    "CA_en": ["Liam", "Noah", "Ethan", "Lucas", "Benjamin", "Olivia", "Emma", "Charlotte", "Amelia",
              "Ava", "Jacob", "Logan", "Owen", "Chloe", "Hannah", "Gurpreet", "Harpreet", "Jaspreet"],
    "CA_fr": ["Jean", "François", "Étienne", "Mathieu", "Sébastien", "Frédéric", "Geneviève",
              "Mélanie", "Isabelle", "Émilie", "Stéphanie", "Amélie", "Hélène", "Josée", "Rémi"],
    "MX": ["José", "Juan", "Luis", "Jesús", "Miguel Ángel", "Francisco", "Alejandro", "Héctor",
           "Ramón", "Óscar", "Joaquín", "Ismael", "Rafael", "Iván", "Ovidio", "María", "Guadalupe",
           "Verónica", "Rocío", "Sofía", "Ximena", "Martín", "Julián", "Andrés", "José Luis",
           "María José", "Ana Lucía", "Raúl", "Sergio", "Nemesio"],
    "CN": ["Wei", "Fang", "Lei", "Jun", "Yan", "Jing", "Xiaoming", "Hui", "Qiang", "Li", "Ming",
           "Zhen", "Xin", "Hao", "Yong"],
    "IN": ["Rahul", "Amit", "Sanjay", "Priya", "Anil", "Vikram", "Deepak", "Sunita", "Rajesh", "Neha"],
}
FAMILY = {
    "US": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
           "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
           "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
           "García", "Rodríguez", "Martínez", "Hernández", "López", "Nguyen", "Kim", "Patel", "O'Brien"],
    "CA_en": ["Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Taylor",
              "Campbell", "Anderson", "Singh", "Li", "Wong", "Gill", "Sandhu", "MacLeod", "O'Neil"],
    "CA_fr": ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
              "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Paré"],
    "MX": ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
           "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz",
           "Torres", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Castillo", "Guzmán",
           "Zambada", "Núñez", "Beltrán", "Caro", "Quintero", "Ávila", "Domínguez", "Ibáñez"],
    "CN": ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
           "Ma", "Zhu", "Hu"],
    "IN": ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Shah", "Mehta", "Reddy", "Rao", "Iyer"],
}

# (region ISO 3166-2, city, postcode pattern, phone prefix) -- # digit, A letter
PLACES = {
    "US": [("US-CA", "Los Angeles", "900##", "+1213"), ("US-CA", "San Diego", "921##", "+1619"),
           ("US-AZ", "Phoenix", "850##", "+1602"), ("US-AZ", "Tucson", "857##", "+1520"),
           ("US-TX", "Houston", "770##", "+1713"), ("US-TX", "El Paso", "799##", "+1915"),
           ("US-TX", "Laredo", "780##", "+1956"), ("US-IL", "Chicago", "606##", "+1312"),
           ("US-NY", "New York", "100##", "+1212"), ("US-FL", "Miami", "331##", "+1305"),
           ("US-GA", "Atlanta", "303##", "+1404"), ("US-WA", "Seattle", "981##", "+1206"),
           ("US-OH", "Columbus", "432##", "+1614"), ("US-PA", "Philadelphia", "191##", "+1215"),
           ("US-MA", "Boston", "021##", "+1617"), ("US-CO", "Denver", "802##", "+1303"),
           ("US-NM", "Albuquerque", "871##", "+1505"), ("US-NV", "Las Vegas", "891##", "+1702")],
    "CA": [("CA-BC", "Vancouver", "V5K #A#", "+1604"), ("CA-BC", "Surrey", "V3T #A#", "+1778"),
           ("CA-ON", "Toronto", "M5V #A#", "+1416"), ("CA-ON", "Brampton", "L6T #A#", "+1905"),
           ("CA-QC", "Montréal", "H2X #A#", "+1514"), ("CA-QC", "Laval", "H7N #A#", "+1450"),
           ("CA-AB", "Calgary", "T2P #A#", "+1403"), ("CA-AB", "Edmonton", "T5J #A#", "+1780"),
           ("CA-MB", "Winnipeg", "R3C #A#", "+1204")],
    "MX": [("MX-SIN", "Culiacán", "800##", "+52667"), ("MX-SIN", "Mazatlán", "820##", "+52669"),
           ("MX-JAL", "Guadalajara", "441##", "+5233"), ("MX-BCN", "Tijuana", "220##", "+52664"),
           ("MX-BCN", "Mexicali", "210##", "+52686"), ("MX-SON", "Nogales", "840##", "+52631"),
           ("MX-SON", "Hermosillo", "830##", "+52662"), ("MX-CHH", "Ciudad Juárez", "323##", "+52656"),
           ("MX-TAM", "Nuevo Laredo", "880##", "+52867"), ("MX-TAM", "Reynosa", "887##", "+52899"),
           ("MX-CMX", "Ciudad de México", "06###", "+5255"), ("MX-MIC", "Lázaro Cárdenas", "609##", "+52753"),
           ("MX-COL", "Manzanillo", "282##", "+52314"), ("MX-NLE", "Monterrey", "640##", "+5281"),
           ("MX-GRO", "Acapulco", "393##", "+52744")],
    "CN": [("CN-GD", "Shenzhen", "518###", "+86755"), ("CN-GD", "Guangzhou", "510###", "+8620"),
           ("CN-HB", "Wuhan", "430###", "+8627"), ("CN-SH", "Shanghai", "200###", "+8621"),
           ("CN-HE", "Shijiazhuang", "050###", "+86311")],
    "IN": [("IN-MH", "Mumbai", "400###", "+9122"), ("IN-TG", "Hyderabad", "500###", "+9140"),
           ("IN-GJ", "Ahmedabad", "380###", "+9179")],
}
STREETS = {
    "US": ["Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Park Ave", "Elm St", "Sunset Blvd",
           "Lake Rd", "Cedar Ln", "Broadway"],
    "CA_en": ["King Street West", "Yonge Street", "Main Street", "Kingsway", "Granville Street",
              "Dundas Street", "Fraser Highway"],
    "CA_fr": ["rue Saint-Denis", "boulevard René-Lévesque", "rue Sherbrooke Est", "avenue du Parc",
              "rue Notre-Dame Ouest", "chemin de la Côte-des-Neiges"],
    "MX": ["Calle Benito Juárez", "Av. Insurgentes Sur", "Calle Morelos", "Blvd. Agua Caliente",
           "Calle Hidalgo", "Av. Revolución", "Calle 5 de Mayo", "Av. Álvaro Obregón",
           "Calle Niños Héroes", "Blvd. Emiliano Zapata"],
    "CN": ["Shennan Road", "Huaqiang North Road", "Jiefang Avenue", "Nanjing Road", "Zhongshan Road"],
    "IN": ["MG Road", "Link Road", "SV Road", "Station Road"],
}
COMPANY_WORDS = {
    "CN": (["Hubei", "Shenzhen", "Wuhan", "Hebei", "Guangzhou", "Shanghai", "Zhejiang", "Jiangsu"],
           ["Yuancheng", "Huayang", "Kaimeng", "Xinyuan", "Jinfeng", "Longxiang", "Tianrun", "Ruisheng"],
           ["Biotech Co., Ltd.", "Chemical Co., Ltd.", "Pharmaceutical Technology Co., Ltd.",
            "Trading Co., Ltd.", "Machinery Co., Ltd.", "Logistics Co., Ltd."]),
    "IN": (["Sai", "Shree", "Om", "Global", "Vardhman"], ["Chem", "Pharma", "Life Sciences", "Organics"],
           ["Pvt. Ltd.", "Industries Ltd.", "Exports Pvt. Ltd."]),
    "MX": (["Comercializadora", "Importadora", "Distribuidora", "Servicios", "Grupo"],
           ["del Pacífico", "Química Azteca", "Norteña", "Jalisciense", "Industrial del Bajío", "Sinaloense",
            "Logística Fronteriza", "Agroquímicos del Valle"],
           ["S.A. de C.V.", "S. de R.L. de C.V.", "S.A.P.I. de C.V."]),
    "US": (["Pacific", "Lone Star", "Desert", "Great Lakes", "Atlantic", "Golden State"],
           ["Trading", "Logistics", "Wholesale", "Auto Parts", "Supply", "Import Export"],
           ["LLC", "Inc.", "Corp."]),
    "CA": (["Maple", "Northern", "Pacific Rim", "Laurentian", "Prairie"],
           ["Trading", "Import", "Distribution", "Supplies"], ["Ltd.", "Inc.", "Ltée"]),
}
EMAIL_DOMAINS = {"US": ["gmail.com", "yahoo.com", "outlook.com"], "CA": ["gmail.com", "hotmail.ca",
                 "videotron.ca"], "MX": ["gmail.com", "hotmail.com", "prodigy.net.mx"],
                 "CN": ["163.com", "qq.com", "126.com"], "IN": ["gmail.com", "rediffmail.com"]}


def _pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(len(seq)))]


def _fill(rng: np.random.Generator, pattern: str) -> str:
    letters = "ABCEGHJKLMNPRSTVXY"
    draws = iter(rng.integers(0, 180, len(pattern)).tolist())  # one call; 180 = 10 x 18
    return "".join(str(next(draws) % 10) if ch == "#" else letters[next(draws) % 18] if ch == "A" else ch
                   for ch in pattern)


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


E164_DIGITS = {"US": 11, "CA": 11, "MX": 12, "CN": 13, "IN": 12}  # digits after the "+"


def _phone(rng: np.random.Generator, country: str, place) -> str:
    prefix = place[3]
    k = E164_DIGITS[country] + 1 - len(prefix)
    return f"{prefix}{int(rng.integers(10**k)):0{k}d}"


def _address(rng, country: str, lang: str, place) -> str:
    street = _pick(rng, STREETS.get(f"{country}_{lang}", STREETS.get(country, STREETS["US"])))
    num = int(rng.integers(1, 9999))
    if country == "MX":
        return f"{street} {num}, Col. Centro"
    if country == "CA" and lang == "fr":
        return f"{num}, {street}"
    return f"{num} {street}"


def person(rng: np.random.Generator, entity_id: str, country: str, *, place=None,
           born: tuple[int, int] = (1960, 2003)) -> dict:
    """A person living in ``country`` (optionally at ``place`` from PLACES)."""
    lang = "fr" if country == "CA" and rng.random() < 0.3 else "en"
    pool = f"{country}_{lang}" if country == "CA" else country
    given, family = _pick(rng, GIVEN[pool]), _pick(rng, FAMILY[pool])
    second = _pick(rng, FAMILY["MX"]) if country == "MX" else ""
    place = place or _pick(rng, PLACES[country])
    dob = date(born[0], 1, 1) + timedelta(days=int(rng.integers(0, (born[1] - born[0]) * 365)))
    full = f"{given} {family} {second}".strip() if country != "CN" else f"{family} {given}"
    handle = f"{_ascii(given).lower()}.{_ascii(family).lower()}{int(rng.integers(1, 99))}"
    phone = _phone(rng, country, place)
    return {
        "entity_id": entity_id, "kind": "person", "full_name": full, "given_name": given,
        "family_name": family, "second_family_name": second, "dob": dob.isoformat(),
        "nationality": country, "address": _address(rng, country, lang, place), "city": place[1],
        "region": place[0], "postcode": _fill(rng, place[2]), "country": country, "phone": phone,
        "email": f"{handle}@{_pick(rng, EMAIL_DOMAINS[country])}",
        "account": f"{country}{int(rng.integers(10**9, 10**10))}",
        "wallet": "", "lang": lang,
    }


def company(rng: np.random.Generator, entity_id: str, country: str, *, place=None) -> dict:
    a, b, c = COMPANY_WORDS[country]
    name = f"{_pick(rng, a)} {_pick(rng, b)} {_pick(rng, c)}"
    place = place or _pick(rng, PLACES[country])
    phone = _phone(rng, country, place)
    return {
        "entity_id": entity_id, "kind": "company", "full_name": name, "given_name": "",
        "family_name": "", "second_family_name": "", "dob": "", "nationality": country,
        "address": _address(rng, country, "en", place), "city": place[1], "region": place[0],
        "postcode": _fill(rng, place[2]), "country": country, "phone": phone,
        "email": f"sales@{_ascii(name.split()[1]).lower()}{int(rng.integers(1, 999))}.com",
        "account": f"{country}{int(rng.integers(10**9, 10**10))}", "wallet": "", "lang": "en",
    }


def wallet(rng: np.random.Generator) -> str:
    """A TRON-style address (USDT on TRC-20 is the common cartel/CMLN rail)."""
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    return "T" + "".join(_pick(rng, alphabet) for _ in range(33))


def place_in(rng: np.random.Generator, region: str):
    """A PLACES entry in ``region`` (ISO 3166-2), or any of its country."""
    country = region[:2]
    opts = [p for p in PLACES[country] if p[0] == region] or PLACES[country]
    return _pick(rng, opts)
