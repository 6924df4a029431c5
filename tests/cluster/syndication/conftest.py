import pytest
from django_tenants.utils import schema_context

from cluster.syndication.models import Subscription
from cluster.syndication.services import channel_create, subscription_set
from tests.sites.disclosure.conftest import make_document


@pytest.fixture
def channel(alpha, beta):
    """甲市's 市政府文件 channel with 乙县 subscribed into its 上级文件 column."""
    channel = channel_create(
        source=alpha,
        name="市政府文件",
        source_column_path="xxgk/fdzdgknr",
        subscribe_children_by_default=True,
    )
    subscription_set(channel=channel, subscriber=beta)
    return channel


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run `function` in `schema` and everything it queues after commit (the pipeline)."""

    def run(schema, function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True), schema_context(schema):
            return function(*args, **kwargs)

    return run


def review_mode(channel, subscriber):
    Subscription.objects.filter(channel=channel, subscriber=subscriber).update(
        mode=Subscription.Mode.REVIEW
    )


__all__ = ["make_document", "review_mode"]
