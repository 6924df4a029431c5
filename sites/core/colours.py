"""Brand colours a site admin enters: checked for contrast against the white text on them."""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# WCAG 2.1 AA for normal text (1.4.3): headers, menus and buttons put white text on the
# brand colour, and pages put brand-coloured headings on white.
MINIMUM_CONTRAST = 4.5


def _channel(value: int) -> float:
    value = value / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_darker(colour: str, factor: float = 0.78) -> str:
    """The same hue darker (menus, hover): more contrast with white, never less."""
    channels = (round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            "主题色应为“#”加六位十六进制数字，如 #b0121b。", code="brand_colour_format"
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            "主题色 %(colour)s 与白色文字的对比度只有 %(ratio).2f:1，"
            "低于无障碍要求的 4.5:1（GB/T 37668、WCAG 2.1 AA），请选用更深的颜色。",
            code="brand_colour_contrast",
            params={"colour": value, "ratio": ratio},
        )
