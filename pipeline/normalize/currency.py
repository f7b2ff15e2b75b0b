"""Currencies: ISO 4217 codes and names (pycountry), symbols (Unicode), amounts.

"CHF 5 million", "QAR", "US$ 2 billion", "Rs. 500 crore" and "Swiss francs" name
money, never an organisation or a place; extractors ask ``is_currency`` before
taking a capitalised token or a model entity as one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pipeline.patterns.load import load_jsonl

_NUMBER = r"\d[\d,.]*(?:\s*(?:[kKmMbB]n?|bn|tn|million|billion|trillion|thousand|crore|lakh))?"


@cache
def _codes() -> frozenset[str]:
    """ISO 4217 alphabetic codes ("CHF", "QAR", "INR")."""
    import pycountry

    return frozenset(str(c.alpha_3) for c in pycountry.currencies)


@cache
def _names() -> frozenset[str]:
    """Lower-cased ISO 4217 names and their plurals ("swiss franc", "swiss francs")."""
    import pycountry

    out: set[str] = set()
    for cur in pycountry.currencies:
        name = str(cur.name).lower()
        out |= {name, name + "s"}
    return frozenset(out)


@cache
def _local_forms() -> frozenset[str]:
    """Local abbreviations ISO 4217 lacks ("Rs.", "RM", "Rp"): ``currency_forms.jsonl``."""
    return frozenset(str(r["form"]) for r in load_jsonl("currency_forms.jsonl", required=("form",)))


def _is_symbol(text: str) -> bool:
    """A currency sign, alone or after a country prefix ("$", "€", "US$", "S$", "R$")."""
    if not text or unicodedata.category(text[-1]) != "Sc":
        return False
    prefix = text[:-1]
    return not prefix or (prefix.isalpha() and prefix.isupper() and len(prefix) <= 3)


def _is_unit(text: str) -> bool:
    return text in _codes() or text in _local_forms() or _is_symbol(text)


@cache
def _amount() -> re.Pattern[str]:
    return re.compile(rf"^(?P<pre>\S+?)\s*{_NUMBER}$|^{_NUMBER}\s*(?P<post>\S+)$")


def is_currency(text: str) -> bool:
    """Whether ``text`` is a currency or an amount of money, not a name.

    A code ("CHF"), a name ("Swiss francs"), a sign ("US$", "€") or an amount that
    carries one ("CHF 5 million", "5 million CHF", "$2bn", "Rs. 500 crore").
    """
    text = text.strip()
    if not text:
        return False
    if _is_unit(text) or text.lower() in _names():
        return True
    m = _amount().match(text)
    if m is None:
        return False
    unit = m.group("pre") or m.group("post") or ""
    return _is_unit(unit)
