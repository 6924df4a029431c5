import pytest
from django.core.exceptions import ValidationError

from cluster.tenants.validators import validate_credit_code, validate_site_code

# Published codes of real organisations (GB 32100-2015 check characters included).
REAL_CODES = [
    "11100000000013127D",  # 国务院办公厅
    "91110000802100433B",
    "91330100716105852F",
    "91440300708461136T",
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass_the_check_character(code):
    validate_credit_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "11100000000013127E",  # wrong check character
        "91110000802100433A",
        "91330100716105852",  # 17 characters
        "9133010071610585IF",  # I is not in the charset
        "91AB0100716105852F",  # division code must be digits
    ],
)
def test_credit_codes_with_a_wrong_check_or_shape_are_refused(code):
    with pytest.raises(ValidationError):
        validate_credit_code(code)


def test_wrong_check_character_message_says_which_is_expected():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("11100000000013127E")
    assert "D" in error.value.messages[0]


@pytest.mark.parametrize(
    "code,ok", [("2202000001", True), ("220200001", False), ("22020000AB", False)]
)
def test_site_code_has_ten_digits(code, ok):
    if ok:
        validate_site_code(code)
    else:
        with pytest.raises(ValidationError):
            validate_site_code(code)
