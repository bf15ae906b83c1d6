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

from extract.nlp import rules

# The word lists live in extract/nlp/rules/ (one data file per list).
# ISO names that newsrooms never use, by alpha-2 code.
_COMMON_NAMES = rules.mapping("country_common_names")

# Extra spellings (keys are normalised: casefolded, no dots, no leading "the").
_ALIASES = rules.mapping("country_aliases")

# Demonyms and country adjectives (singular; plural "-s" forms are derived).
_DEMONYMS = rules.mapping("demonyms")
# "Englishmen", "Frenchmen": the stem before "-men".
_DEMONYMS_MEN = rules.mapping("demonyms_men")

# Capitals (and seats of government) that stand for their country's government.
_CAPITALS = rules.mapping("capitals")

# Country groups and alliances: canonical name and aliases (normalised keys).
GROUPS = rules.mapping("country_groups")
# Blocs whose members are countries ("the seven foreign ministers" -> G7).
COUNTRY_BLOCS = rules.words("country_blocs")
# Alliances and blocs of countries are organisations (the gold set's convention); only loose
# coalitions without a secretariat would be groups.
GROUP_TYPE: dict[str, str] = {}

# Political parties named by their members or adjective -> canonical organisation.
PARTIES = rules.mapping("parties")
# "the seven foreign ministers" -> G7
_NUMBER_WORDS = rules.mapping("group_numbers")


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
        code = _DEMONYMS_MEN.get(key[:-3])
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
