"""Password rules for a 等保三级 system (GB/T 22239-2019 8.1.4.1: identities are unique
and passwords complex and changed regularly): at least ten characters of at least
three kinds, on top of Django's length, similarity, common-password and all-digit checks."""

import re

from django.core.exceptions import ValidationError

CHARACTER_CLASSES = (
    ("大写字母", re.compile(r"[A-Z]")),
    ("小写字母", re.compile(r"[a-z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^A-Za-z0-9]")),
)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for _name, pattern in CHARACTER_CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        names = "、".join(name for name, _pattern in CHARACTER_CLASSES)
        return f"密码须包含{names}中的至少{self.min_classes}类。"
