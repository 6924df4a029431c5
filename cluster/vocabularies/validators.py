from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .models import Vocabulary


@deconstructible
class TermCodeValidator:
    """Refuses a code that the shared vocabulary has never released."""

    def __init__(self, vocabulary: str):
        self.vocabulary = vocabulary

    def __call__(self, value):
        from .selectors import term_exists

        if value and not term_exists(self.vocabulary, value):
            raise ValidationError(
                "“%(code)s”不是%(vocabulary)s词表中的代码，请从列表中选择。",
                params={"code": value, "vocabulary": Vocabulary(self.vocabulary).label},
                code="unknown_term",
            )

    def __eq__(self, other):
        return isinstance(other, TermCodeValidator) and other.vocabulary == self.vocabulary
