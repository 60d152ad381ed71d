"""Matching normalisation (urdupoint_news.site.normalize): what folds together and what stays apart.

Grouped by concern; each case is (text as published or copied, matching text written by hand).
"""

from __future__ import annotations

import pytest

from urdupoint_news.site.normalize import content_hash, fold_letters, matching_text

ZWJ = "\u200d"
ZWNJ = "\u200c"


# --- case, punctuation, spacing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prime Minister VISITS Lahore", "prime minister visits lahore"),
        ("“Quoted,” he said—then left…", "quoted he said then left"),
        ("ISLAMABAD: Rs. 187-billion (approx.)", "islamabad rs 187 billion approx"),
        ("snake_case and  tabs\tand\nnewlines", "snake case and tabs and newlines"),
        ("\u00a0 non-breaking\u00a0space ", "non breaking space"),
        ("STRASSE vs straße", "strasse vs strasse"),
    ],
)
def test_matching_text_folds_case_punctuation_and_spacing(text: str, expected: str) -> None:
    assert matching_text(text) == expected


def test_matching_text_drops_urdu_punctuation() -> None:
    # Urdu full stop ۔, comma ، and question mark ؟ are punctuation, not letters.
    assert matching_text("منصوبہ، مکمل ہوا۔ کب؟") == "منصوبہ مکمل ہوا کب"


# --- digits of other scripts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۲۰۲۵ میں ۶۴۰ میگاواٹ", "2025 میں 640 میگاواٹ"),  # Urdu/Persian digits
        ("٢٠٢٥ ميں", "2025 میں"),  # Arabic-Indic digits and an Arabic yeh
        ("२०२५", "2025"),  # Devanagari
        ("10² km", "102 km"),  # superscript (compatibility) digit
    ],
)
def test_matching_text_folds_digits_to_ascii(text: str, expected: str) -> None:
    assert matching_text(text) == expected


# --- Arabic vs Urdu letters, joiners, diacritics -------------------------------------------


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("پاكستان", "پاکستان"),  # Arabic kaf
        ("كراچي", "کراچی"),  # Arabic kaf and yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("بده", "بدھ"),  # Arabic heh for do-chashmi heh
        ("منصوبه", "منصوبہ"),  # Arabic heh for heh goal
        ("منصوبە", "منصوبہ"),  # AE (Kurdish keyboards)
        ("أحمد", "احمد"),  # alef with hamza
        (f"فرو{ZWNJ}ری", "فروری"),  # non-joiner inside a word
        (f"حکو{ZWJ}مت", "حکومت"),  # joiner inside a word
        ("پاکســتان", "پاکستان"),  # tatweel (kashida) stretching
        ("حُکومَت", "حکومت"),  # harakat
        ("\ufed7\ufe8e\ufee7\ufeee\ufee5", "قانون"),  # Arabic presentation forms
        ("\ufedb\ufe98\ufe8e\ufe8f", "کتاب"),  # presentation forms of an Arabic kaf
        ("جائزہ", "جا\u06cc\u0654زہ"),  # yeh with hamza, precomposed vs yeh + hamza mark
        ("ۂ", "ہ\u0654"),  # heh goal with hamza, precomposed vs decomposed
        ("Café Zürich", "Cafe Zurich"),  # Latin accents
    ],
)
def test_matching_text_treats_invisible_variants_as_the_same_text(copy: str, original: str) -> None:
    assert matching_text(copy) == matching_text(original)
    assert content_hash(copy) == content_hash(original)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("کم", "گم"),  # different letters stay different
        ("ٹیکس", "تیکس"),  # retroflex tteh is not teh
        ("2025", "2026"),
        ("Lahore", "Lahore Karachi"),
    ],
)
def test_matching_text_keeps_different_words_apart(one: str, other: str) -> None:
    assert matching_text(one) != matching_text(other)
    assert content_hash(one) != content_hash(other)


def test_fold_letters_keeps_marks_digits_and_aspirate_heh_for_display_helpers() -> None:
    # fold_letters is the light fold the Urdu date parser builds on: letters and joiners only.
    assert fold_letters(f"بدھ ۱۰ ستمبر ك{ZWNJ}ي") == "بدھ ۱۰ ستمبر کی"


def test_content_hash_is_sha256_hex_of_matching_text() -> None:
    # sha256("pakistan japan") computed by hand with `printf 'pakistan japan' | sha256sum`
    assert content_hash("  Pakistan, JAPAN! ") == (
        "b0adc988379dc3ef039922b59642eec576e8b7a8f7439e944ca045ed8dbbc097"
    )


FOLD_SAMPLES = [
    "بدھ ۱۰ ستمبر",
    f"بده ك{ZWNJ}ي",
    "اُردو پوائنٹ",
    "كراچي ميں بارش",
    "جمعه 5 اكتوبر",
    "Lahore LAHORE",
]


@pytest.mark.parametrize("text", FOLD_SAMPLES)
def test_the_three_urdu_folds_are_one_table_at_three_strengths(text: str) -> None:
    from urdupoint_news.site.normalize import fold_for_lookup

    # Each fold builds on the lighter one: applying the lighter first changes nothing.
    assert fold_for_lookup(fold_letters(text)) == fold_for_lookup(text)
    assert matching_text(fold_for_lookup(text)) == matching_text(text)


def test_urdu_word_lookup_uses_the_normalize_fold() -> None:
    from urdupoint_news.site import normalize, urdu

    assert urdu.fold_for_lookup is normalize.fold_for_lookup
    assert normalize.fold_for_lookup("بده") == normalize.fold_for_lookup("بدھ")


# --- long bodies: normalised in pieces ---------------------------------------------------------


def _long_mixed_text() -> str:
    # Urdu with marks and Arabic code points, Latin accents, NBSPs, joiners, digits of two
    # scripts and line breaks, repeated far past one piece.
    unit = (
        "Café\u00a0RÉSUMÉ — ۲۰۲۵ میں ﻻہور\u200d کی آبادی، ي ك ه  naïve\n\n"
        "ISLAMABAD, (UrduPoint / Pakistan Point News - 10th Sep, 2025) Rs 245,000 per tola. "
    )
    return unit * 4000


def test_a_long_body_normalised_in_pieces_equals_it_normalised_whole(monkeypatch) -> None:
    from urdupoint_news.site import normalize

    text = _long_mixed_text()
    monkeypatch.setattr(normalize, "_PIECE", len(text) + 1)
    whole = normalize.matching_text(text)
    for size in (1, 5, 64, 1000):
        monkeypatch.setattr(normalize, "_PIECE", size)
        assert normalize.matching_text(text) == whole, size


def test_word_count_counts_the_words_split_would() -> None:
    from urdupoint_news.site.normalize import word_count

    text = _long_mixed_text()
    assert word_count(text) == len(text.split())
    assert word_count("") == 0
    assert word_count("  one\u00a0two\n\nthree ") == 3
