"""Personal data rules: phone and ID numbers in every written form, masking, roster matching.

numbers   what a mobile or ID number is; ``find_numbers`` reads them out of any text
          (full-width digits, separators, zero-width characters, Markdown, HTML, masked forms)
masking   ``scrub``: every output masks mobiles (138****0002) and removes ID numbers
names     ``readable``: a text as the names in it are read (tags, spacing, Traditional folded)
matcher   ``RosterMatcher``: roster names and numbers in a text (the public site's checks)

Used by the schema (to validate the roster), by every writer (``scrub`` before a file is
written), and by the public-content checks (``RosterMatcher``).
"""

from .masking import Target, mask_phone, scrub
from .matcher import Hit, Person, RosterMatcher
from .names import decode_escapes, readable
from .numbers import Found, Kind, find_numbers, id_check_digit, id_number_problem, is_mobile_phone

__all__ = [
    "Found",
    "Hit",
    "Kind",
    "Person",
    "RosterMatcher",
    "Target",
    "decode_escapes",
    "find_numbers",
    "id_check_digit",
    "id_number_problem",
    "is_mobile_phone",
    "mask_phone",
    "readable",
    "scrub",
]
