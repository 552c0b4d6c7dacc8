"""Dates and money as written in film texts -> ISO dates and `Money` values.

Pure functions over strings, so they are testable without spaCy.

Kept because: the trained extractor normalises its date and money candidates with them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from extract.nlp.gazetteer import cues

MONTHS = {m: i for i, m in enumerate(cues("months"), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def parse_date(text: str, *, default_year: int | None = None) -> str | None:
    """'May 21, 2024' / '21 May 2024' / 'May 2024' / '2024' -> ISO prefix; None if no date.

    A day and month without a year take `default_year` (the last year the
    document named), so "released on October 18" after "May 21, 2024" is 2024-10-18.
    """
    iso = _ISO.search(text)
    if iso:
        return iso.group(0)
    words = re.findall(r"[A-Za-z]+|\d+s?", text.replace(",", " "))
    year: int | None = None
    month: int | None = None
    day: int | None = None
    for w in words:
        low = w.casefold()
        if low in MONTHS and month is None:
            month = MONTHS[low]
        elif w.isdigit():
            n = int(w)
            if len(w) == 4 and 1800 <= n <= 2099 and year is None:
                year = n
            elif 1 <= n <= 31 and day is None and len(w) <= 2:
                day = n
    if year is None:
        if month is None or default_year is None:
            return None
        year = default_year
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def years_in(text: str) -> list[int]:
    """All plausible years (1800-2099) written in `text`, in order."""
    return [int(y) for y in _YEAR.findall(text)]


#: Currency signs and words with their ISO codes, tried in order ("US$" before "$").
CURRENCY_SIGNS = [(sign, code) for sign, code in cues("currency_signs")]
_SCALES = {word: Decimal(10) ** power for word, power in cues("amount_scales").items()}
_AMOUNT = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|lakhs?|crores?|mn|bn|[kmb])?\b", re.IGNORECASE
)


def parse_money(text: str) -> tuple[Decimal, str] | None:
    """'$36.5 million' / '£2m' / '₹10 crore' / '50 million euros' -> (amount, ISO currency)."""
    currency = None
    for sign, code in CURRENCY_SIGNS:
        if sign.isalpha():
            if re.search(rf"\b{re.escape(sign)}\b", text, re.IGNORECASE):
                currency = code
                break
        elif sign in text:
            currency = code
            break
    if currency is None:
        return None
    m = _AMOUNT.search(text)
    if not m:
        return None
    try:
        amount = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    if m.group(2):
        amount *= _SCALES[m.group(2).casefold()]
    if amount <= 0:
        return None
    return plain_amount(amount), currency


def plain_amount(amount: Decimal) -> Decimal:
    """An amount without exponent notation or trailing zeros (6.0E+6 -> 6000000)."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return Decimal(format(amount.normalize(), "f"))
