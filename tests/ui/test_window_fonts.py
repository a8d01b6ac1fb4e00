"""Names in Chinese, Japanese or Korean show as letters in the window, not
as empty boxes, on a computer that has no font for them."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from ui import app
from ui.resources import carry_fallback_fonts

pytestmark = pytest.mark.ui


def test_the_window_carries_a_font_for_chinese_japanese_and_korean_names(qapp) -> None:
    app.configure_application(qapp)
    families = carry_fallback_fonts()
    assert families == ["Droid Sans Fallback", "NanumGothic"]
    assert set(families) <= set(QFontDatabase.families())
    chinese_and_japanese, korean = (QFontMetrics(QFont(family)) for family in families)
    assert all(chinese_and_japanese.inFontUcs4(ord(letter)) for letter in "李伟山田ひろ")
    assert all(korean.inFontUcs4(ord(letter)) for letter in "김민준")
