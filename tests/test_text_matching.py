"""Typed text matches names whatever the case and the accents."""

from __future__ import annotations

import pytest

from soberhouse.text_matching import folded, name_key, sort_key


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


@pytest.mark.parametrize(("name", "typed"), [
    ("ĐẶNG", "dang"),
    ("ØDEGÅRD", "odegard"),
    ("Strauß", "strauss"),
    ("STRAUẞ", "strauss"),
    ("ŁUKASZ", "lukasz"),
    ("Æsa Ærøe", "aesa aeroe"),
    ("Guðrún Þórsdóttir", "gudrun thorsdottir"),
    ("O’Brien", "o'brien"),
])
def test_letters_that_do_not_decompose_are_folded_too(name: str, typed: str) -> None:
    assert folded(name) == typed


def test_a_name_typed_decomposed_or_with_invisible_characters_is_the_same_name() -> None:
    composed = "Zo\u00eb"
    decomposed = "Zoe\u0308"
    assert folded(decomposed) == folded(composed) == "zoe"
    assert name_key("Zo\u00eb\u200b ") == name_key(" ZOE") == "zoe"
    assert name_key("Mary  Ann") == name_key("mary ann")
    assert name_key("Zo\u00ad\u00eb") == "zoe"  # a soft hyphen shows nothing


def test_names_sort_by_their_letters_not_their_accents() -> None:
    last_names = ["Wiśniewski", "Ødegård", "Zhang", "Đặng", "Andersen", "Nguyễn", "Łukaszewicz"]
    assert sorted(last_names, key=sort_key) == [
        "Andersen", "Đặng", "Łukaszewicz", "Nguyễn", "Ødegård", "Wiśniewski", "Zhang"]


def test_a_sort_key_compares_last_names_before_first_names() -> None:
    people = [("Nguyen-Tran", "Ann"), ("Nguyễn", "Zoë"), ("nguyen", "Bao")]
    assert sorted(people, key=lambda p: sort_key(*p)) == [
        ("nguyen", "Bao"), ("Nguyễn", "Zoë"), ("Nguyen-Tran", "Ann")]
