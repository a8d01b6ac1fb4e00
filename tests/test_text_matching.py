"""Typed text matches names whatever the case and the accents."""

from __future__ import annotations

import pytest

from soberhouse.text_matching import folded


@pytest.mark.parametrize(("name", "typed"), [
    ("Zoë Nguyễn", "zoe nguyen"),
    ("Đặng Văn Minh", "dang van minh"),
    ("Łukasz Wróbel", "lukasz wrobel"),
    ("Søren Ødegård", "soren odegard"),
    ("ΆΝΝΑ", "αννα"),
    ("O'BRIEN", "o'brien"),
])
def test_a_name_is_found_by_what_a_manager_types(name: str, typed: str) -> None:
    assert folded(name) == folded(typed) == typed


def test_letters_without_accents_stay_apart() -> None:
    assert folded("Jose") != folded("Josh")
    assert folded("李伟") == "李伟"
