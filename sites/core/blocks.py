from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import RichText


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text whose stored HTML is cleaned, whoever wrote it (see sites/core/sanitise.py)."""

    def get_prep_value(self, value):
        from .sanitise import rich_text_clean

        source = value.source if isinstance(value, RichText) else (value or "")
        return rich_text_clean(source)

    def to_python(self, value):
        from .sanitise import rich_text_clean

        return super().to_python(rich_text_clean(value))


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="附件")
    title = blocks.CharBlock(label="显示名称", required=False)

    class Meta:
        icon = "doc-full"
        label = "附件"
        template = "components/blocks/attachment_block.html"


class ImageValue(blocks.StructValue):
    @property
    def alt_text(self) -> str:
        """What a screen reader says for the image: this use's text, else the image's own."""
        image = self.get("image")
        return self.get("alt") or (getattr(image, "description", "") if image else "")


class ImageBlock(blocks.StructBlock):
    """An image in a body. It needs alternative text (GB/T 37668-2019, WCAG 1.1.1): written
    here, or the 描述 the image was given in the image library."""

    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(
        label="替代文字",
        required=False,
        max_length=200,
        help_text="供读屏软件朗读，简要说明图片内容；图片在图片库中已有描述的可留空。",
    )
    caption = blocks.CharBlock(label="图注", required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "components/blocks/image_block.html"
        value_class = ImageValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("image") is not None and not value.alt_text.strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt": ValidationError(
                        "请填写替代文字：读屏软件需要它向视障人士说明图片内容。"
                        "也可以在图片库中为这张图片填写描述。"
                    )
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    paragraph = SafeRichTextBlock(
        label="正文",
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"],
    )
    image = ImageBlock()
    attachment = AttachmentBlock()

    class Meta:
        block_counts = {}


class AttachmentListBlock(blocks.StreamBlock):
    attachment = AttachmentBlock()
