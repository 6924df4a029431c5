import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from cluster.vocabularies.models import Term, Vocabulary, VocabularyRelease
from cluster.vocabularies.selectors import term_choices, term_label
from cluster.vocabularies.services import term_add, term_rename, term_retire
from tests.conftest import PASSWORD, host_client


def test_standard_vocabularies_are_released_as_version_one(db):
    assert VocabularyRelease.objects.get(number=1).note == "标准词表"
    doctypes = list(
        Term.objects.filter(vocabulary=Vocabulary.DOCTYPE).values_list("name", flat=True)
    )
    assert len(doctypes) == 15 and doctypes[0] == "决议" and doctypes[-1] == "纪要"
    assert (
        Term.objects.filter(vocabulary=Vocabulary.CATEGORY, code__startswith="art20-").count() == 15
    )
    assert term_label(Vocabulary.TOPIC, "0101") == "综合政务\\政务公开"


def test_each_change_is_a_new_release_and_retired_terms_keep_their_name(db):
    term = term_add(vocabulary=Vocabulary.GENRE, code="zwfw", name="政务服务")
    assert term.introduced_in.number == 2
    term_rename(term=term, name="政务服务事项")
    retired = term_retire(term=term)
    assert retired.retired_in.number == 4
    assert ("zwfw", "政务服务事项") not in term_choices(Vocabulary.GENRE)
    # A document filed under it still shows, and may keep, its classification.
    assert term_label(Vocabulary.GENRE, "zwfw") == "政务服务事项"
    assert ("zwfw", "政务服务事项（已停用）") in term_choices(Vocabulary.GENRE, include="zwfw")
    with pytest.raises(ValidationError):
        term_add(vocabulary=Vocabulary.GENRE, code="zwfw", name="再用旧代码")


def test_a_parent_topic_cannot_be_retired_before_its_children(db):
    with pytest.raises(ValidationError, match="下级"):
        term_retire(term=Term.objects.get(vocabulary=Vocabulary.TOPIC, code="01"))


def test_site_schemas_read_the_shared_vocabulary(alpha):
    with schema_context("site_alpha"):
        assert term_label(Vocabulary.DOCTYPE, "han") == "函"


def test_platform_admins_maintain_vocabularies_in_the_console(db):
    client = host_client("console.localhost")
    client.post("/login/", {"username": "platform", "password": PASSWORD})
    page = client.get("/vocabularies/doctype/").content.decode()
    assert "纪要" in page and "共享词表" in page
    response = client.post(
        "/vocabularies/topic/", {"code": "0108", "name": "政务服务", "parent_code": "01"}
    )
    assert response.status_code == 302
    assert term_label(Vocabulary.TOPIC, "0108") == "综合政务\\政务服务"
    bad = client.post("/vocabularies/topic/", {"code": "0108", "name": "重复"}).content.decode()
    assert "已有此代码" in bad and "重复" in bad


def test_editors_cannot_reach_the_vocabulary_console(db):
    client = host_client("console.localhost")
    client.post("/login/", {"username": "alpha_editor", "password": PASSWORD})
    assert client.get("/vocabularies/topic/").status_code == 302
