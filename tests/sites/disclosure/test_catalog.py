import datetime

from django.utils import timezone

from sites.disclosure.selectors import documents_expired_but_current, documents_published_late
from tests.conftest import host_client

from .conftest import make_document

D = datetime.date


def _at(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=timezone.get_current_timezone())


def _listing(query):
    return host_client("alpha.localhost").get("/xxgk/fdzdgknr/art20-01/" + query).content.decode()


def test_category_listing_filters_by_year_topic_doctype_validity_and_text(in_alpha):
    make_document(
        title="二〇二四年的函",
        doctype="han",
        topic="0301",
        written_date=D(2024, 3, 1),
        document_number="甲财函〔2024〕3号",
        published_at=_at(D(2024, 3, 5)),
    )
    make_document(title="今年的通知", written_date=D(2026, 1, 5))
    make_document(
        title="已废止的决定",
        doctype="jueding",
        validity="repealed",
        repealed_date=D(2026, 2, 1),
        written_date=D(2025, 5, 1),
        published_at=_at(D(2025, 5, 6)),
    )
    assert "二〇二四年的函" in _listing("?year=2024") and "今年的通知" not in _listing("?year=2024")
    assert "二〇二四年的函" in _listing("?topic=03") and "今年的通知" not in _listing("?topic=03")
    assert "已废止的决定" in _listing("?doctype=jueding") and "今年的通知" not in _listing(
        "?doctype=jueding"
    )
    assert "已废止的决定" in _listing("?validity=repealed") and "今年的通知" not in _listing(
        "?validity=repealed"
    )
    assert "二〇二四年的函" in _listing("?q=甲财函") and "今年的通知" not in _listing("?q=甲财函")
    oldest = _listing("?sort=oldest")
    assert oldest.index("二〇二四年的函") < oldest.index("今年的通知")
    bad = _listing("?year=abc&validity=nonsense")
    assert "今年的通知" in bad  # invalid filters are ignored, never an error page


def test_catalog_finds_a_document_number_typed_with_any_brackets(in_alpha):
    from urllib.parse import quote

    make_document(
        title="关于同意设立开发区的批复",
        document_number="吉市政函〔2009〕53号",
        written_date=D(2009, 3, 1),
        published_at=_at(D(2009, 3, 5)),
    )
    make_document(title="另一份文件", document_number="吉市政函〔2009〕54号")
    for typed in ["吉市政函[2009]53号", "吉市政函（2009）53号", "吉市政函 〔２００９〕 第53号"]:
        listing = _listing("?q=" + quote(typed))
        assert "关于同意设立开发区的批复" in listing, typed
        assert "另一份文件" not in listing, typed
    fragment = _listing("?q=" + quote("吉市政函[2009]"))
    assert "关于同意设立开发区的批复" in fragment and "另一份文件" in fragment


def test_pagination_keeps_the_filters(in_alpha):
    for number in range(22):
        make_document(
            title=f"批量通知{number:02d}",
            slug=f"batch-{number}",
            document_number=f"甲政发〔2026〕{number + 10}号",
        )
    first = _listing("?q=批量")
    assert "第 1 / 2 页" in first and "q=%E6%89%B9%E9%87%8F&amp;page=2" in first
    assert "批量通知" in _listing("?q=批量&page=2")


def test_timeliness_report_finds_late_publication_and_expired_current_documents(in_alpha):
    # 成文 5 January 2026, published 2 March: 25 working days, over the 20 of Art. 26.
    late = make_document(
        title="迟发文件", written_date=D(2026, 1, 5), published_at=_at(D(2026, 3, 2))
    )
    on_time = make_document(
        title="按时文件", written_date=D(2026, 1, 5), published_at=_at(D(2026, 1, 20))
    )
    stale = make_document(
        title="过期文件", effective_date=D(2026, 1, 6), expiry_date=D(2026, 6, 30)
    )
    found = {
        document.pk: document.working_days_to_publish for document in documents_published_late()
    }
    assert late.pk in found and found[late.pk] > 20 and on_time.pk not in found
    assert stale in documents_expired_but_current(today=D(2026, 7, 1))
    assert stale not in documents_expired_but_current(today=D(2026, 6, 30))


def test_feeds_list_published_documents_per_site_and_per_column(in_alpha):
    document = make_document(title="订阅中的通知")
    client = host_client("alpha.localhost")
    rss = client.get("/feeds/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "订阅中的通知" in rss.content.decode() and document.full_url in rss.content.decode()
    atom = client.get(f"/feeds/atom/{document.get_parent().pk}/").content.decode()
    assert "订阅中的通知" in atom and "<feed" in atom
    assert (
        "订阅中的通知"
        not in client.get(
            f"/feeds/rss/{document.get_parent().get_parent().get_parent().pk + 10000}/"
        ).content.decode()
    )
    assert "订阅中的通知" not in host_client("beta.localhost").get("/feeds/rss/").content.decode()
