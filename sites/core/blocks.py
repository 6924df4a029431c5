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


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图注", required=False)

    class Meta:
        icon = "image"
        label = "图片"
        template = "components/blocks/image_block.html"


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
