"""Fixtures for the search tests: a backend per name, and a small cluster of documents.

The contract suite (test_backend_contract.py) runs once per entry in BACKENDS. To run it
against another backend, add a factory here: it gets the pytest request, returns an empty
backend, and cleans up after the test (request.addfinalizer).
"""

import datetime
from dataclasses import replace

import pytest

from search.backends.base import SearchDocument
from tests.browser.conftest import site_server  # noqa: F401 (fixture: a live server thread)
from tests.search.engine_fixtures import (  # noqa: F401 (fixtures)
    MEASUREMENTS,
    engine,
    opensearch_engine,
    search_node_url,
)


def _postgres(request):
    from search.backends.postgres import PostgresBackend

    # The index is a table: each test's rows are rolled back with its transaction (`db`).
    return PostgresBackend()


def _opensearch(request):
    from tests.search.engine_fixtures import drop_indices, new_backend

    backend = new_backend("opensearch", request.getfixturevalue("search_node_url"))
    request.addfinalizer(lambda: drop_indices(backend))
    return backend


BACKENDS = {"postgres": _postgres, "opensearch": _opensearch}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, db):
    return BACKENDS[request.param](request)


# Sites: a city with a county (and a township under it) and a department; another city.
CITY, COUNTY, TOWNSHIP, DEPARTMENT, OTHER_CITY = 101, 102, 103, 104, 201
SITES = {
    CITY: ("site_city", "吉林市人民政府", "city", (CITY,)),
    COUNTY: ("site_county", "永吉县人民政府", "county", (COUNTY, CITY)),
    TOWNSHIP: ("site_township", "口前镇人民政府", "township", (TOWNSHIP, COUNTY, CITY)),
    DEPARTMENT: ("site_dept", "吉林市民政局", "department", (DEPARTMENT, CITY)),
    OTHER_CITY: ("site_other", "益阳市人民政府", "city", (OTHER_CITY,)),
}
TZ = datetime.timezone(datetime.timedelta(hours=8))


def document(site: int, page_id: int, title: str, **fields) -> SearchDocument:
    schema, site_name, level, path = SITES[site]
    published = fields.pop("published", datetime.date(2024, 1, 1))
    return SearchDocument(
        id=f"{schema}:{page_id}",
        schema=schema,
        page_id=page_id,
        tenant_id=site,
        site_name=site_name,
        site_level=level,
        site_path=path,
        url=f"https://{schema}.example/{page_id}/",
        title=title,
        body=fields.pop("body", ""),
        content_type=fields.pop("content_type", "article"),
        published_at=datetime.datetime.combine(published, datetime.time(10, 0), tzinfo=TZ),
        **fields,
    )


def policy(site, page_id, title, number, agency, year, serial, **fields) -> SearchDocument:
    return document(
        site,
        page_id,
        title,
        content_type="policy_document",
        document_number=number,
        number_agency=agency,
        number_year=year,
        number_serial=serial,
        doctype=fields.pop("doctype", "notice"),
        validity=fields.pop("validity", "current"),
        issuers=fields.pop("issuers", (SITES[site][1],)),
        **fields,
    )


def _cluster() -> dict[str, SearchDocument]:
    docs = {
        "jilin53": policy(
            CITY,
            1,
            "吉林市人民政府关于印发《2008年度政务公开工作开展情况和2009年重点工作安排》的通知",
            "吉市政函〔2009〕53号",
            "吉市政函",
            2009,
            53,
            published=datetime.date(2009, 2, 23),
            topic="gongkai",
            topic_parent="zhengwu",
            index_number="112202000135999915/2009-00053",
            body="2008年，全市政务公开工作认真按照“让权力在阳光下运行”的总体要求，紧紧围绕政府信息公开、"
            "政务服务中心建设等重点工作，全面加大了政务公开各项工作的推进力度。",
        ),
        "jilin54": policy(
            CITY,
            2,
            "吉林市人民政府关于加强城市管理工作的通知",
            "吉市政函〔2009〕54号",
            "吉市政函",
            2009,
            54,
            published=datetime.date(2009, 3, 1),
            topic="chengshi",
            topic_parent="chengxiang",
            body="为进一步加强城市管理，改善人居环境，现就有关事项通知如下。",
        ),
        "jilin2010": policy(
            CITY,
            3,
            "吉林市人民政府关于做好2010年春耕生产工作的通知",
            "吉市政函〔2010〕53号",
            "吉市政函",
            2010,
            53,
            published=datetime.date(2010, 3, 5),
            topic="nongye",
            topic_parent="nongye",
            body="各县（市）区人民政府：做好春耕备耕工作，确保粮食生产。",
        ),
        "interpretation": document(
            CITY,
            4,
            "关于吉市政函〔2009〕53号文件的政策解读",
            content_type="interpretation",
            published=datetime.date(2009, 2, 25),
            topic="gongkai",
            topic_parent="zhengwu",
            body="吉市政函〔2009〕53号对2009年政务公开工作作出安排。吉市政函〔2009〕53号要求各地"
            "深化政务公开。本解读说明吉市政函〔2009〕53号的主要内容。",
        ),
        "plan": document(
            CITY,
            5,
            "2024年政务公开工作要点",
            published=datetime.date(2024, 3, 1),
            topic="gongkai",
            topic_parent="zhengwu",
            body="推进政府信息公开，做好依申请公开工作，优化营商环境。",
        ),
        "scattered": document(
            COUNTY,
            6,
            "永吉县年度工作总结",
            published=datetime.date(2024, 2, 1),
            body="本年度各项工作有序推进。下一步的要点是加强学习。",
        ),
        "tongchuan": policy(
            OTHER_CITY,
            7,
            "铜川市人民政府办公室关于印发推进政务公开建设服务型政府工作方案的通知",
            "铜政办发〔2013〕38号",
            "铜政办发",
            2013,
            38,
            index_number="TCXXGK-2013-004232",
            published=datetime.date(2013, 6, 5),
            doctype="plan",
            validity="repealed",
            body="为深入推进政务公开，建设服务型政府，制定本方案。",
        ),
        "source": policy(
            CITY,
            8,
            "关于进一步做好最低生活保障工作的意见",
            "吉市政发〔2023〕7号",
            "吉市政发",
            2023,
            7,
            published=datetime.date(2023, 5, 10),
            doctype="opinion",
            topic="minzheng",
            topic_parent="shehui",
            body="完善最低生活保障制度，做好困难群众基本生活保障。",
        ),
        "script": document(
            DEPARTMENT,
            9,
            "<script>alert(1)</script>优化营商环境 & 便民服务",
            published=datetime.date(2024, 6, 1),
            body="<b>营商环境</b>持续优化，企业办事更便利。",
        ),
        "township": document(
            TOWNSHIP,
            10,
            "口前镇最低生活保障对象公示",
            published=datetime.date(2024, 7, 1),
            body="经审核，以下家庭纳入最低生活保障范围。",
        ),
    }
    # The county and the department republish the city's opinion (syndicated copies).
    docs["copy_county"] = replace(
        docs["source"],
        id="site_county:300",
        schema="site_county",
        page_id=300,
        tenant_id=COUNTY,
        site_name=SITES[COUNTY][1],
        site_level="county",
        site_path=SITES[COUNTY][3],
        url="https://site_county.example/300/",
        published_at=docs["source"].published_at + datetime.timedelta(days=1),
        canonical_id=docs["source"].id,
    )
    docs["copy_department"] = replace(
        docs["copy_county"],
        id="site_dept:300",
        schema="site_dept",
        page_id=300,
        tenant_id=DEPARTMENT,
        site_name=SITES[DEPARTMENT][1],
        site_level="department",
        site_path=SITES[DEPARTMENT][3],
        url="https://site_dept.example/300/",
    )
    # Weekly bulletins, enough for three pages.
    for n in range(1, 26):
        docs[f"bulletin{n}"] = document(
            COUNTY,
            100 + n,
            f"安全生产检查通报（第{n}期）",
            published=datetime.date(2022, 1, 1) + datetime.timedelta(days=7 * n),
            body=f"第{n}期：本周安全生产检查发现隐患{n}处，已全部整改。",
        )
    return docs


@pytest.fixture
def cluster_documents() -> dict[str, SearchDocument]:
    return _cluster()


@pytest.fixture
def indexed(backend, cluster_documents):
    backend.index(cluster_documents.values())
    return cluster_documents


def pytest_terminal_summary(terminalreporter):
    if MEASUREMENTS:
        terminalreporter.section("search engine measurements")
        for name, value in MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")
