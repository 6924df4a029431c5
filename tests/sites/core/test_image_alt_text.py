"""An image in a body needs alternative text, written with it or kept on the image."""

import pytest
from django_tenants.utils import schema_context
from wagtail.blocks import StructBlockValidationError

from sites.core.blocks import ImageBlock
from tests.sites.core.images import make_image


@pytest.fixture
def in_alpha(alpha):
    with schema_context("site_alpha"):
        yield


def test_an_image_without_alt_text_is_refused_with_a_chinese_message(in_alpha):
    block = ImageBlock()
    value = block.to_python({"image": make_image().pk, "alt": "", "caption": "会议现场"})
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    [error] = refused.value.block_errors["alt"].messages
    assert "请填写替代文字" in error


def test_the_alt_text_written_with_the_image_is_rendered(in_alpha):
    block = ImageBlock()
    value = block.clean(block.to_python({"image": make_image().pk, "alt": "市长在会上讲话"}))
    html = block.render(value)
    assert 'alt="市长在会上讲话"' in html


def test_the_images_own_description_serves_when_the_block_has_none(in_alpha):
    block = ImageBlock()
    image = make_image(description="新建的市民服务中心外景")
    value = block.clean(block.to_python({"image": image.pk, "alt": ""}))
    assert 'alt="新建的市民服务中心外景"' in block.render(value)
