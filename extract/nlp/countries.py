"""Countries, demonyms, capitals and country groups: canonical names via pycountry.

``lookup_country("U.S.")``, ``lookup_country("the United States")`` and
``lookup_demonym("American")`` all give ``("United States", "US")``. Canonical names are the
short common names ("Russia", "South Korea", "Iran"), not the ISO formal ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

# ISO names that newsrooms never use, by alpha-2 code.
_COMMON_NAMES = {
    "RU": "Russia",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "PS": "Palestine",
    "VA": "Vatican",
    "BN": "Brunei",
    "CI": "Ivory Coast",
    "FM": "Micronesia",
    "MK": "North Macedonia",
    "GB": "United Kingdom",
    "US": "United States",
}

# Extra spellings (keys are normalised: casefolded, no dots, no leading "the").
_ALIASES = {
    "us": "US", "usa": "US", "america": "US", "united states of america": "US",
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "russia": "RU", "ussr": "RU", "soviet union": "RU",
    "china": "CN", "prc": "CN", "mainland china": "CN", "people's republic of china": "CN",
    "north korea": "KP", "dprk": "KP", "south korea": "KR", "korea": "KR",
    "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA", "taiwan": "TW",
    "turkey": "TR", "turkiye": "TR", "czech republic": "CZ", "czechia": "CZ",
    "ivory coast": "CI", "cote d'ivoire": "CI", "burma": "MM", "holland": "NL",
    "the netherlands": "NL", "netherlands": "NL", "vatican": "VA", "holy see": "VA",
    "palestine": "PS", "palestinian territories": "PS", "uae": "AE", "emirates": "AE",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "brunei": "BN",
    "drc": "CD", "dr congo": "CD", "democratic republic of congo": "CD", "congo": "CG",
    "east timor": "TL", "swaziland": "SZ", "macedonia": "MK", "cape verde": "CV",
    "kyrgyzstan": "KG", "micronesia": "FM", "the philippines": "PH", "philippines": "PH",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS", "saudi": "SA",
}

# Demonyms and country adjectives (singular; plural "-s" forms are derived).
_DEMONYMS = {
    "american": "US", "british": "GB", "briton": "GB", "english": "GB", "scottish": "GB",
    "chinese": "CN", "russian": "RU", "ukrainian": "UA", "french": "FR", "german": "DE",
    "italian": "IT", "spanish": "ES", "spaniard": "ES", "portuguese": "PT", "dutch": "NL",
    "belgian": "BE", "swiss": "CH", "austrian": "AT", "polish": "PL", "pole": "PL",
    "czech": "CZ", "slovak": "SK", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG",
    "greek": "GR", "turkish": "TR", "turk": "TR", "swedish": "SE", "swede": "SE",
    "norwegian": "NO", "danish": "DK", "dane": "DK", "finnish": "FI", "finn": "FI",
    "irish": "IE", "icelandic": "IS", "estonian": "EE", "latvian": "LV", "lithuanian": "LT",
    "belarusian": "BY", "belarussian": "BY", "moldovan": "MD", "georgian": "GE",
    "armenian": "AM", "azerbaijani": "AZ", "azeri": "AZ", "kazakh": "KZ", "uzbek": "UZ",
    "serbian": "RS", "serb": "RS", "croatian": "HR", "croat": "HR", "bosnian": "BA",
    "slovenian": "SI", "albanian": "AL", "kosovar": "XK", "macedonian": "MK",
    "japanese": "JP", "korean": "KR", "south korean": "KR", "north korean": "KP",
    "taiwanese": "TW", "vietnamese": "VN", "thai": "TH", "cambodian": "KH", "laotian": "LA",
    "burmese": "MM", "myanmar": "MM", "malaysian": "MY", "singaporean": "SG",
    "indonesian": "ID", "filipino": "PH", "philippine": "PH", "indian": "IN",
    "pakistani": "PK", "afghan": "AF", "bangladeshi": "BD", "sri lankan": "LK",
    "nepalese": "NP", "nepali": "NP", "mongolian": "MN", "australian": "AU",
    "new zealander": "NZ", "canadian": "CA", "mexican": "MX", "brazilian": "BR",
    "argentine": "AR", "argentinian": "AR", "chilean": "CL", "colombian": "CO",
    "peruvian": "PE", "venezuelan": "VE", "cuban": "CU", "bolivian": "BO",
    "ecuadorian": "EC", "uruguayan": "UY", "paraguayan": "PY", "haitian": "HT",
    "nicaraguan": "NI", "guatemalan": "GT", "honduran": "HN", "salvadoran": "SV",
    "panamanian": "PA", "dominican": "DO", "jamaican": "JM",
    "israeli": "IL", "palestinian": "PS", "iranian": "IR", "iraqi": "IQ", "syrian": "SY",
    "lebanese": "LB", "jordanian": "JO", "saudi": "SA", "saudi arabian": "SA",
    "emirati": "AE", "qatari": "QA", "kuwaiti": "KW", "bahraini": "BH", "omani": "OM",
    "yemeni": "YE", "egyptian": "EG", "libyan": "LY", "tunisian": "TN", "algerian": "DZ",
    "moroccan": "MA", "sudanese": "SD", "ethiopian": "ET", "eritrean": "ER",
    "somali": "SO", "kenyan": "KE", "ugandan": "UG", "tanzanian": "TZ", "rwandan": "RW",
    "congolese": "CD", "nigerian": "NG", "ghanaian": "GH", "senegalese": "SN",
    "malian": "ML", "nigerien": "NE", "chadian": "TD", "cameroonian": "CM",
    "south african": "ZA", "zimbabwean": "ZW", "zambian": "ZM", "mozambican": "MZ",
    "angolan": "AO", "namibian": "NA", "botswanan": "BW", "malagasy": "MG",
}

# Capitals (and seats of government) that stand for their country's government.
_CAPITALS = {
    "washington": "US", "beijing": "CN", "moscow": "RU", "kyiv": "UA", "kiev": "UA",
    "london": "GB", "paris": "FR", "berlin": "DE", "rome": "IT", "madrid": "ES",
    "tokyo": "JP", "seoul": "KR", "pyongyang": "KP", "taipei": "TW", "tehran": "IR",
    "baghdad": "IQ", "damascus": "SY", "beirut": "LB", "amman": "JO", "riyadh": "SA",
    "ankara": "TR", "jerusalem": "IL", "cairo": "EG", "new delhi": "IN", "delhi": "IN",
    "islamabad": "PK", "kabul": "AF", "hanoi": "VN", "manila": "PH", "jakarta": "ID",
    "bangkok": "TH", "canberra": "AU", "ottawa": "CA", "mexico city": "MX",
    "brasilia": "BR", "buenos aires": "AR", "caracas": "VE", "havana": "CU",
    "minsk": "BY", "warsaw": "PL", "budapest": "HU", "vienna": "AT", "bern": "CH",
    "stockholm": "SE", "oslo": "NO", "copenhagen": "DK", "helsinki": "FI",
    "athens": "GR", "lisbon": "PT", "dublin": "IE", "the hague": "NL", "prague": "CZ",
    "bucharest": "RO", "sofia": "BG", "belgrade": "RS", "tbilisi": "GE", "yerevan": "AM",
    "baku": "AZ", "doha": "QA", "abu dhabi": "AE", "muscat": "OM", "sanaa": "YE",
    "tripoli": "LY", "khartoum": "SD", "addis ababa": "ET", "nairobi": "KE",
    "pretoria": "ZA", "abuja": "NG", "wellington": "NZ", "naypyidaw": "MM",
}

# Country groups and alliances: canonical name and aliases (normalised keys).
GROUPS = {
    "g7": "G7", "group of seven": "G7", "g-7": "G7",
    "g20": "G20", "group of 20": "G20", "g-20": "G20", "group of twenty": "G20",
    "brics": "BRICS", "quad": "Quad", "aukus": "AUKUS",
    "nato": "NATO", "north atlantic treaty organization": "NATO",
    "european union": "European Union", "eu": "European Union",
    "asean": "ASEAN", "opec": "OPEC", "opec+": "OPEC+", "african union": "African Union",
    "united nations": "United Nations", "un": "United Nations", "u.n.": "United Nations",
    "un security council": "UN Security Council",
    "security council": "UN Security Council",
}
GROUPS.update({
    "association of southeast asian nations": "ASEAN", "un": "United Nations",
    "un general assembly": "UN General Assembly", "general assembly": "UN General Assembly",
})
# Blocs whose members are countries ("the seven foreign ministers" -> G7).
COUNTRY_BLOCS = {"G7", "G20", "BRICS", "Quad", "AUKUS", "NATO", "European Union", "ASEAN",
                 "OPEC", "OPEC+", "African Union"}
# Alliances and blocs of countries are organisations (the gold set's convention); only loose
# coalitions without a secretariat would be groups.
GROUP_TYPE: dict[str, str] = {}

# Political parties named by their members or adjective -> canonical organisation.
PARTIES = {
    "democrat": "Democratic Party", "democrats": "Democratic Party",
    "democratic": "Democratic Party", "republican": "Republican Party",
    "republicans": "Republican Party", "gop": "Republican Party",
    "labour": "Labour Party", "conservative": "Conservative Party",
    "conservatives": "Conservative Party", "tory": "Conservative Party",
    "tories": "Conservative Party", "liberal democrats": "Liberal Democrats",
    "lib dems": "Liberal Democrats", "christian democrats": "Christian Democrats",
    "social democrats": "Social Democrats", "greens": "Greens",
}

_NUMBER_WORDS = {"seven": "G7", "7": "G7", "twenty": "G20", "20": "G20"}


def norm_key(text: str) -> str:
    """Casefolded, accent-free, dot-free key with a leading article and possessive removed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").casefold().strip()
    text = re.sub(r"('s|s')$", lambda m: "s" if m.group(0) == "s'" else "", text)
    text = text.replace(".", "")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def country_name(alpha2: str) -> str:
    if alpha2 in _COMMON_NAMES:
        return _COMMON_NAMES[alpha2]
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        return alpha2
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=4096)
def lookup_country(text: str) -> tuple[str, str] | None:
    """(canonical name, alpha-2) when ``text`` names a country, else None."""
    key = norm_key(text)
    if not key:
        return None
    code = _ALIASES.get(key)
    if code is None and len(key) > 3:  # short keys would hit ISO codes ("it", "ai")
        for candidate in (key, "the " + key):
            try:
                country = pycountry.countries.lookup(candidate)
            except LookupError:
                continue
            code = country.alpha_2
            break
    if code is None:
        return None
    return country_name(code), code


@lru_cache(maxsize=4096)
def lookup_demonym(text: str) -> tuple[str, str] | None:
    """(country name, alpha-2) for a demonym or country adjective ("Chinese", "Ukrainians")."""
    key = norm_key(text)
    code = _DEMONYMS.get(key)
    if code is None and key.endswith("s"):
        code = _DEMONYMS.get(key[:-1])
    if code is None and key.endswith("men"):  # Englishmen, Frenchmen
        code = {"english": "GB", "french": "FR", "dutch": "NL"}.get(key[:-3])
    if code is None:
        return None
    return country_name(code), code


@lru_cache(maxsize=4096)
def lookup_capital(text: str) -> tuple[str, str] | None:
    """(country name, alpha-2) when ``text`` is a capital that can stand for a government."""
    code = _CAPITALS.get(norm_key(text))
    if code is None:
        return None
    return country_name(code), code


def lookup_group(text: str) -> str | None:
    """Canonical name of a country group or international organisation ("Group of Seven" ->
    "G7"), else None."""
    key = norm_key(text)
    if key in GROUPS:
        return GROUPS[key]
    key = re.sub(r"\s+(group|nations|countries|members|summit|leaders)$", "", key)
    return GROUPS.get(key)


def lookup_party(text: str) -> str | None:
    return PARTIES.get(norm_key(text))


def group_from_number(word: str) -> str | None:
    """"the seven foreign ministers" -> "G7" (only used when that group is in the article)."""
    return _NUMBER_WORDS.get(word.casefold())
