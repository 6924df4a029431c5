"""The SearchBackend contract, written against the interface only.

Every test runs once per backend in conftest.BACKENDS; nothing here knows how a backend
stores its documents. Documents are built as SearchDocument values (conftest._cluster).
"""

from dataclasses import replace

import pytest

from search.backends.base import MAX_RESULT_WINDOW, SearchQuery
from search.query import parse_query

from .conftest import CITY, COUNTY, DEPARTMENT, OTHER_CITY, TOWNSHIP


def run(backend, text, **options):
    return backend.search(SearchQuery(parse_query(text), **options))


def ids(results):
    return [hit.id for hit in results.hits]


# -- writes ---------------------------------------------------------------------


def test_indexing_a_document_twice_leaves_one_with_the_latest_contents(backend, cluster_documents):
    plan = cluster_documents["plan"]
    assert backend.index([plan]) == 1
    backend.index([replace(plan, title="2025年政务公开工作要点")])
    backend.index([replace(plan, title="2025年政务公开工作要点")])

    results = run(backend, "工作要点")
    assert ids(results) == [plan.id]
    assert results.hits[0].title == "2025年政务公开工作要点"


def test_deleting_is_idempotent_and_missing_ids_are_fine(backend, indexed):
    plan = indexed["plan"]
    backend.delete([plan.id])
    backend.delete([plan.id, "site_city:999999"])
    backend.delete([])

    assert plan.id not in ids(run(backend, "政务公开"))
    assert run(backend, "依申请公开").total == 0


def test_deleting_a_site_removes_only_its_documents(backend, indexed):
    backend.delete_site("site_county")
    backend.delete_site("site_county")

    assert run(backend, "安全生产").total == 0
    assert run(backend, "政务公开").total == 4
    # The county's copy is gone; the source and the department's copy remain.
    assert run(backend, "最低生活保障", collapse=False).total == 3


def test_rebuilding_the_whole_index_replaces_everything(backend, indexed):
    written = backend.rebuild([indexed["plan"], indexed["tongchuan"]])

    assert written == 2
    assert sorted(ids(run(backend, "政务公开"))) == sorted(
        [indexed["plan"].id, indexed["tongchuan"].id]
    )
    assert run(backend, "安全生产").total == 0


def test_rebuilding_one_site_leaves_the_other_sites_alone(backend, indexed):
    bulletin = indexed["bulletin1"]
    backend.rebuild([replace(bulletin, title="防汛检查通报", body="")], schema="site_county")

    assert ids(run(backend, "防汛")) == [bulletin.id]
    assert run(backend, "安全生产").total == 0
    assert run(backend, "最低生活保障", collapse=False).total == 3  # the county copy went
    assert run(backend, "政务公开").total == 4


# -- free text, phrases, document numbers ----------------------------------------


def test_a_chinese_word_finds_the_documents_containing_it(backend, indexed):
    results = run(backend, "政务公开")

    assert indexed["plan"].id in ids(results)
    assert results.total == 4
    # A shorter dictionary word inside a longer one is found too (信息公开 in 政府信息公开).
    assert indexed["plan"].id in ids(run(backend, "信息公开"))


def test_every_word_must_match(backend, indexed):
    assert ids(run(backend, "政务公开 营商环境")) == [indexed["plan"].id]
    assert run(backend, "政务公开 防汛抗旱").total == 0


def test_a_quoted_phrase_matches_only_adjacent_words(backend, indexed):
    assert ids(run(backend, '"工作要点"')) == [indexed["plan"].id]
    # 工作 … 要点 far apart still match as words.
    assert indexed["scattered"].id in ids(run(backend, "工作 要点"))


@pytest.mark.parametrize(
    "typed",
    [
        "吉市政函〔2009〕53号",
        "吉市政函[2009]53号",
        "吉市政函（2009）第53号",
        "吉市政函【２００９】５３号",
        "吉市政函2009年53号",
        "吉市政函 2009年第53号",
        "“吉市政函〔2009〕53号”",
    ],
)
def test_a_document_number_in_any_variant_ranks_its_document_first(backend, indexed, typed):
    results = run(backend, typed)

    assert ids(results)[0] == indexed["jilin53"].id
    # The interpretation that cites the number is found too, after it.
    assert indexed["interpretation"].id in ids(results)
    # Same agency and serial, another year: not the same number.
    assert indexed["jilin2010"].id not in ids(results)


def test_an_agency_code_alone_ranks_its_documents_first(backend, indexed):
    results = run(backend, "吉市政函")
    numbered = {indexed[name].id for name in ("jilin53", "jilin54", "jilin2010")}

    assert set(ids(results)[:3]) == numbered
    assert indexed["interpretation"].id in ids(results)[3:]


def test_an_agency_code_and_year_find_that_years_documents(backend, indexed):
    results = run(backend, "吉市政函〔2009〕")

    assert set(ids(results)[:2]) == {indexed["jilin53"].id, indexed["jilin54"].id}
    assert indexed["jilin2010"].id not in ids(results)


@pytest.mark.parametrize(
    "typed", ["TCXXGK-2013-004232", "tcxxgk-2013-004232", " TCXXGK-2013-004232 "]
)
def test_an_index_number_matches_exactly(backend, indexed, typed):
    assert ids(run(backend, typed)) == [indexed["tongchuan"].id]


def test_an_unknown_index_number_finds_nothing(backend, indexed):
    assert run(backend, "TCXXGK-2013-004233").hits == []


# -- filters and scope -------------------------------------------------------------


def test_scope_this_site(backend, indexed):
    results = run(backend, "政务公开", sites=(CITY,))

    assert results.total == 3
    assert all(hit.site_name == "吉林市人民政府" for hit in results.hits)


def test_scope_explicit_sites(backend, indexed):
    results = run(backend, "最低生活保障", sites=(TOWNSHIP, DEPARTMENT), collapse=False)

    assert sorted(hit.site_level for hit in results.hits) == ["department", "township"]


def test_scope_this_level_and_below_includes_every_descendant(backend, indexed):
    below_county = run(backend, "最低生活保障", subtree_of=COUNTY, collapse=False)
    below_city = run(backend, "最低生活保障", subtree_of=CITY, collapse=False)

    assert sorted(hit.site_level for hit in below_county.hits) == ["county", "township"]
    assert below_city.total == 4
    assert run(backend, "最低生活保障", subtree_of=OTHER_CITY).total == 0


@pytest.mark.parametrize(
    "options,expected",
    [
        ({"levels": ("county",)}, {"copy_county"}),
        ({"levels": ("township", "department")}, {"township", "copy_department"}),
        ({"content_types": ("article",)}, {"township"}),
        ({"doctypes": ("opinion",)}, {"source", "copy_county", "copy_department"}),
        ({"years": (2024,)}, {"township"}),
        ({"years": (2023,)}, {"source", "copy_department"}),
        ({"validity": ("current",)}, {"source", "copy_county", "copy_department"}),
        ({"topics": ("minzheng",)}, {"source", "copy_county", "copy_department"}),
    ],
)
def test_each_filter_narrows_the_results(backend, indexed, options, expected):
    # The county's copy was published a day later, in 2023 too; move it to make years differ.
    backend.index([replace(indexed["copy_county"], published_at=indexed["township"].published_at)])
    if options == {"years": (2024,)}:
        expected = expected | {"copy_county"}
    results = run(backend, "最低生活保障", collapse=False, **options)

    assert set(ids(results)) == {indexed[name].id for name in expected}


def test_a_top_level_topic_includes_its_children(backend, indexed):
    results = run(backend, "政务公开", topics=("zhengwu",))

    assert set(ids(results)) == {indexed[name].id for name in ("jilin53", "interpretation", "plan")}


def test_unknown_filter_values_give_empty_results(backend, indexed):
    for options in (
        {"content_types": ("nonsense",)},
        {"levels": ("galaxy",)},
        {"topics": ("<script>",)},
        {"years": (1066,)},
        {"sites": (987654,)},
        {"subtree_of": 987654},
        {"sites": ()},
    ):
        results = run(backend, "政务公开", **options)
        assert (results.total, results.hits) == (0, [])


# -- facets, sort, collapse, pagination ------------------------------------------------


def test_facets_count_the_matching_documents(backend, indexed):
    facets = run(backend, "政务公开").facets

    assert dict(facets["site"]) == {str(CITY): 3, str(OTHER_CITY): 1}
    assert dict(facets["content_type"]) == {
        "policy_document": 2,
        "article": 1,
        "interpretation": 1,
    }
    assert facets["content_type"][0] == ("policy_document", 2)  # most frequent first
    assert dict(facets["year"]) == {"2009": 2, "2013": 1, "2024": 1}
    assert dict(facets["validity"]) == {"current": 1, "repealed": 1}
    assert dict(facets["topic"]) == {"gongkai": 3}
    assert dict(facets["level"]) == {"city": 4}


def test_a_chosen_facet_still_counts_its_other_values(backend, indexed):
    results = run(backend, "政务公开", content_types=("article",))

    assert results.total == 1
    # The content_type facet ignores its own filter; the others apply it.
    assert dict(results.facets["content_type"])["policy_document"] == 2
    assert dict(results.facets["year"]) == {"2024": 1}


def test_facets_can_be_left_out(backend, indexed):
    assert not any(run(backend, "政务公开", facets=False).facets.values())


def test_date_sort_puts_the_newest_first(backend, indexed):
    results = run(backend, "政务公开", sort="date")
    dates = [hit.published_at for hit in results.hits]

    assert dates == sorted(dates, reverse=True)
    assert results.hits[0].id == indexed["plan"].id


def test_copies_collapse_onto_their_source_with_the_number_of_other_copies(backend, indexed):
    collapsed = run(backend, "最低生活保障")
    source = [hit for hit in collapsed.hits if hit.id == indexed["source"].id]

    assert collapsed.total == 2
    assert indexed["copy_county"].id not in ids(collapsed)
    assert source[0].other_copies == 2
    assert run(backend, "最低生活保障", collapse=False).total == 4


def test_pages_do_not_overlap_and_cover_every_result(backend, indexed):
    pages = [run(backend, "安全生产", page=page, sort="date") for page in (1, 2, 3)]

    assert [page.total for page in pages] == [25, 25, 25]
    assert [len(page.hits) for page in pages] == [10, 10, 5]
    seen = [hit_id for page in pages for hit_id in ids(page)]
    assert len(set(seen)) == 25
    assert pages[0].hits[0].title == "安全生产检查通报（第25期）"
    assert run(backend, "安全生产", page=4).hits == []


def test_within_the_count_limit_the_total_and_facets_are_exact_and_not_flagged(backend, indexed):
    results = run(backend, "安全生产")

    assert results.total == 25
    assert not results.total_estimated
    assert not results.facets_estimated
    assert sum(count for _value, count in results.facets["site"]) == 25


def test_past_the_count_limit_the_total_is_the_limit_and_both_counts_are_flagged(backend, indexed):
    backend.count_limit = 10
    results = run(backend, "安全生产", sort="date")

    assert results.total == 10
    assert results.total_estimated
    assert results.facets_estimated
    # Facets count a bounded sample of the matches, not all 25.
    assert 0 < sum(count for _value, count in results.facets["site"]) <= 10
    assert results.hits[0].title == "安全生产检查通报（第25期）"


def test_past_the_count_limit_pages_still_reach_every_result(backend, indexed):
    backend.count_limit = 10
    pages = [run(backend, "安全生产", page=page, sort="date") for page in (1, 2, 3)]

    assert [len(page.hits) for page in pages] == [10, 10, 5]
    assert len({hit_id for page in pages for hit_id in ids(page)}) == 25


def test_past_the_count_limit_every_copy_still_counts(backend, indexed):
    backend.count_limit = 1
    collapsed = run(backend, "最低生活保障")
    source = [hit for hit in collapsed.hits if hit.id == indexed["source"].id]

    assert collapsed.total_estimated
    assert indexed["copy_county"].id not in ids(collapsed)
    assert source[0].other_copies == 2


def test_pages_past_the_result_window_are_refused_with_a_notice(backend, indexed):
    last = MAX_RESULT_WINDOW // 10
    assert run(backend, "安全生产", page=last).notice == ""

    results = run(backend, "安全生产", page=last + 1)
    assert results.hits == []
    assert results.notice


# -- highlights ------------------------------------------------------------------------


def test_highlights_are_escaped_text_with_only_em_tags(backend, indexed):
    hit = run(backend, "营商环境").hits[0]

    assert hit.id == indexed["script"].id
    assert hit.title == indexed["script"].title  # plain text, unchanged
    assert "<script>" not in hit.title_highlighted
    assert "&lt;script&gt;" in hit.title_highlighted
    assert "<em>营商环境</em>" in hit.title_highlighted
    assert "&amp;" in hit.title_highlighted
    assert "<em>营商环境</em>" in hit.snippet
    assert "<b>" not in hit.snippet
    for html in (hit.title_highlighted, hit.snippet):
        tags = html.replace("<em>", "").replace("</em>", "")
        assert "<" not in tags and ">" not in tags


def test_snippets_show_the_text_around_the_match(backend, indexed):
    hit = run(backend, "依申请公开").hits[0]

    assert "<em>依申请公开</em>" in hit.snippet
    assert hit.title_highlighted == "2024年政务公开工作要点"


# -- bad input: never an exception -------------------------------------------------------

BAD_INPUTS = [
    "",
    "   ",
    "政" * 10_000,
    "政务公开 " * 2_000,
    '"政务公开',
    '政务公开"',
    '"""',
    '"政务" 公开"',
    "AND",
    "OR NOT",
    "-",
    "+政务 -公开",
    "|| && !",
    "*",
    "?",
    "~1",
    "政务公开 AND",
    '{"query": {"match_all": {}}}',
    '{"script": {"source": "ctx._source"}}',
    "title:政务 AND body:(公开 OR 服务)",
    "'; DROP TABLE cluster_search_document; --",
    "1' OR '1'='1",
    "政务公开'); DELETE FROM tenants_tenant; --",
    "'政务':* & !'公开' <-> <2>",
    "\\",
    "%_%",
    "😀🏛️📄",
    "政务😀公开",
    "\x00\x01\x07\x1b[31m政务\u200b公开\ufeff",
    "\ud800",
    "〔2009〕53号",
    "吉市政函〔0000〕0号",
    "吉市政函〔9999〕99999号",
    "/-/-/-/-/-/-/-/-/-/-/-/-/",
    "a" * 500,
]


@pytest.mark.parametrize("typed", BAD_INPUTS)
def test_bad_input_never_raises(backend, indexed, typed):
    results = run(backend, typed)

    assert results.total >= 0
    assert len(results.hits) <= 10
    if results.total == 0:
        assert results.hits == []


@pytest.mark.parametrize("page", [-1, 0, 10**9, -(10**9)])
def test_bad_pages_never_raise(backend, indexed, page):
    results = run(backend, "安全生产", page=page)

    assert len(results.hits) <= 10
    if page > 1:
        assert results.hits == [] and results.notice


def test_an_empty_query_gives_no_results_and_says_why(backend, indexed):
    for typed in ("", "   ", "😀", "!!!"):
        results = run(backend, typed)
        assert (results.total, results.hits) == (0, [])
        assert results.notice
