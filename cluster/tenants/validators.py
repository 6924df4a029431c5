"""Validators for the identity codes every government site carries."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》: the 31 characters a code may use
# (no I, O, Z, S, V) and the weights of positions 1-17 for the check character.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
SITE_CODE_PATTERN = re.compile(r"^\d{10}$")


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a credit code, from its first 17 (GB 32100-2015, 5.2)."""
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    code = (value or "").strip().upper()
    if not CREDIT_CODE_PATTERN.match(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital "
                "letters except I, O, Z, S and V, with the administrative division "
                "code in positions 3 to 8."
            ),
            code="credit_code_format",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this unified social credit code is wrong: "
                "it should be %(expected)s, not %(given)s."
            ),
            code="credit_code_check",
            params={"expected": expected, "given": code[17]},
        )


def validate_site_code(value: str) -> None:
    if not SITE_CODE_PATTERN.match(value or ""):
        raise ValidationError(
            _("A website identification code (网站标识码) has exactly 10 digits."),
            code="site_code_format",
        )
