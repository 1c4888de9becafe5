"""Quiz bank file formats: the tablet result file, Moodle GIFT, Aiken and Moodle XML.

``bank_digest`` is the fingerprint written into every result file; the answers
importer calls it to tell whether a bank changed since the member's attempt.
"""

from .result import RESULT_FILENAME, RESULT_FORMAT, bank_digest, canonical_answer

__all__ = ["RESULT_FILENAME", "RESULT_FORMAT", "bank_digest", "canonical_answer"]
