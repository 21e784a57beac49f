"""Hostile inputs of any size, shared by the doubling tests and ``benchmarks/adversarial.py``.

Each generator takes a size ``n`` (about that many characters) and returns a text built to
make a pattern or a loop do more than linear work: the inputs of issue 16's adversarial trial,
and the ones found by timing every step on runs of punctuation, digits, capitals, titles and
codes. ``HTML`` inputs go through the HTML reader; the others are plain text.

``hostile_texts()`` is the hypothesis strategy the property test and the benchmark draw from.
"""

from __future__ import annotations

from collections.abc import Callable


def _repeat(unit: str, n: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


SENTENCE = "Ban Dân vận Tỉnh ủy làm việc với huyện Tháp Mười về Nghị quyết số 01-NQ/TU. "

TEXT: dict[str, Callable[[int], str]] = {
    # issue 16, as reported
    "url_dots": lambda n: _repeat(".", n, "Xem http://"),
    "latin_word_cyrillic": lambda n: _repeat("a", n, "", " Москва д"),
    "latin_word_beta": lambda n: SENTENCE + _repeat("a", n - 2 * len(SENTENCE)) + " β " + SENTENCE,
    "a_dot_a": lambda n: _repeat("a.", n, "", "x"),
    "bi_thu": lambda n: _repeat("Bí thư ", n),
    "one_dot_eleven": lambda n: _repeat("1.1", n),
    "slash_code_dashes": lambda n: _repeat("A-", n, "1/", "A/1"),
    "bangs": lambda n: _repeat("!", n, "Xong", "Tiếp"),
    "dots": lambda n: _repeat(".", n, "Xong", "Tiếp"),
    "bangs_spaced": lambda n: _repeat("! ", n, "Xong", "Tiếp"),
    "spaces": lambda n: _repeat(" ", n, "Tỉnh", "ủy"),
    "spaces_comma": lambda n: _repeat(" ", n, "Tỉnh", ",ủy"),
    "long_word_decomposed": lambda n: _repeat("a", n, "", " e\u0301"),
    "nested_amp": lambda n: _repeat("amp;", n, "Sở GD&", "quot; x"),
    "dang_uy": lambda n: _repeat("Đảng ủy ", n),
    # found by timing each step on runs
    "commas": lambda n: _repeat(",", n, "Tỉnh", " ủy"),
    "question_marks": lambda n: _repeat("?", n, "Sao", " Tiếp"),
    "dashes": lambda n: _repeat("-", n, "kinh tế", " xã hội"),
    "slashes": lambda n: _repeat("/", n, "01", "NQ"),
    "digits": lambda n: _repeat("1", n),
    "digit_dots": lambda n: _repeat("1.", n),
    "capitals": lambda n: _repeat("UBND", n, "", " tỉnh"),
    "capital_words": lambda n: _repeat("Ban ", n, "", "Dân vận"),
    "code_chain": lambda n: _repeat("-NQ/TU", n, "01"),
    "legal_chain": lambda n: _repeat("Nghị quyết số 01-NQ/TU ", n),
    "quotes": lambda n: _repeat("\"", n, "phong trào ", "Dân vận khéo"),
    "brackets": lambda n: _repeat("(", n, "Tỉnh ", "ủy"),
    "combining_marks": lambda n: _repeat("\u0301", n, "a"),
    "ngay": lambda n: _repeat("ngày ", n, "", "19/8/2022"),
    "huyen": lambda n: _repeat("huyện ", n, "", "Tháp Mười"),
    "newlines": lambda n: _repeat("\n", n, "Tỉnh", "ủy"),
    "no_spaces": lambda n: _repeat("Tỉnhủy", n),
    "email_dots": lambda n: _repeat("a.", n, "x@", "vn"),
    "domain_dashes": lambda n: _repeat("a-", n, "", ".vn"),
    # a phrase whose every token may start a date: the tagger's decoding mended its stretches for ever
    "date_range_phrase": lambda n: _repeat("từ đêm 1 đến sáng ", n),
    # every name a proposal the tagger's post-steps matched against all spans, or a list walked again
    # from each of its names (quadratic; found by repeating each gold entity)
    "commune_list": lambda n: _repeat("xã Tân Hòa, ", n, "các xã "),
    "quoted_movement": lambda n: _repeat("“Dân vận khéo” ", n),
    "quoted_list": lambda n: _repeat("“Dân vận khéo”, ", n),
    "lower_case_bodies": lambda n: _repeat("ubnd xã ", n),
    "commune_and_body": lambda n: _repeat(" xã Ba Tri, UBND xã ph ", n),
    "byline_site": lambda n: _repeat("văn hóa”. Đình Phương ", n),
}

HTML: dict[str, Callable[[int], str]] = {
    "mismatched_end_tags": lambda n: _repeat("</b>", n, "<html><body><p>Ban Dân vận Tỉnh ủy. ", "</p></body></html>"),
    "nested_divs": lambda n: _repeat("<div>", n, "<html><body>", "Ban Dân vận Tỉnh ủy làm việc.</body></html>"),
    "nested_divs_closed": lambda n: ("<html><body>" + "<div>" * (n // 11) + SENTENCE + "</div>" * (n // 11)
                                     + "</body></html>"),
    "stray_end_tags_deep": lambda n: ("<html><body>" + "<div>" * (n // 14) + "</span>" * (n // 14)
                                      + "<p>Ban Dân vận Tỉnh ủy làm việc.</p></body></html>"),
    "unclosed_p": lambda n: _repeat("<p>a", n, "<html><body>", "</body></html>"),
    "nested_amp_html": lambda n: _repeat("amp;", n, "<html><body><p>Sở GD&", "quot;ĐT làm việc.</p></body></html>"),
}


def hostile_texts():  # -> hypothesis.strategies.SearchStrategy[str]
    """Adversarial strings: runs of punctuation, digits, capitals, titles, codes, URLs,
    combining marks and mixed scripts, glued together in any order."""
    from hypothesis import strategies as st

    atoms = st.sampled_from([
        ".", ",", "!", "?", "…", ":", ";", "-", "–", "/", "\\", "(", ")", "[", "]", "\"", "“", "”", "'",
        "&", "&amp;", "&#273;", "<", ">", "</b>", "<div>", "*", "#", "@", "%", "_", "|", "~", "^",
        " ", "  ", "\t", "\n", "\u00a0", "\u200b", "\ufeff", "\u0301", "\u0300", "\u0323", "\u0309",
        "0", "1", "19", "2022", "1.234", "1.1", "19/8/2022", "III", "XII",
        "A", "UBND", "NQ", "TU", "QĐ", "Ủy", "a", "x", "đ",
        "Bí thư ", "Đảng ủy ", "Ban ", "Tỉnh ủy ", "huyện ", "tỉnh ", "ngày ", "Nghị quyết số ",
        "Quyết định ", "Ông ", "Phó ", "Chủ tịch ", "Dân vận ", "khóa ", "năm ", "giai đoạn ",
        "01-NQ/TU", "123/QĐ-UBND", "http://", "https://", "www.", ".vn", "@dongthap.gov.vn",
        "д", "о", "β", "Ð", "Ａ", "ǹ", "中", "😀", "\x00", "\ud800", "\x1b", "\u202e",
    ])
    runs = st.tuples(atoms, st.integers(min_value=1, max_value=60)).map(lambda t: t[0] * t[1])
    return st.lists(st.one_of(atoms, runs), min_size=1, max_size=40).map("".join)


def hostile_file_names():  # -> hypothesis.strategies.SearchStrategy[str]
    """Odd file names: spaces, dots, Vietnamese, combining marks, control-free punctuation."""
    from hypothesis import strategies as st

    chars = st.sampled_from(list("aZ09 .-_,;'()[]#%&+=~!") + ["Đ", "ủ", "e\u0301", "д", "中", "😀", "\u200b"])
    return st.lists(chars, min_size=1, max_size=30).map("".join).filter(lambda s: s.strip(". ") != "")


def _topics(text: str) -> None:
    from vnpolicy.topics import TopicInputError, classify

    try:
        classify(text)
    except TopicInputError:
        pass


def _words(text: str) -> None:
    import vnpolicy

    for sentence in vnpolicy.sent_tokenize(text):
        vnpolicy.word_tokenize(sentence)


def _read(text: str) -> None:
    from vnpolicy.read import html_article, parse_article

    (html_article if text.lstrip().startswith("<") else parse_article)(text)


def _normalize(text: str) -> None:
    from vnpolicy.text import correct

    correct(text, typos=False)


def _typos(text: str) -> None:
    from vnpolicy.text.spelling import typo_edits

    typo_edits(text)


def _sentences(text: str) -> None:
    import vnpolicy

    vnpolicy.sent_tokenize(text)


def _entities(text: str) -> None:
    import vnpolicy

    vnpolicy.extract_entities(text)


# Each step of the pipeline alone, given the hostile text itself (an HTML page goes to "read";
# the other steps get the body the reader made of it).
STEPS: dict[str, Callable[[str], None]] = {
    "read": _read, "normalize": _normalize, "typos": _typos, "sentences": _sentences,
    "words": _words, "entities": _entities, "topics": _topics,
}


def html_body(page: str) -> str:
    from vnpolicy.read import html_article

    return html_article(page).body
