"""Name normalisation shared by resolution and scoring (ANNOTATION.md matching rules)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^(the)\s+", re.I)


def strip_the(name: str) -> str:
    """'The Department of Commerce' -> 'Department of Commerce' (names never lead with 'the')."""
    return _LEADING_THE.sub("", name.strip())


def clean_name(name: str) -> str:
    """A ``name`` field surface form: no leading "the", outer punctuation or runs of space."""
    name = _SPACE.sub(" ", name).strip().strip(",;:–—-").strip()
    name = strip_the(name)
    if name.endswith("'s") or name.endswith("’s"):
        name = name[:-2]
    return name


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """Matching key: case, punctuation, a leading 'the' and '&'/'and' folded away."""
    s = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    s = s.replace("&", " and ")
    s = _PUNCT.sub(" ", s)
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


def acronym(name: str) -> str:
    """Initials of the capitalised words: 'Supply Chain and Commercial Dialogue' -> 'SCCD'."""
    words = re.findall(r"[A-Za-z][\w'’]*", name.replace("-", " "))
    return "".join(w[0] for w in words if w[0].isupper())


def is_acronym(token: str) -> bool:
    """'SCCD', 'MOTIE', 'U.S.', 'MoCI' look like acronyms; 'Korea' does not."""
    bare = token.replace(".", "").replace("&", "")
    if len(bare) < 2 or not bare.isalpha():
        return False
    uppers = sum(1 for ch in bare if ch.isupper())
    return uppers >= 2 and uppers >= len(bare) - 2 and bare[0].isupper()


@cache
def _legal_forms() -> frozenset[str]:
    from cleanco.clean import get_unique_terms

    return frozenset(t.strip() for t in get_unique_terms())


def is_legal_form(text: str) -> bool:
    """'Inc.', 'Ltd', 'Corp.', 'GmbH' (cleanco's list of company legal forms)."""
    return text.strip().lower() in _legal_forms()
