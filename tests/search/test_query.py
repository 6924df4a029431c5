import pytest

from search.query import MAX_QUERY_LENGTH, document_number_text, parse_query


def test_free_text_becomes_words():
    parsed = parse_query("政务公开  工作要点")

    assert parsed.terms == ("政务公开", "工作要点")
    assert parsed.phrases == ()
    assert not parsed.is_empty


def test_quoted_text_becomes_a_phrase_in_any_quote_style():
    for typed in ('"政务 公开" 要点', "“政务 公开” 要点", "「政务 公开」 要点"):
        parsed = parse_query(typed)
        assert parsed.phrases == ("政务 公开",)
        assert parsed.terms == ("要点",)


@pytest.mark.parametrize(
    "typed,terms,phrases",
    [
        ('"政务公开', ("政务公开",), ()),
        ('政务公开"', ("政务公开",), ()),
        ('"政务" 公开"', ("公开",), ("政务",)),
        ('"""', (), ()),
        ('""', (), ()),
    ],
)
def test_an_unpaired_quote_is_only_a_space(typed, terms, phrases):
    parsed = parse_query(typed)

    assert (parsed.terms, parsed.phrases) == (terms, phrases)


@pytest.mark.parametrize(
    "typed",
    [
        "吉市政函〔2009〕53号",
        "吉市政函[2009]53号",
        "吉市政函［2009］53号",
        "吉市政函(2009)53号",
        "吉市政函（2009）第53号",
        "吉市政函【2009】53号",
        "吉市政函〔２００９〕５３号",
        "吉市政函 〔2009〕 53 号",
        "吉市政函〔2009〕53",
        "吉市政函2009年53号",
        "吉市政函2009年第53号",
        "吉市政函 2009 年 53 号",
        '"吉市政函〔2009〕53号"',
        "关于吉市政函〔2009〕53号",
    ],
)
def test_a_document_number_is_recognised_in_every_variant(typed):
    parsed = parse_query(typed)

    assert (parsed.number_agency, parsed.number_year, parsed.number_serial) == (
        "吉市政函",
        2009,
        53,
    )
    assert parsed.terms == ()
    assert document_number_text(parsed) == "吉市政函〔2009〕53号"


def test_a_document_number_among_other_words_keeps_the_words():
    parsed = parse_query("吉市政函〔2009〕53号 解读")

    assert (parsed.number_agency, parsed.number_serial) == ("吉市政函", 53)
    assert parsed.terms == ("解读",)


@pytest.mark.parametrize(
    "typed,agency,year,serial",
    [
        ("吉市政函", "吉市政函", None, None),
        ("吉市政发", "吉市政发", None, None),
        ("国办发", "国办发", None, None),
        ("益政办函", "益政办函", None, None),
        ("铜政办发", "铜政办发", None, None),
        ("吉市政函〔2009〕", "吉市政函", 2009, None),
        ("吉市政函53号", "吉市政函", None, 53),
        ("吉林市人民政府令第12号", "吉林市人民政府令", None, 12),
    ],
)
def test_partial_document_numbers_are_recognised(typed, agency, year, serial):
    parsed = parse_query(typed)

    assert (parsed.number_agency, parsed.number_year, parsed.number_serial) == (
        agency,
        year,
        serial,
    )


@pytest.mark.parametrize(
    "word",
    [
        "开发",
        "印发",
        "下发",
        "颁发",
        "信函",
        "公函",
        "文字",
        "数字",
        "举办",
        "主办",
        "命令",
        "政令",
        "全市印发",
        "政务公开办",
        "政务公开",
        "营商环境",
        "依申请公开",
        "发",
        "函",
    ],
)
def test_ordinary_words_are_not_taken_for_agency_codes(word):
    parsed = parse_query(word)

    assert parsed.number_agency == ""
    assert parsed.terms == (word,)


@pytest.mark.parametrize("typed", ["〔2009〕53号", "53号", "2009年53号"])
def test_numbers_without_an_agency_stay_text(typed):
    assert parse_query(typed).number_agency == ""


def test_an_impossible_year_is_not_taken_for_a_document_number():
    parsed = parse_query("吉市政函〔1800〕53号")

    assert (parsed.number_year, parsed.number_serial) == (None, None)


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("112202000135999915/2026-00012", "112202000135999915/2026-00012"),
        ("tcxxgk-2013-004232", "TCXXGK-2013-004232"),
        ("ＴＣＸＸＧＫ－２０１３－００４２３２", "TCXXGK-2013-004232"),
        ("9900000001-2026-0001", "9900000001-2026-0001"),
        ('"TCXXGK-2013-004232"', "TCXXGK-2013-004232"),
    ],
)
def test_an_index_number_is_recognised_and_upper_cased(typed, expected):
    parsed = parse_query(typed)

    assert parsed.index_number == expected
    assert parsed.terms == ()


@pytest.mark.parametrize("typed", ["2013-06-01", "2013/6/1", "0432-6241", "v1.2.3", "abc-def"])
def test_dates_and_short_codes_are_not_index_numbers(typed):
    assert parse_query(typed).index_number == ""


def test_a_long_query_is_cut_to_the_limit():
    parsed = parse_query("政务公开" * 2_500)

    assert len(parsed.raw) == MAX_QUERY_LENGTH
    assert len(parsed.terms) == 1


def test_many_words_are_capped():
    parsed = parse_query(" ".join(f"词{n}" for n in range(100)))

    assert 0 < len(parsed.terms) <= 32


def test_control_and_format_characters_are_removed():
    parsed = parse_query("\x00政务\x07公开\u200b\ufeff\x1b[31m")

    assert "\x00" not in parsed.raw and "\u200b" not in parsed.raw
    assert parsed.terms == ("政务", "公开", "31m")


def test_emoji_and_symbols_separate_words():
    assert parse_query("政务😀公开🏛️").terms == ("政务", "公开")
    assert parse_query("😀🏛️📄").is_empty


@pytest.mark.parametrize(
    "typed",
    ["AND", "OR NOT", "-", "+", "|| && !", "*", "?", "~", ":", "()", "[]", "{}", "\\", "%_%"],
)
def test_lone_operators_mean_nothing(typed):
    assert parse_query(typed).is_empty


def test_operators_between_words_are_dropped():
    assert parse_query("政务 AND 公开 OR -服务").terms == ("政务", "公开", "服务")


@pytest.mark.parametrize(
    "typed",
    [
        "'; DROP TABLE cluster_search_document; --",
        "1' OR '1'='1",
        '{"query": {"match_all": {}}}',
        "title:政务 AND body:(公开 OR 服务)",
        "'政务':* & !'公开' <-> <2>",
    ],
)
def test_sql_and_dsl_text_comes_out_as_plain_words(typed):
    parsed = parse_query(typed)

    for part in (*parsed.terms, *parsed.phrases):
        assert not set(part) & set("'\";:{}()[]*&!<>|\\=")


@pytest.mark.parametrize("raw", [None, 42, b"\xff", "\ud800", "\udfff政务"])
def test_anything_at_all_parses(raw):
    parse_query(raw)
