"""The dictionary applied to pages: publishing and workflow submission in a site."""

import pytest
from django_tenants.utils import schema_context
from wagtail.rich_text import RichText

from cluster.wording.models import EntryKind
from cluster.wording.pages import page_wording_hits
from cluster.wording.selectors import current_dictionary
from cluster.wording.services import entries_import, entry_add, entry_retire
from sites.core.publishing import PublicationRefusedError
from tests.conftest import PASSWORD, admin_login, host_client
from tests.sites.disclosure.conftest import make_document


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield alpha


def _body(*paragraphs):
    return [("paragraph", RichText("".join(f"<p>{p}</p>" for p in paragraphs)))]


def test_blocking_word_in_title_and_rich_text_body_refuses_publishing_with_positions(in_alpha):
    entry_add(kind=EntryKind.BLOCK, word="绝密资料")
    page = make_document(
        title="关于绝密资料的通知",
        body=_body("第一段正常。", "第二段提到绝密资料。"),
        publish=False,
    )
    with pytest.raises(PublicationRefusedError) as refused:
        page.save_revision().publish()
    assert refused.value.problems == [
        "标题第3字：“绝密资料”是禁用词，请删除或改写。",
        "正文第2段第6字：“绝密资料”是禁用词，请删除或改写。",
    ]
    page.refresh_from_db()
    assert not page.live


def test_warnings_and_miswritings_do_not_block_publishing(in_alpha):
    entry_add(kind=EntryKind.MISWRITING, word="按装", suggestion="安装")
    entry_add(kind=EntryKind.WARN, word="最佳")
    page = make_document(title="最佳做法", body=_body("请按装设备。"), publish=False)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    hits = page_wording_hits(page)
    assert [(hit.field, hit.kind, hit.suggestion) for hit in hits] == [
        ("标题", EntryKind.WARN, ""),
        ("正文", EntryKind.MISWRITING, "安装"),
    ]


def test_dictionary_change_takes_effect_without_restart(in_alpha):
    page = make_document(title="关于某某事项的通知", publish=False)
    first = current_dictionary()
    assert current_dictionary() is first  # built once while nothing changes
    assert page_wording_hits(page) == []
    entry = entry_add(kind=EntryKind.BLOCK, word="某某事项")
    assert [hit.word for hit in page_wording_hits(page)] == ["某某事项"]
    entry_retire(entry=entry)
    assert page_wording_hits(page) == []
    assert current_dictionary().version == first.version + 2


def test_submission_to_a_workflow_with_a_blocking_word_is_refused(in_alpha, accounts):
    entry_add(kind=EntryKind.BLOCK, word="绝密资料")
    page = make_document(title="普通通知", body=_body("附：绝密资料。"), publish=False)
    page.save_revision()
    workflow = page.get_workflow()
    assert workflow is not None
    with pytest.raises(PublicationRefusedError) as refused:
        workflow.start(page, accounts["alpha_editor"])
    assert refused.value.problems == ["正文第3字：“绝密资料”是禁用词，请删除或改写。"]
    assert page.workflow_states.count() == 0


def test_editor_publish_is_refused_and_warnings_are_shown_after_saving(alpha):
    import datetime

    from wagtail.models import Page
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from sites.news.models import ArticlePage

    entry_add(kind=EntryKind.BLOCK, word="绝密资料")
    entry_add(kind=EntryKind.MISWRITING, word="按装", suggestion="安装")
    with schema_context("site_alpha"):
        article = ArticlePage(
            title="新闻", slug="xinwen", date=datetime.date(2026, 11, 2), live=False
        )
        Page.objects.get(slug="news", depth=3).add_child(instance=article)
        article.save_revision()
    client, _ = admin_login("alpha.localhost", "platform")

    def edit(title, **extra):
        data = nested_form_data(
            {
                "title": title,
                "slug": "xinwen",
                "date": "2026-11-02",
                "source": "",
                "author": "",
                "summary": "",
                "body": streamfield([("paragraph", rich_text("<p>请按装设备。</p>"))]),
            }
        )
        url = f"/admin/pages/{article.pk}/edit/"
        return client.post(url, data | extra, follow=True).content.decode()

    refused = edit("绝密资料新闻", **{"action-publish": "publish"})
    assert "标题第1字：“绝密资料”是禁用词" in refused
    with schema_context("site_alpha"):
        article.refresh_from_db()
        assert not article.live
    saved = edit("普通新闻")
    assert "正文第2字：“按装”可能有误，应为“安装”。" in saved and "不影响提交和发布" in saved
    published = edit("普通新闻", **{"action-publish": "publish"})
    assert "应为“安装”" in published
    with schema_context("site_alpha"):
        article.refresh_from_db()
        assert article.live


def test_platform_admin_maintains_and_imports_the_dictionary_in_the_console(db):
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    response = client.post(
        "/wording/", {"kind": "leader", "word": "张明", "title": "市长", "rank": "1"}
    )
    assert response.status_code == 302
    bad = client.post("/wording/", {"kind": "miswriting", "word": "按装"}).content.decode()
    assert "易错词须填写正确写法" in bad
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "words.txt", "类别,词语,写法\n禁用,绝密资料\n易错,按装,安装\n".encode()
    )
    client.post("/wording/import/", {"file": upload})
    page = client.get("/wording/?text=副市长张明按装了绝密资料").content.decode()
    assert "错敏词库" in page and "绝密资料" in page
    assert "现任职务为“市长”" in page and "应为“安装”" in page and "禁用词" in page


def test_import_refuses_a_file_with_an_unknown_kind_and_adds_nothing(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="第2行"):
        entries_import(name="w.txt", data="禁用,甲\n敏感,乙\n".encode())
    assert len(current_dictionary()) == 0


def test_bulk_publish_of_a_draft_with_a_blocking_word_publishes_nothing(alpha):
    import datetime

    from wagtail.models import Page

    from sites.news.models import ArticlePage

    entry_add(kind=EntryKind.BLOCK, word="绝密资料")
    with schema_context("site_alpha"):
        news = Page.objects.get(slug="news", depth=3)
        clean = ArticlePage(title="普通新闻", slug="a", date=datetime.date(2026, 1, 1), live=False)
        dirty = ArticlePage(title="绝密资料", slug="b", date=datetime.date(2026, 1, 1), live=False)
        for article in (clean, dirty):
            news.add_child(instance=article)
            article.save_revision()
    client, _ = admin_login("alpha.localhost", "platform")
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={clean.pk}&id={dirty.pk}&next=/admin/pages/{news.pk}/",
        {},
        follow=True,
    )
    assert "《绝密资料》标题第1字：“绝密资料”是禁用词" in response.content.decode()
    with schema_context("site_alpha"):
        assert not ArticlePage.objects.filter(pk__in=[clean.pk, dirty.pk], live=True).exists()


def test_approval_after_the_dictionary_gained_a_blocking_word_is_rolled_back(in_alpha):
    import datetime

    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    from sites.news.models import ArticlePage

    news = Page.objects.get(slug="news", depth=3)
    article = ArticlePage(title="新出现的敏感说法", slug="c", date=datetime.date(2026, 1, 1))
    article.live = False
    news.add_child(instance=article)
    article.save_revision()
    workflow = Workflow.objects.create(name="新闻审核")
    task = GroupApprovalTask.objects.create(name="新闻签发")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=news)
    editor, _ = admin_login("alpha.localhost", "alpha_editor")
    state = workflow.start(article, editor.get("/admin/").wsgi_request.user)
    entry_add(kind=EntryKind.BLOCK, word="敏感说法")  # after the submission passed
    client, _ = admin_login("alpha.localhost", "platform")
    response = client.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
        follow=True,
    )
    article.refresh_from_db()
    state.refresh_from_db()
    assert not article.live and state.status == "in_progress"
    assert "标题第5字：“敏感说法”是禁用词" in response.content.decode()


def test_syndicated_copy_of_an_upper_level_document_is_never_refused(in_alpha):
    from sites.core.models import CopyOrigin

    entry_add(kind=EntryKind.BLOCK, word="绝密资料")
    copy = make_document(title="国务院关于绝密资料管理的通知", publish=False)
    CopyOrigin.objects.create(
        page=copy,
        source_schema="upstream",
        source_page_id=1,
        source_site_name="中国政府网",
        source_url="https://www.gov.cn/zhengce/1.htm",
    )
    copy.save_revision().publish()
    copy.refresh_from_db()
    assert copy.live
    # The same text written on the site itself is refused.
    own = make_document(title="国务院关于绝密资料管理的通知", publish=False)
    with pytest.raises(PublicationRefusedError):
        own.save_revision().publish()
