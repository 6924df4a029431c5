"""Editing items by hand: each change is a row of history; nothing leaks across sites."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from sites.powers.models import PowerChange, PowerItem, PowerStatus
from sites.powers.services import power_cancel, power_create, power_restore, power_update

from .conftest import power_data


def test_create_edit_cancel_and_restore_are_each_recorded(alpha, accounts):
    editor = accounts["alpha_editor"]
    with schema_context("site_alpha"):
        item = power_create(data=power_data(), user=editor)
        assert power_update(item=item, data=power_data(), user=editor) == []
        changes = power_update(
            item=item, data=power_data(category="qr", office="登记注册科"), user=editor
        )
        assert [(c["label"], c["before"], c["after"]) for c in changes] == [
            ("事项类别", "行政许可", "行政确认"),
            ("承办机构", "", "登记注册科"),
        ]
        power_cancel(item=item, user=editor, reason="已由国务院决定取消。")
        with pytest.raises(ValidationError, match="已经取消"):
            power_cancel(item=item, user=editor, reason="再取消一次")
        power_restore(item=item, user=editor)
        kinds = list(item.changes.order_by("at", "pk").values_list("kind", flat=True))
        assert kinds == [
            PowerChange.Kind.CREATED,
            PowerChange.Kind.EDITED,
            PowerChange.Kind.CANCELLED,
            PowerChange.Kind.RESTORED,
        ]
        item.refresh_from_db()
        assert item.status == PowerStatus.CURRENT and item.cancelled_on is None
        assert item.changes.get(kind="cancelled").note == "已由国务院决定取消。"


def test_a_cancel_needs_a_reason_and_a_code_is_unique_per_site_only(alpha, beta):
    with schema_context("site_alpha"):
        item = power_create(data=power_data())
        with pytest.raises(ValidationError, match="请写明取消的原因"):
            power_cancel(item=item, reason="  ")
        with pytest.raises(ValidationError):
            power_create(data=power_data(name="同一编码的另一事项"))
    with schema_context("site_beta"):
        # Another site may use the same code: its list is its own.
        power_create(data=power_data(name="乙县的食品经营许可"))
        assert list(PowerItem.objects.values_list("name", flat=True)) == ["乙县的食品经营许可"]
    with schema_context("site_alpha"):
        assert list(PowerItem.objects.values_list("name", flat=True)) == ["食品经营许可"]
