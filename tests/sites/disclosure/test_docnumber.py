import pytest
from django.core.exceptions import ValidationError

from sites.disclosure.docnumber import document_number_normalise, document_number_parse


@pytest.mark.parametrize(
    "typed",
    [
        "吉市政函〔2009〕53号",
        "吉市政函[2009]53号",
        "吉市政函［2009］53号",
        "吉市政函（2009）53号",
        "吉市政函(2009)53号",
        "吉市政函【2009】53号",
        "吉市政函﹝2009﹞53号",
        "吉市政函〔２００９〕５３号",
        "吉市政函 〔2009〕 53 号",
        "吉市政函〔2009〕第53号",
        " 吉市政函〔2009〕053号 ",
    ],
)
def test_document_number_variants_normalise_to_the_gb_9704_form(typed):
    assert document_number_normalise(typed) == "吉市政函〔2009〕53号"


@pytest.mark.parametrize(
    "typed,agency,year,serial",
    [
        ("益政办函〔2017〕19号", "益政办函", 2017, 19),
        ("铜政办发[2013]38号", "铜政办发", 2013, 38),
        ("国办发〔2017〕47号", "国办发", 2017, 47),
        ("国办公开办函（2021）30号", "国办公开办函", 2021, 30),
        ("吉林市人民政府令第12号", "吉林市人民政府令", None, 12),
    ],
)
def test_document_number_parts_are_stored_for_filtering(typed, agency, year, serial):
    number = document_number_parse(typed)
    assert (number.agency, number.year, number.serial) == (agency, year, serial)


@pytest.mark.parametrize(
    "garbage",
    [
        "53号",
        "吉市政函2009年53号",
        "〔2009〕53号",
        "吉市政函〔09〕53号",
        "吉市政函〔1800〕1号",
        "abc",
    ],
)
def test_garbage_document_numbers_are_refused_with_what_is_expected(garbage):
    with pytest.raises(ValidationError) as error:
        document_number_parse(garbage)
    assert "吉市政函〔2009〕53号" in error.value.messages[0]
