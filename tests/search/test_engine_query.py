"""Queries of the engine backend on a small cluster of real documents (the shared corpus),
indexed once per client flavour.

Sites (tenant ids): 1 the city portal; 2 a county under it; 3 a department of the city;
4 a town under the county; 9 another city, outside the hierarchy.
"""

import datetime

import pytest
from django.conf import settings

from search import messages
from search.backends.base import MAX_RESULT_WINDOW, ParsedQuery, SearchQuery
from tests.search.engine_fixtures import FLAVOURS, drop_indices, make_document, new_backend

UTC = datetime.UTC


def corpus(name: str) -> str:
    return (settings.CORPUS_DIR / name).read_text(encoding="utf-8")


def at(year, month, day) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, tzinfo=UTC)


def documents():
    jilin = make_document(
        "site_city",
        1,
        tenant_id=1,
        site_path=(1,),
        title="吉林市人民政府关于印发《2008年度政务公开工作开展情况和2009年重点工作安排》的通知",
        body=corpus("jilin-2009-53.txt"),
        content_type="policy_document",
        published_at=at(2009, 2, 23),
        topic="0102",
        topic_parent="01",
        doctype="notice",
        issuers=("吉林市人民政府",),
        document_number="吉市政函〔2009〕53号",
        number_agency="吉市政函",
        number_year=2009,
        number_serial=53,
        index_number="11220200000000000X/2009-00053",
        validity="current",
    )
    yiyang = make_document(
        "site_county",
        1,
        tenant_id=2,
        site_level="county",
        site_path=(2, 1),
        title="益阳市人民政府办公室关于印发《2017年全市政务公开政务服务工作要点》的通知",
        body=corpus("yiyang-2017-19.txt"),
        content_type="policy_document",
        published_at=at(2017, 3, 22),
        topic="0201",
        topic_parent="02",
        doctype="notice",
        document_number="益政办函〔2017〕19号",
        number_agency="益政办函",
        number_year=2017,
        number_serial=19,
        validity="current",
    )
    copies = [
        # Republished by the city portal and by the town: they collapse onto the source.
        make_document(
            schema,
            50,
            tenant_id=tenant,
            site_level=level,
            site_path=path,
            title=yiyang.title,
            body=yiyang.body,
            content_type="policy_document",
            published_at=at(2017, 3, 25),
            topic="0201",
            topic_parent="02",
            doctype="notice",
            document_number=yiyang.document_number,
            number_agency="益政办函",
            number_year=2017,
            number_serial=19,
            validity="current",
            canonical_id=yiyang.id,
        )
        for schema, tenant, level, path in (
            ("site_city", 1, "city", (1,)),
            ("site_town", 4, "town", (4, 2, 1)),
        )
    ]
    tongchuan = make_document(
        "site_dept",
        1,
        tenant_id=3,
        site_level="department",
        site_path=(3, 1),
        title="铜川市人民政府办公室关于印发铜川市推进政务公开建设服务型政府工作方案的通知",
        body=corpus("tongchuan-2013-38.txt"),
        content_type="policy_document",
        published_at=at(2013, 6, 5),
        topic="01",
        topic_parent="01",
        doctype="plan",
        document_number="铜政办发〔2013〕38号",
        number_agency="铜政办发",
        number_year=2013,
        number_serial=38,
        index_number="TCXXGK-2013-004232",
        validity="repealed",
    )
    district = make_document(
        "site_town",
        1,
        tenant_id=4,
        site_level="town",
        site_path=(4, 2, 1),
        title="区县政务信息公开打算",
        body=corpus("district-2012-plan.txt"),
        content_type="article",
        published_at=at(2012, 4, 1),
    )
    interpretation = make_document(
        "site_city",
        2,
        tenant_id=1,
        title="《2009年重点工作安排》政策解读",
        body="根据吉市政函〔2009〕53号，今年的重点工作安排突出政府信息公开和政务服务中心建设。",
        content_type="interpretation",
        published_at=at(2009, 3, 1),
    )
    same_agency = make_document(
        "site_city",
        3,
        tenant_id=1,
        title="吉林市人民政府关于加强安全生产工作的通知",
        body="各县（市）区人民政府：为加强安全生产工作，现通知如下。",
        content_type="policy_document",
        published_at=at(2010, 5, 4),
        doctype="notice",
        document_number="吉市政函〔2010〕12号",
        number_agency="吉市政函",
        number_year=2010,
        number_serial=12,
        validity="current",
    )
    other_city = [
        make_document(
            "site_other",
            1,
            tenant_id=9,
            title="关于印发2024年政务公开工作要点的通知",
            body="为做好2024年政务公开工作，现将工作要点印发给你们。",
            content_type="policy_document",
            published_at=at(2024, 3, 1),
        ),
        make_document(
            "site_other",
            2,
            tenant_id=9,
            title="<script>alert('x')</script>政务公开测试页",
            body="正文里也有<b>标签</b>和政务公开。",
            published_at=at(2024, 5, 1),
        ),
    ]
    return [jilin, yiyang, *copies, tongchuan, district, interpretation, same_agency, *other_city]


@pytest.fixture(scope="module", params=FLAVOURS)
def searchable(request, search_node_url):
    backend = new_backend(request.param, search_node_url)
    backend.rebuild(documents())
    yield backend
    drop_indices(backend)


def q(raw="", *, terms=(), phrases=(), **number) -> ParsedQuery:
    return ParsedQuery(raw=raw, terms=tuple(terms), phrases=tuple(phrases), **number)


# A character every document of the corpus has: where no words matter, the filters narrow
# this (an empty query is no search, as on PostgreSQL: messages.EMPTY_QUERY).
EVERY = q("政", terms=["政"])


def run(backend, parsed=None, **options):
    return backend.search(SearchQuery(parsed or EVERY, **options))


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def test_chinese_free_text_finds_the_document_with_the_words_in_its_title(searchable):
    results = run(searchable, q("政务公开", terms=["政务公开"]))
    assert "site_other:1" in ids(results)
    results = run(searchable, q("工作要点", terms=["工作要点"]))
    assert set(ids(results)[:2]) == {"site_other:1", "site_county:1"}


def test_free_text_tolerates_a_word_not_written_together(searchable):
    # 吉林市政务公开 is not in the text as such, but 吉林市 and 政务公开 are.
    results = run(searchable, q("吉林市政务公开", terms=["吉林市政务公开"]))
    assert ids(results)[0] == "site_city:1"


def test_a_quoted_phrase_must_appear_as_written(searchable):
    words = run(searchable, q("工作安排重点", terms=["工作安排重点"]))
    phrase = run(searchable, q('"工作安排重点"', phrases=["工作安排重点"]))
    assert "site_city:1" in ids(words)
    assert phrase.total == 0
    phrase = run(searchable, q('"重点工作安排"', phrases=["重点工作安排"]))
    assert set(ids(phrase)) == {"site_city:1", "site_city:2"}


def test_a_full_document_number_ranks_its_document_first_then_documents_citing_it(searchable):
    results = run(
        searchable,
        q("吉市政函[2009]53号", number_agency="吉市政函", number_year=2009, number_serial=53),
    )
    assert ids(results)[:2] == ["site_city:1", "site_city:2"]
    assert "site_city:3" not in ids(results)  # same agency, another number


def test_a_document_number_with_other_words_still_ranks_the_document_first(searchable):
    results = run(
        searchable,
        q(
            "政务公开 吉市政函〔2009〕53号",
            terms=["政务公开"],
            number_agency="吉市政函",
            number_year=2009,
            number_serial=53,
        ),
    )
    assert ids(results)[0] == "site_city:1"
    assert results.total > 3  # the words still find the other documents


def test_an_agency_alone_ranks_every_document_of_that_agency_first(searchable):
    results = run(searchable, q("吉市政函", number_agency="吉市政函"))
    assert set(ids(results)[:2]) == {"site_city:1", "site_city:3"}
    assert ids(results)[2] == "site_city:2"


def test_an_index_number_finds_its_document_first(searchable):
    results = run(searchable, q("TCXXGK-2013-004232", index_number="TCXXGK-2013-004232"))
    assert ids(results)[0] == "site_dept:1"
    assert results.hits[0].index_number == "TCXXGK-2013-004232"
    assert results.hits[0].document_number == "铜政办发〔2013〕38号"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"sites": (1,)}, {"site_city:1", "site_city:2", "site_city:3", "site_city:50"}),
        ({"levels": ("department",)}, {"site_dept:1"}),
        ({"content_types": ("article",)}, {"site_town:1"}),
        ({"content_types": ("interpretation",)}, {"site_city:2"}),
        ({"doctypes": ("plan",)}, {"site_dept:1"}),
        ({"years": (2009,)}, {"site_city:1", "site_city:2"}),
        ({"validity": ("repealed",)}, {"site_dept:1"}),
        # A top-level 主题分类 code matches its children (0102) and itself (01).
        ({"topics": ("01",)}, {"site_city:1", "site_dept:1"}),
        ({"topics": ("0201",)}, {"site_county:1", "site_city:50", "site_town:50"}),
    ],
)
def test_each_filter_keeps_only_matching_documents(searchable, options, expected):
    results = run(searchable, collapse=False, page_size=50, **options)
    assert set(ids(results)) == expected
    assert results.total == len(expected)


def test_a_subtree_is_the_site_and_every_site_below_it(searchable):
    county = run(searchable, subtree_of=2, collapse=False, page_size=50)
    assert set(ids(county)) == {"site_county:1", "site_town:1", "site_town:50"}
    city = run(searchable, subtree_of=1, collapse=False, page_size=50)
    assert city.total == 8
    assert not any(hit_id.startswith("site_other") for hit_id in ids(city))


def test_copies_collapse_onto_one_hit_that_counts_the_other_sites(searchable):
    collapsed = run(searchable, q("益阳", terms=["益阳"]))
    assert collapsed.total == 1
    (hit,) = collapsed.hits
    assert hit.id == "site_county:1"  # the source, not a copy
    assert hit.other_copies == 2
    assert run(searchable, q("益阳", terms=["益阳"]), collapse=False).total == 3


def test_facets_count_documents_not_copies(searchable):
    results = run(searchable, q("益阳", terms=["益阳"]))
    assert sorted(results.facets["site"]) == [("1", 1), ("2", 1), ("4", 1)]
    assert results.facets["content_type"] == [("policy_document", 1)]
    assert results.facets["year"] == [("2017", 1)]
    assert results.facets["topic"] == [("0201", 1)]
    everything = run(searchable)
    assert dict(everything.facets["content_type"]) == {
        "policy_document": 5,
        "article": 1,
        "interpretation": 1,
        "page": 1,
    }
    assert dict(everything.facets["validity"]) == {"current": 3, "repealed": 1}
    assert dict(everything.facets["year"]) == {
        "2009": 2,
        "2010": 1,
        "2012": 1,
        "2013": 1,
        "2017": 1,
        "2024": 2,
    }
    assert everything.total == 8


def test_date_sort_puts_the_newest_first(searchable):
    results = run(searchable, q("政务公开", terms=["政务公开"]), sort="date", page_size=50)
    dates = [hit.published_at for hit in results.hits]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) >= 5


def test_highlights_are_escaped_html_with_em_only(searchable):
    results = run(searchable, q("政务公开", terms=["政务公开"]), sites=(9,))
    hit = next(hit for hit in results.hits if hit.id == "site_other:2")
    assert hit.title == "<script>alert('x')</script>政务公开测试页"
    assert "<script>" not in hit.title_highlighted
    assert "&lt;script&gt;" in hit.title_highlighted
    assert "<em>政务公开</em>" in hit.title_highlighted
    assert "<b>" not in hit.snippet
    assert "&lt;b&gt;" in hit.snippet
    assert hit.snippet.replace("<em>", "").replace("</em>", "").count("<") == 0


def test_a_hit_without_a_match_in_the_body_gets_the_start_of_the_body(searchable):
    results = run(searchable, q("安全生产", terms=["安全生产"]))
    assert ids(results)[0] == "site_city:3"
    assert results.hits[0].snippet.startswith("各县")


def test_pages_go_as_deep_as_the_result_window_and_no_further(searchable):
    last_allowed = MAX_RESULT_WINDOW // 10
    within = run(searchable, page=last_allowed)
    assert (within.hits, within.notice) == ([], "")  # empty, but asked for
    beyond = run(searchable, page=last_allowed + 1)
    assert beyond.hits == []
    assert beyond.total == 8
    assert beyond.notice == messages.TOO_DEEP.format(window=MAX_RESULT_WINDOW)
    # A page below 1 is the first page, as on PostgreSQL.
    assert ids(run(searchable, page=0)) == ids(run(searchable, page=1))
    assert run(searchable, page=2, page_size=5).total == 8
    assert len(run(searchable, page=2, page_size=5).hits) == 3


def test_text_a_person_types_never_breaks_the_query(searchable):
    for raw in ['"', "AND OR NOT", "title:(x", "*?~^", "\\", "〔〕[]{}", "a" * 2000]:
        results = run(searchable, q(raw, terms=[raw], phrases=[raw]))
        assert results.total >= 0
