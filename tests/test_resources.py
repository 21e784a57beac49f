"""Every data file under vnpolicy/resources/ is well formed: the columns its header names, the
values each column allows, NFC text, no duplicate entries, no stray whitespace.

A linguist edits these files by hand; this test is what tells them a tab went missing or an
entry was added twice, before a loader silently reads a wrong column.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zipfile
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

RESOURCES = Path(str(resources.files("vnpolicy.resources")))

SLUG = r"[a-z][a-z_]*"
HEX = r"[0-9A-F]+"
LEVELS = {"trung_uong", "tinh", "huyen", "xa", "co_so"}

# file -> {column: pattern its values must fully match ("" allowed where the pattern allows it)}.
# The first non-comment line of every table is its header row, with exactly these names.
TABLES: dict[str, dict[str, str]] = {
    "entities/cue_words.tsv": {"word": r"\S.*",
                               "cue": "sector_head|school_type|named_body|numbered_unit|branch_prefix|branch_word"
                                      "|title_before_standing|title_before_name|generic_body|appointment_adverb"
                                      "|appointment_verb|issuing_office|office_unit|not_issuer|ordinal|digit_word"
                                      "|lower_case_head|lower_case_not_body|campaign_body|campaign_word|police_unit_head|police_unit_word|president_ho_context|bare_body_word|not_a_name|product_word|byline_role|un_programme_body|campaign_join|not_public_word"
                                      "|project_type|course_word|not_a_head|project_site|name_suffix",
                               "value": "|".join(sorted(LEVELS)) + r"|unit|\d+|party|front|mass_org|social_org|state|public_service|number|name|"},
    "entities/doc_types.tsv": {"word": r"\S.*", "doc_type": SLUG, "code": r"(?:[A-ZĐ][A-Za-zĐđ]*)?"},
    "entities/labels.tsv": {"label": r"[A-Z][A-Z0-9_]*", "priority": r"\d+",
                            "colour": r"\d{1,3}, \d{1,3}, \d{1,3}", "description": r"\S.*"},
    "entities/issuer_codes.tsv": {"code": r"[A-ZĐƯ][A-Za-zĐđƯư]*", "issuer": r"\S.*",
                                  "level": "|".join(sorted(LEVELS)) + "|"},
    "entities/orgs.tsv": {"name": r"\S.*",
                          "kind": "party|state|front|mass_org|social_org|public_service|armed|judicial|enterprise",
                          "level": "|".join(sorted(LEVELS)) + "|",
                          "class": "national|head|head_placed|sub|after_sub"},
    "entities/place_types.tsv": {"word": r"\S.*", "unit_type": SLUG, "level": "tinh|huyen|xa|ap|tinh_or_huyen"},
    "entities/programs.tsv": {"name": r"\S.*", "kind": "phong_trao|cuoc_van_dong|chuong_trinh|de_an|chien_dich|chien_luoc|quy"},
    "entities/program_context.tsv": {"word": r"\S.*", "class": "show|software|commerce|study|contest|policy"},
    "entities/team_cues.tsv": {"word": r"\S.*", "cue": "sport|before|list_head"},
    "entities/program_abbreviations.tsv": {"full": r"\S.*", "short": r"\S+"},
    "spelling/domain_word_slips.tsv": {"typed": r"\w+ \w+", "fix": r"\w+ \w+", "slipped": "1|2", "fix_seen": r"\d+",
                                       "typed_seen": r"\d+", "typed_free": r"\d+"},
    "spelling/known_misspellings.tsv": {"typed": r"\w+ \w+", "word": r"\w+ \w+"},
    "text/spelling_variants.tsv": {"variant": r"\w+", "standard": r"\w+", "styles": r"(?:old|new)(?: (?:old|new))?",
                                   "keep_before": r"(?:\w+(?: \w+)*)?"},
    "entities/open_org_heads.tsv": {"head": r"\S.*",
                                    "kind": "party|state|front|mass_org|social_org|public_service|armed|judicial"
                                            "|enterprise|media",
                                    "mode": "name|desc|placed|at_place"},
    "entities/site_words.tsv": {"word": r"\S.*", "site_type": SLUG},
    "entities/world_places.tsv": {"name": r"\S.*", "unit_type": "quoc_gia|chau_luc|vung|thanh_pho", "guard": "cue|"},
    "entities/city_short_names.tsv": {"short": r"[A-Z]+", "name": r"\S+(?: \S+)*"},
    "places/generic_bodies.tsv": {"ending": r"\S.*", "level": "tinh|huyen|xa|tinh_or_huyen"},
    "read/binary_signatures.tsv": {"offset": r"\d+", "bytes": r"[0-9A-F]{2}(?: [0-9A-F]{2})*", "kind": r"\S.*"},
    "read/byline_roles.tsv": {"marker": r"\S.*",
                              "role": r"(?:author|editor|photo|video|graphics|translator|source)"
                                      r"(?:\+(?:author|editor|photo|video|graphics|translator|source))*"},
    "read/json_fields.tsv": {"field": r"\S+", "meaning": "text|title|date|authors|url|canonical_url|category|site|updated"},
    "read/tcvn3.tsv": {"byte": r"[0-9A-F]{2}", "char": r".", "name": r"[A-Z][A-Z -]*"},
    "read/vni.tsv": {"char": r".", "vni": r"\S+", "bytes": r"[0-9A-F]{2}(?: [0-9A-F]{2})*"},
    "text/date_words.tsv": {"word": r"\S.*",
                            "kind": "time_of_day|weekday|period|part_count|years_count|relative_year|relative_month"
                                    "|can|chi|tet_custom",
                            "value": r"(?:-?\d+)?"},
    "text/lookalikes.tsv": {"codepoint": HEX, "replacement": r".+", "when": "always|in_latin_word", "note": r".*"},
    "tokenize/abbreviations.tsv": {"abbreviation": r"\S+", "expansion": r"\S.*",
                                   "kind": "place|title|writing|organ|term"},
    "tokenize/domain_terms.tsv": {"term": r"\S.*", "flags": r"(?:cased)?"},
    "entities/syllable_clusters.tsv": {"key": r"\S+\d", "capitalised": "0|1", "fine": r"\d+", "coarse": r"\d+"},
}

# Columns whose values name one entry (or columns that do together): a value listed twice is a mistake.
KEYS: dict[str, str | tuple[str, ...]] = {
    "entities/doc_types.tsv": "word", "entities/issuer_codes.tsv": "code", "entities/orgs.tsv": "name",
    "entities/labels.tsv": "label", "spelling/domain_word_slips.tsv": "typed",
    "spelling/known_misspellings.tsv": "typed",
    "entities/place_types.tsv": "word", "entities/programs.tsv": "name", "entities/program_context.tsv": "word",
    "entities/open_org_heads.tsv": "head",
    "entities/site_words.tsv": "word", "places/generic_bodies.tsv": "ending", "read/byline_roles.tsv": "marker",
    "read/json_fields.tsv": "field", "read/tcvn3.tsv": "byte", "read/vni.tsv": "char",
    "text/lookalikes.tsv": "codepoint", "tokenize/abbreviations.tsv": "abbreviation",
    "tokenize/domain_terms.tsv": "term", "text/date_words.tsv": ("word", "kind"), "entities/cue_words.tsv": ("word", "cue"),
    "entities/team_cues.tsv": ("word", "cue"),
    "entities/syllable_clusters.tsv": ("key", "capitalised"),
}
# One-entry-a-line lists read as regular expressions (checked to compile).
REGEX_LISTS = {"read/chrome_lines.txt", "read/chrome_stop.txt"}
# Lists whose lines are sentences or phrases, not entries, where a repeat is harmless.
FREE_TEXT = {"tokenize/domain_sentences.txt", "spelling/domain_phrases.txt"}

TEXT_FILES = sorted(p.relative_to(RESOURCES).as_posix() for p in RESOURCES.rglob("*")
                    if p.suffix in {".txt", ".tsv"} and p.is_file())


def _entries(path: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines that are neither blank nor comments."""
    text = (RESOURCES / path).read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def test_every_table_is_described() -> None:
    tables = {p for p in TEXT_FILES if p.endswith(".tsv")}
    assert tables == set(TABLES), "describe the columns of a new .tsv in TABLES"


@pytest.mark.parametrize("path", TEXT_FILES)
def test_text_is_nfc_utf8_without_stray_whitespace(path: str) -> None:
    raw = (RESOURCES / path).read_bytes()
    text = raw.decode("utf-8")  # raises on a file saved in another encoding
    assert not text.startswith("\ufeff"), f"{path}: starts with a byte-order mark"
    assert "\r" not in text, f"{path}: Windows line ends"
    problems = []
    for n, line in enumerate(text.splitlines(), 1):
        if unicodedata.normalize("NFC", line) != line:
            problems.append(f"{path}:{n}: not NFC: {line!r}")
        # in a table a trailing tab is an empty last column, not stray whitespace
        if line != line.rstrip(" \t" if path.endswith(".txt") else " "):
            problems.append(f"{path}:{n}: trailing whitespace: {line!r}")
        if line.lstrip().startswith("#") or not line.strip():
            continue
        for cell in line.split("\t"):
            if cell != cell.strip() or "  " in cell:
                problems.append(f"{path}:{n}: stray spaces in {cell!r}")
            if re.search(r"[\u00a0\u200b-\u200d\u2060\ufeff]", cell):
                problems.append(f"{path}:{n}: invisible or no-break space in {cell!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(TABLES))
def test_table_columns_and_values(path: str) -> None:
    columns = TABLES[path]
    (_, header), *rows = _entries(path)
    assert header.split("\t") == list(columns), f"{path}: header row should name {list(columns)}"
    problems = []
    for n, line in rows:
        cells = line.split("\t")
        if len(cells) > len(columns):
            problems.append(f"{path}:{n}: {len(cells)} columns, the header names {len(columns)}")
            continue
        cells += [""] * (len(columns) - len(cells))
        for (name, pattern), value in zip(columns.items(), cells):
            if not re.fullmatch(pattern, value):
                problems.append(f"{path}:{n}: {name} {value!r} does not match {pattern!r}")
    assert rows, f"{path}: no rows"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(KEYS))
def test_table_keys_are_unique(path: str) -> None:
    (_, header), *rows = _entries(path)
    names = KEYS[path] if isinstance(KEYS[path], tuple) else (KEYS[path],)
    key = [header.split("\t").index(name) for name in names]
    counts = Counter(tuple((line.split("\t") + [""] * (max(key) + 1))[k] for k in key) for _, line in rows)
    assert not [k for k, c in counts.items() if c > 1], f"{path}: listed twice"


@pytest.mark.parametrize("path", [p for p in TEXT_FILES if p.endswith(".txt") and p not in FREE_TEXT])
def test_lists_have_no_duplicates(path: str) -> None:
    counts = Counter(line for _, line in _entries(path))
    assert not [k for k, c in counts.items() if c > 1], f"{path}: listed twice"


@pytest.mark.parametrize("path", sorted(REGEX_LISTS))
def test_pattern_lists_compile(path: str) -> None:
    for n, line in _entries(path):
        try:
            re.compile(line.strip())
        except re.error as error:
            pytest.fail(f"{path}:{n}: {error}: {line!r}")


def test_lists_have_no_tabs_and_tables_keep_to_one_a_line() -> None:
    for path in TEXT_FILES:
        if path.endswith(".txt"):
            assert all("\t" not in line for _, line in _entries(path)), f"{path}: a tab in a one-column list"


def test_binary_resources_open() -> None:
    """The models and the taxonomy: valid archives and JSON, as the loaders expect them."""
    assert json.loads((RESOURCES / "topics" / "taxonomy.json").read_text(encoding="utf-8"))
    assert json.loads((RESOURCES / "spelling" / "meta.json").read_text(encoding="utf-8"))["format"]
    with zipfile.ZipFile(RESOURCES / "topics" / "topic_model.zip") as model:
        assert model.testzip() is None
    with gzip.open(RESOURCES / "spelling" / "vocab.tsv.gz", "rt", encoding="utf-8") as vocab:
        first = vocab.readline()
    assert first and unicodedata.is_normalized("NFC", first)
    with zipfile.ZipFile(RESOURCES / "spelling" / "ngrams.npz") as arrays:
        assert arrays.namelist()
