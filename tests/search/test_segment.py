from search.segment import index_positions, segment


def test_government_terms_from_the_dictionary_are_one_word():
    words = segment(
        "依申请公开和政府信息公开是政务公开的一部分，行政规范性文件应当公开，营商环境持续优化"
    )

    for term in ("依申请公开", "政府信息公开", "政务公开", "行政规范性文件", "营商环境"):
        assert term in words


def test_agency_and_place_names_are_kept_whole():
    assert segment("吉林市人民政府办公室") == ["吉林市", "人民政府办公室"]
    assert "最低生活保障" in segment("做好最低生活保障工作")


def test_punctuation_and_symbols_are_dropped_ascii_words_and_numbers_kept():
    words = segment("《2024年政务公开工作要点》：ABC、Wagtail 8，第53号！😀 ＡＢＣ１２")

    assert "2024" in words and "53" in words and "8" in words
    assert "abc" in words and "wagtail" in words and "abc12" in words
    assert not any(ch in "".join(words) for ch in "《》：、，！😀 ")


def test_segmentation_is_deterministic():
    text = "益阳市人民政府办公室关于印发《2017年全市政务公开政务服务工作要点》的通知"

    assert len({tuple(segment(text)) for _ in range(5)}) == 1


def test_an_unknown_name_is_cut_the_same_alone_and_in_a_sentence():
    alone = segment("益政办函")

    assert alone == ["益", "政", "办", "函"]
    assert "".join(segment("根据益政办函〔2017〕19号文件")).find("".join(alone)) != -1


def test_index_positions_add_the_words_inside_a_word():
    positions = index_positions("政府信息公开工作要点")

    assert positions[0][0] == "政府信息公开"
    assert {"政府", "信息", "公开", "政府信息", "信息公开"} <= set(positions[0])
    assert positions[1][0] == "工作要点"
    assert [group[0] for group in positions] == segment("政府信息公开工作要点")


def test_empty_and_odd_text():
    assert segment("") == []
    assert segment(None) == []
    assert segment("，。！？ \n\t") == []
    assert len(segment("a" * 1000)[0]) == 64
