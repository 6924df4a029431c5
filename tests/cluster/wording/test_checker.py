"""The checker alone: dictionaries built in memory, texts from the corpus."""

from django.conf import settings

from cluster.wording.checker import BLOCK, LEADER, MISWRITING, WARN, Dictionary, DictionaryEntry
from cluster.wording.checker import check_text as check


def _corpus(name: str) -> str:
    return (settings.CORPUS_DIR / name).read_text(encoding="utf-8")


def _dictionary(*entries):
    return Dictionary([DictionaryEntry(*entry) for entry in entries])


def test_miswriting_hit_gives_the_correct_form_and_its_position():
    dictionary = _dictionary((MISWRITING, "按装", "安装"))
    text = "第一段。\n请按时按装设备。"
    [hit] = check(text, dictionary, field="正文")
    assert (hit.kind, hit.offset, hit.line, hit.column) == (MISWRITING, 8, 2, 4)
    assert hit.suggestion == "安装" and not hit.blocking
    assert hit.sentence() == "正文第2段第4字：“按装”可能有误，应为“安装”。"


def test_leader_named_with_a_title_that_is_not_current_gets_the_right_title():
    dictionary = _dictionary(
        (LEADER, "张明", "", "市委副书记、市长", 2), (LEADER, "李华", "", "常务副市长", 3)
    )
    [hit] = check("副市长张明出席会议。", dictionary)
    assert hit.kind == LEADER and hit.suggestion == "市委副书记、市长"
    assert "“副市长”" in hit.message and "现任职务为“市委副书记、市长”" in hit.message
    # The current title, before or after the name, is not a hit.
    assert check("市长张明、常务副市长李华出席。", dictionary) == []
    assert check("张明市长出席。", dictionary) == []
    [after] = check("李华副市长出席。", dictionary)
    assert after.suggestion == "常务副市长"


def test_leaders_listed_out_of_order_in_one_paragraph_get_one_warning():
    dictionary = _dictionary((LEADER, "张明", "", "市长", 2), (LEADER, "王强", "", "市委书记", 1))
    [hit] = check("出席会议的有张明、王强等同志。", dictionary)
    assert hit.suggestion == "王强、张明" and "排名顺序" in hit.message
    assert check("出席会议的有王强、张明等同志。", dictionary) == []
    # Separate paragraphs are not a list.
    assert check("张明讲话。\n王强讲话。", dictionary) == []


def test_empty_dictionary_finds_nothing():
    assert check("任何文字", Dictionary([])) == []


def test_corpus_document_passes_a_dictionary_of_words_it_does_not_use():
    text = _corpus("jilin-2009-53.txt")
    dictionary = _dictionary((BLOCK, "法轮功"), (MISWRITING, "按装", "安装"), (WARN, "最高级"))
    assert check(text, dictionary) == []


def test_corpus_document_hits_at_every_place_the_word_occurs():
    text = _corpus("jilin-2009-53.txt")
    dictionary = _dictionary((BLOCK, "吉市政函"), (MISWRITING, "政务公开工作开展", "x"))
    hits = check(text, dictionary)
    blocking = [hit.offset for hit in hits if hit.kind == BLOCK]
    expected, start = [], text.find("吉市政函")
    while start != -1:
        expected.append(start)
        start = text.find("吉市政函", start + 1)
    assert blocking == expected and len(expected) >= 1
    for hit in hits:
        line = text.split("\n")[hit.line - 1]
        assert line[hit.column - 1 :].startswith(hit.word)
