"""Deliveries you can see: failures recorded and retried, waiting sites, skipped ones."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cluster.onboarding.services import site_create, site_set_status
from cluster.syndication.models import CopyDelivery, Subscription
from cluster.syndication.services import delivery_resend, subscription_set
from cluster.tasks.models import Delivery
from cluster.tenants.models import Tenant
from sites.core.models import CopyOrigin
from tests.conftest import make_credit_code

from .conftest import make_document

Status = CopyDelivery.Status


@pytest.fixture
def gamma(alpha, channel):
    tenant = site_create(
        name="丙区人民政府",
        level=Tenant.Level.COUNTY,
        parent=alpha,
        credit_code=make_credit_code("11220200013599993"),
        site_code="9900000003",
        domain="gamma.localhost",
        schema_name="site_gamma",
    )
    return tenant


def _refuse_new_pages(schema):
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE FUNCTION "{schema}".refuse_pages() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'disk quota exceeded in {schema}'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_pages BEFORE INSERT ON "{schema}".wagtailcore_page
            FOR EACH ROW EXECUTE FUNCTION "{schema}".refuse_pages();
            """
        )


def test_a_new_county_subscribes_to_the_citys_default_channel(gamma, channel):
    subscription = Subscription.objects.get(subscriber=gamma)
    assert subscription.channel == channel and subscription.target_column == "sjwj"


def test_a_subscriber_failing_on_insert_is_recorded_and_the_others_are_delivered(gamma, publish):
    _refuse_new_pages("site_gamma")
    document = publish("site_alpha", make_document)
    beta_delivery = CopyDelivery.objects.get(
        source_page_id=document.pk, subscriber__schema_name="site_beta"
    )
    gamma_delivery = CopyDelivery.objects.get(source_page_id=document.pk, subscriber=gamma)
    assert beta_delivery.status == Status.DELIVERED
    assert gamma_delivery.status == Status.FAILED
    assert "disk quota exceeded" in gamma_delivery.last_error and gamma_delivery.attempts == 1
    pipeline_record = Delivery.objects.get(consumer="syndication.copy", schema="site_gamma")
    assert pipeline_record.status == Delivery.Status.RETRYING and pipeline_record.next_attempt_at

    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER refuse_pages ON "site_gamma".wagtailcore_page')
    publish("public", delivery_resend, delivery=gamma_delivery)
    gamma_delivery.refresh_from_db()
    assert gamma_delivery.status == Status.DELIVERED and gamma_delivery.last_error == ""
    with schema_context("site_gamma"):
        assert CopyOrigin.objects.filter(source_page_id=document.pk).count() == 1


def test_a_suspended_subscriber_gets_its_copies_when_reactivated(gamma, publish):
    publish("public", site_set_status, tenant=gamma, status="suspended")
    document = publish("site_alpha", make_document)
    delivery = CopyDelivery.objects.get(source_page_id=document.pk, subscriber=gamma)
    assert delivery.status == Status.PENDING and "暂停" in delivery.note
    with schema_context("site_gamma"):
        assert not CopyOrigin.objects.exists()
    publish("public", site_set_status, tenant=Tenant.objects.get(pk=gamma.pk), status="active")
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    with schema_context("site_gamma"):
        assert CopyOrigin.objects.filter(source_page_id=document.pk).count() == 1


def test_an_archived_subscriber_is_skipped_without_errors(gamma, publish):
    publish("public", site_set_status, tenant=gamma, status="archived")
    document = publish("site_alpha", make_document)
    # Archived sites are not fanned out to at all; an earlier delivery is skipped.
    assert not CopyDelivery.objects.filter(source_page_id=document.pk, subscriber=gamma).exists()
    delivery = CopyDelivery.objects.create(
        source_schema="site_alpha", source_page_id=document.pk, subscriber=gamma
    )
    publish("public", delivery_resend, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == Status.SKIPPED and "归档" in delivery.note


def test_the_source_page_deleted_before_its_delivery_runs_is_recorded(channel, beta, publish):
    from wagtail.models import Page

    from cluster.syndication.services import delivery_apply

    document = publish("site_alpha", make_document)
    delivery = CopyDelivery.objects.get(source_page_id=document.pk)
    with schema_context("site_alpha"):
        Page.objects.filter(pk=document.pk).delete()  # a queryset delete sends no signals
    with schema_context("site_beta"):
        assert delivery_apply(delivery_id=delivery.pk) == Status.WITHDRAWN
    delivery.refresh_from_db()
    assert "删除" in delivery.note


def test_two_channels_carrying_one_page_to_one_site_make_one_copy(alpha, beta, channel, publish):
    from cluster.syndication.services import channel_create

    second = channel_create(source=alpha, name="规范性文件", source_column_path="xxgk")
    subscription_set(channel=second, subscriber=beta)
    document = publish("site_alpha", make_document)
    assert CopyDelivery.objects.filter(source_page_id=document.pk, subscriber=beta).count() == 1
    with schema_context("site_beta"):
        assert CopyOrigin.objects.filter(source_page_id=document.pk).count() == 1
