"""Corpus questions over the tables of :func:`vnpolicy.to_frames`, answered once, the same way.

Researchers ask the same things of every corpus: which topics, month by month; which
resolutions are cited most (with "Nghị quyết số 01-NQ/TU" and "Nghị quyết 01 của Ban Chấp hành
Đảng bộ tỉnh khóa XI" counted as one document); which bodies act most; which bodies go with
which documents; what the normalizer changed. Each helper takes the ``frames`` dict and returns
a pandas DataFrame. Counting helpers count stories, not copies: of near-duplicates marked by
:mod:`vnpolicy.dedup` only the canonical copy counts (``copies=True`` counts them all). Plot helpers draw those tables with matplotlib (imported only when called).

This module only reads the tables, and only their basic columns (``doc_id``, ``date``,
``topic``, ``label``, ``text``, ``attrs``, ``rule``…), so it works on tables read back from CSV
or Parquet too. It must not run a pipeline step.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, cast

import pandas as pd

from vnpolicy.display import shown_pair
from vnpolicy.resources import read_table

Frames = Mapping[str, pd.DataFrame]
#: The topic of documents scored below the threshold (as ``vnpolicy.topics.OTHER``).
OTHER = "other"

#: The attributes of a LEGAL_DOC that say *which* document it is (DESIGN.md), in display order.
LEGAL_IDENTITY_FIELDS = ("doc_type", "number", "code", "year", "issuer", "term")
#: Further attributes that, when an extractor sets them, also tell documents apart.
_EXTRA_IDENTITY_FIELDS = ("name", "title", "plenum")


# -- small readers --------------------------------------------------------------------------


def _attrs(value: Any) -> dict[str, Any]:
    """The ``attrs`` cell as a dict: a JSON string in the tables, a dict if built by hand."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.strip():
        try:
            data = json.loads(value)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return {}


def _fold(value: Any) -> str:
    """A comparison form: NFC, case-folded, spaces collapsed. ``None`` and '' fold to ''."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFC", str(value)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _fold_number(value: Any) -> str:
    """Document numbers compare without leading zeros: "01" and "1" are the same number."""
    folded = _fold(value)
    return folded.lstrip("0") or folded if folded.isdigit() else folded


def _entities(frames: Frames, label: str) -> pd.DataFrame:
    table = frames["entities"]
    return table[table["label"] == label]


def stories(frames: Frames) -> dict[str, pd.DataFrame]:
    """The tables restricted to one copy per story: documents whose ``is_canonical`` is not False
    (set by near-duplicate marking, :mod:`vnpolicy.dedup`), and the rows of other tables that
    belong to them. Tables without the column are returned as they are.
    """
    docs = frames["documents"]
    if "is_canonical" not in docs or not docs["is_canonical"].notna().any():
        return dict(frames)
    flag = docs["is_canonical"].map(lambda v: not (v is False or str(v).strip().lower() in ("false", "0")))
    keep = docs[flag]
    ids = set(keep["doc_id"])
    out = {name: table[table["doc_id"].isin(ids)] if "doc_id" in table and name != "documents" else table
           for name, table in frames.items()}
    out["documents"] = keep
    return out


def _month_periods(dates: pd.Series, freq: str) -> pd.Series:
    """Periods from ISO dates ("2022-08-19", "2022-08-19T08:00+07:00", "2022-08"); else NaT.

    Only the year and month are read, so time zones and odd times cannot shift a month.
    """
    year_month = dates.astype("string").str.extract(r"^(\d{4}-\d{2})", expand=False)
    return pd.to_datetime(year_month, format="%Y-%m", errors="coerce").dt.to_period(freq)


# -- topics --------------------------------------------------------------------------------


def topic_counts(frames: Frames, *, copies: bool = False) -> pd.DataFrame:
    """How many documents have each best topic, with the Vietnamese topic name.

    Documents scored below the topic threshold count as ``"other"`` (Khác); documents never
    scored are left out of the rows but count in ``share``'s denominator. Sorted by count,
    largest first. Columns: ``topic``, ``name``, ``documents``, ``share``.
    """
    frames = frames if copies else stories(frames)
    topics = _topic_or_other(frames["documents"]).dropna()
    counts = topics.value_counts()
    table = pd.DataFrame({"topic": counts.index.astype(str), "documents": counts.to_numpy()})
    table["name"] = [_topic_name(slug) for slug in table["topic"]]
    total = len(frames["documents"])
    table["share"] = table["documents"] / total if total else 0.0
    return table[["topic", "name", "documents", "share"]].reset_index(drop=True)


def topics_by_month(frames: Frames, *, freq: str = "M", fill: bool = True, copies: bool = False) -> pd.DataFrame:
    """Documents per best topic per month (or ``freq="Q"``/``"Y"``), from ``documents.date``.

    Rows are periods (a ``PeriodIndex`` named ``month``), columns are topic slugs, values are
    document counts. Documents without a date or topic are left out. With ``fill`` the months in
    between are present with zeros, so a time axis has no silent gaps.

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
    ...                      "date": ["2022-08-19", "2022-08-30", "2022-10-02", None],
    ...                      "topic": ["dan_van", "dan_van", "kinh_te", "kinh_te"]})
    >>> topics_by_month({"documents": docs})  # doctest: +NORMALIZE_WHITESPACE
    topic    dan_van  kinh_te
    month
    2022-08        2        0
    2022-09        0        0
    2022-10        0        1
    """
    frames = frames if copies else stories(frames)
    docs = frames["documents"]
    period = _month_periods(docs["date"], freq)
    table = pd.DataFrame({"month": period, "topic": _topic_or_other(docs)}).dropna()
    if table.empty:
        return pd.DataFrame(index=pd.PeriodIndex([], freq=freq, name="month"))
    counts = table.groupby(["month", "topic"]).size().unstack("topic", fill_value=0)
    if fill:
        counts = counts.reindex(pd.period_range(counts.index.min(), counts.index.max(), freq=freq), fill_value=0)
    counts.index.name = "month"
    counts.columns.name = "topic"
    return counts.astype(int)


def _topic_or_other(docs: pd.DataFrame) -> pd.Series:
    """``topic``, with ``"other"`` for documents scored below the threshold (a score, no topic)."""
    topics = docs["topic"].astype(object)
    if "topic_score" in docs:
        topics = topics.where(topics.notna() | docs["topic_score"].isna(), OTHER)
    return topics


def _topic_name(slug: str) -> str:
    if slug == OTHER:
        return "Khác"
    try:
        from vnpolicy.topics.taxonomy import topic_name

        return topic_name(slug)
    except Exception:  # names are a nicety; the counts must not depend on them
        return slug


# -- legal documents -----------------------------------------------------------------------


def _resource_rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV shipped by the entity step (``resources/entities/``), by column name; () when absent."""
    try:
        return read_table("entities", name)
    except (FileNotFoundError, OSError, ModuleNotFoundError):
        return ()


@lru_cache(maxsize=1)
def _doc_type_names() -> dict[str, str]:
    """doc_type slug → its Vietnamese word ("nghi_quyet" → "Nghị quyết"), from doc_types.tsv."""
    names: dict[str, str] = {}
    for row in _resource_rows("doc_types.tsv"):
        names.setdefault(row["doc_type"], row["word"])
    return names


@lru_cache(maxsize=1)
def _national_issuers() -> tuple[frozenset[str], frozenset[str]]:
    """Issuer codes and names of central bodies (level trung_uong in issuer_codes.tsv)."""
    codes, names = set(), set()
    for row in _resource_rows("issuer_codes.tsv"):
        if row["level"] == "trung_uong":
            codes.add(_fold(row["code"]))
            names.add(_fold(row["issuer"]))
    return frozenset(codes), frozenset(names)


def _is_national(attrs: Mapping[str, Any]) -> bool:
    """Whether a document comes from a central body, so its number means the same everywhere.

    "Nghị quyết số 01-NQ/TU" exists in every province; "Nghị định 15/2020/NĐ-CP" once.
    """
    codes, names = _national_issuers()
    code = _fold(attrs.get("code"))
    if code:
        suffix = re.split(r"[/-]", code)[-1]
        if suffix in codes or suffix.startswith("qh"):
            return True
    issuer = _fold(attrs.get("issuer"))
    if issuer and (issuer in names or "trung ương" in issuer or issuer in ("bộ chính trị", "ban bí thư")):
        return True
    return _fold(attrs.get("doc_type")) in ("luat", "bo_luat", "hien_phap", "nghi_dinh", "phap_lenh")


def legal_document_identity(attrs: Mapping[str, Any], text: str = "", province: str | None = None) -> dict[str, str]:
    """The fields that say which document a LEGAL_DOC mention is, in comparison form.

    Missing fields are left out, so "Nghị quyết 01" (type and number) is *compatible* with
    "Nghị quyết số 01-NQ/TU" (type, number, code) rather than equal to it. A local document
    (a Tỉnh ủy's, a UBND's) also carries the ``province`` of the article citing it, since every
    province has its own "01-NQ/TU". A mention with no number or name is known by its words.

    >>> legal_document_identity({"doc_type": "nghi_quyet", "number": "01", "code": "NQ/TU"})
    {'doc_type': 'nghi_quyet', 'number': '1', 'code': 'nq/tu'}
    >>> legal_document_identity({"doc_type": "nghi_quyet", "number": "01", "code": "NQ/TU"}, province="Tỉnh Đồng Tháp")
    {'doc_type': 'nghi_quyet', 'number': '1', 'code': 'nq/tu', 'province': 'tỉnh đồng tháp'}
    >>> legal_document_identity({"number": "15", "year": 2020, "code": "NĐ-CP"}, province="Tỉnh Đồng Tháp")
    {'number': '15', 'code': 'nđ-cp', 'year': '2020'}
    >>> legal_document_identity({"doc_type": "luat"}, "Luật Đất đai")
    {'doc_type': 'luat', 'name': 'luật đất đai'}
    """
    identity: dict[str, str] = {}
    for field in LEGAL_IDENTITY_FIELDS + _EXTRA_IDENTITY_FIELDS:
        value = attrs.get(field)
        folded = _fold_number(value) if field in ("number", "year", "plenum") else _fold(value)
        if folded:
            identity[field] = folded
    if not any(k in identity for k in ("number", "name", "title", "plenum")) and text:
        identity["name"] = _fold(re.sub(r"\bsố\b", " ", text))
    if province and not _is_national(attrs):
        identity["province"] = _fold(province)
    return identity


def _primary(identity: Mapping[str, str]) -> tuple[str, str]:
    """What kind of identifier a mention has: a number, a plenum, or a name (and its type)."""
    for key in ("number", "plenum", "name", "title"):
        if key in identity:
            return identity.get("doc_type", ""), key
    return identity.get("doc_type", ""), ""


def _compatible(a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    """No field known to both disagrees. The issuer's wording ("UBND tỉnh", "Ủy ban nhân dân
    tỉnh") only counts when neither side has a code, which already names the issuer."""
    if _primary(a) != _primary(b):
        return False
    has_code = "code" in a or "code" in b
    return all(a[k] == b[k] for k in a.keys() & b.keys() if not (k == "issuer" and has_code))


def _article_provinces(frames: Frames) -> dict[str, str]:
    """The province each article is about: the documents' ``province`` (place resolution,
    :mod:`vnpolicy.places`) where set, else the commonest ``province`` of its places (LOC)."""
    places = _entities(frames, "LOC")
    votes: dict[str, Counter] = defaultdict(Counter)
    for doc_id, a in zip(places["doc_id"], places["attrs"]):
        province = _attrs(a).get("province")
        if isinstance(province, str) and province:
            votes[doc_id][province] += 1
    found = {doc_id: c.most_common(1)[0][0] for doc_id, c in votes.items()}
    docs = frames.get("documents")
    if docs is not None and "province" in docs:
        found.update({d: p for d, p in zip(docs["doc_id"], docs["province"]) if isinstance(p, str) and p})
    return found


def _group_legal_mentions(frames: Frames) -> pd.DataFrame:
    """Every LEGAL_DOC mention with a ``group`` id: mentions of one document share it.

    Within an article, a short mention ("Nghị quyết 01") joins the fuller one it agrees with.
    Across articles, groups merge when they agree, and a group that fits more than one other
    is left on its own rather than guessed.
    """
    mentions = _entities(frames, "LEGAL_DOC").reset_index(drop=True)
    provinces = _article_provinces(frames)
    identities = [legal_document_identity(_attrs(a), t, provinces.get(d))
                  for a, t, d in zip(mentions["attrs"], mentions["text"], mentions["doc_id"])]
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, doc_id in enumerate(mentions["doc_id"]):
        by_doc[doc_id].append(i)

    local: list[tuple[dict[str, str], list[int]]] = []
    for indices in by_doc.values():
        clusters: list[tuple[dict[str, str], list[int]]] = []
        for i in sorted(indices, key=lambda i: -len(identities[i])):
            fits = [c for c in clusters if _compatible(c[0], identities[i])]
            if fits:
                fits[0][0].update({k: v for k, v in identities[i].items() if k not in fits[0][0]})
                fits[0][1].append(i)
            else:
                clusters.append((dict(identities[i]), [i]))
        local += clusters

    group_of = [-1] * len(mentions)
    groups: list[dict[str, str]] = []
    for ident, indices in sorted(local, key=lambda c: -len(c[0])):
        homes = [g for g, known in enumerate(groups) if _compatible(known, ident)]
        if len(homes) == 1:
            g = homes[0]
            groups[g].update({k: v for k, v in ident.items() if k not in groups[g]})
        else:
            groups.append(dict(ident))
            g = len(groups) - 1
        for i in indices:
            group_of[i] = g
    return mentions.assign(group=group_of, province=[i.get("province") for i in identities])


def _commonest(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None and v != "" and not (isinstance(v, float) and v != v))
    return counts.most_common(1)[0][0] if counts else None


def _describe_legal_group(group: pd.DataFrame, provinces: Mapping[str, str]) -> dict[str, Any]:
    """One row of top_legal_documents: fields as written (commonest spelling) and a label."""
    attrs = [_attrs(a) for a in group["attrs"]]
    fields = {k: _commonest(str(a.get(k)) if a.get(k) is not None else None for a in attrs)
              for k in LEGAL_IDENTITY_FIELDS + _EXTRA_IDENTITY_FIELDS}
    local = not any(_is_national(a) for a in attrs)
    province = _commonest(group["province"]) if local else None
    if province is not None:
        province = _commonest(provinces.get(d) for d in group["doc_id"] if provinces.get(d)
                              and _fold(provinces.get(d)) == province)
    variants = Counter(re.sub(r"\s+", " ", t) for t in group["text"])
    return {"document": _legal_label(fields, variants, province), **{k: fields[k] for k in LEGAL_IDENTITY_FIELDS},
            "province": province, "articles": group["doc_id"].nunique(), "mentions": len(group),
            "variants": [v for v, _ in variants.most_common()]}


def _legal_label(fields: Mapping[str, Any], variants: Counter, province: str | None = None) -> str:
    """A readable name: "Nghị quyết số 01-NQ/TU khóa XI (Tỉnh Đồng Tháp)", else the usual wording."""
    number = fields.get("number")
    if not number:
        label = fields.get("name") or fields.get("title") or ""
        if not label or fields.get("plenum"):  # "Nghị quyết TW4 khóa XII": its own wording says it best
            label = variants.most_common(1)[0][0]
        elif fields.get("year") and fields["year"] not in label:  # Luật Đất đai 2013 ≠ Luật Đất đai 2024
            label += f" {fields['year']}"
    else:
        doc_type = fields.get("doc_type") or ""
        word = _doc_type_names().get(doc_type) or doc_type.replace("_", " ").capitalize()
        code = fields.get("code") or ""
        if code and "/" in code:  # Party numbering: 01-NQ/TU (Hướng dẫn 36-HD/VPTW)
            ref = f"{number}-{code}"
        elif code:  # state numbering: 15/2020/NĐ-CP, 123/QĐ-UBND (Nghị định 30/2020/NĐ-CP)
            year = fields.get("year")
            with_year = year and any(f"/{year}/" in v for v in variants)
            ref = f"{number}/{year}/{code}" if with_year else f"{number}/{code}"
        else:
            ref = number
        label = f"{word} số {ref}".strip()
        if fields.get("issuer") and not code:
            label += f" của {fields['issuer']}"
    if fields.get("term") and fields["term"].casefold() not in label.casefold().split():
        label += f" khóa {fields['term']}"
    if province:
        label += f" ({province})"
    return label


def _legal_groups(frames: Frames) -> tuple[pd.DataFrame, dict[int, dict[str, Any]]]:
    """The grouped mentions, and one description per group with a unique ``document`` name."""
    mentions = _group_legal_mentions(frames)
    provinces = _article_provinces(frames)
    rows = {cast(int, g): _describe_legal_group(group, provinces) for g, group in mentions.groupby("group")}
    seen: Counter = Counter()
    for g in sorted(rows, key=lambda g: (-rows[g]["articles"], -rows[g]["mentions"], g)):
        seen[rows[g]["document"]] += 1
        if seen[rows[g]["document"]] > 1:  # two documents told apart but written alike
            rows[g]["document"] += f" [{seen[rows[g]['document']]}]"
    return mentions, rows


def top_legal_documents(frames: Frames, n: int | None = 10, *, copies: bool = False) -> pd.DataFrame:
    """The most-cited legal documents, mentions of one document grouped by their identity.

    Columns: ``document`` (a readable name), the identity fields (``doc_type``, ``number``,
    ``code``, ``year``, ``issuer``, ``term``, as most often written), ``province`` (for local
    documents: the province of the citing articles), ``articles`` (how many articles cite it),
    ``mentions`` and ``variants`` (the wordings seen, most common first). Sorted by articles,
    then mentions.
    """
    frames = frames if copies else stories(frames)
    columns = ["document", *LEGAL_IDENTITY_FIELDS, "province", "articles", "mentions", "variants"]
    _, rows = _legal_groups(frames)
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(list(rows.values()), columns=columns).sort_values(
        ["articles", "mentions", "document"], ascending=[False, False, True], kind="stable")
    table = table.reset_index(drop=True)
    return table if n is None else table.head(n)


# -- organizations -------------------------------------------------------------------------


def _org_names(frames: Frames) -> pd.DataFrame:
    """ORG mentions with ``organization``: the expanded name when known, in its usual casing."""
    orgs = _entities(frames, "ORG").reset_index(drop=True)
    names, written = [], []
    for a, t in zip(orgs["attrs"], orgs["text"]):
        attrs = _attrs(a)
        expanded = attrs.get("expanded")
        resolved = attrs.get("resolved_name")  # "UBND huyện" resolved to "UBND huyện Tháp Mười"
        suffix = resolved[len(t):] if isinstance(resolved, str) and resolved.startswith(t) else ""
        names.append(re.sub(r"\s+", " ", str(expanded if expanded else t) + suffix).strip())
        written.append(f"{t}{suffix}")
    orgs = orgs.assign(text=written)
    orgs = orgs.assign(organization=names, key=[_fold(n) for n in names])
    # One spelling per key: the commonest ("Ban Dân vận Tỉnh ủy" over "Ban dân vận tỉnh ủy").
    usual = orgs.groupby("key")["organization"].agg(lambda s: s.value_counts().index[0])
    return orgs.assign(organization=orgs["key"].map(usual))


def top_organizations(frames: Frames, n: int | None = 10, *, copies: bool = False) -> pd.DataFrame:
    """The organizations named in most articles, abbreviations counted under their expansion.

    A generic body resolved to the article's place (``resolved_name``: "UBND huyện" in an
    article about Tháp Mười) counts as that body ("Ủy ban nhân dân huyện Tháp Mười").

    Columns: ``organization``, ``kind``, ``level`` (from the entity attrs, when set),
    ``articles``, ``mentions``, ``variants`` (wordings seen, e.g. ``["UBND tỉnh", "Ủy ban nhân
    dân tỉnh"]``) and ``provinces`` (of the articles naming it: "Ủy ban nhân dân huyện" in five
    provinces is five bodies of one kind). Sorted by articles, then mentions.
    """
    frames = frames if copies else stories(frames)
    columns = ["organization", "kind", "level", "articles", "mentions", "variants", "provinces"]
    orgs = _org_names(frames)
    if orgs.empty:
        return pd.DataFrame(columns=columns)
    provinces = _article_provinces(frames)
    rows = []
    for name, group in orgs.groupby("organization"):
        attrs = [_attrs(a) for a in group["attrs"]]
        rows.append({
            "organization": name,
            "kind": _commonest(a.get("kind") for a in attrs),
            "level": _commonest(a.get("level") for a in attrs),
            "articles": group["doc_id"].nunique(),
            "mentions": len(group),
            "variants": [v for v, _ in Counter(re.sub(r"\s+", " ", t) for t in group["text"]).most_common()],
            "provinces": sorted({provinces[d] for d in group["doc_id"] if d in provinces}),
        })
    table = pd.DataFrame(rows, columns=columns).sort_values(["articles", "mentions", "organization"],
                                                            ascending=[False, False, True], kind="stable")
    table = table.reset_index(drop=True)
    return table if n is None else table.head(n)


def org_document_cooccurrence(frames: Frames, *, n_orgs: int | None = 10, n_docs: int | None = 10,
                              copies: bool = False) -> pd.DataFrame:
    """Organizations × legal documents: in how many articles both are named.

    Rows are the ``n_orgs`` organizations named with a document in the most articles (ties
    broken by overall activity), columns the ``n_docs`` documents named with most of those rows;
    ``None`` keeps all. A body or
    document that never shares an article with the other side has no row or column; inside the
    table, zeros are real zeros.
    """
    frames = frames if copies else stories(frames)
    orgs = _org_names(frames)
    mentions, groups = _legal_groups(frames)
    if orgs.empty or mentions.empty:
        return pd.DataFrame(dtype=int)
    named = mentions.assign(document=mentions["group"].map(lambda g: groups[g]["document"]))
    pairs = orgs[["doc_id", "organization"]].drop_duplicates().merge(
        named[["doc_id", "document"]].drop_duplicates(), on="doc_id")
    if pairs.empty:
        return pd.DataFrame(dtype=int)
    table = pairs.groupby(["organization", "document"])["doc_id"].nunique().unstack("document", fill_value=0)

    def ranked(labels: pd.Index, linked: pd.Series, activity: pd.Series, n: int | None) -> list[str]:
        order = sorted(labels, key=lambda x: (-linked[x], -activity.get(x, 0), x))
        return order if n is None else order[:n]

    org_articles = orgs.groupby("organization")["doc_id"].nunique()
    doc_articles = named.groupby("document")["doc_id"].nunique()
    org_linked = pairs.groupby("organization")["doc_id"].nunique()
    rows = ranked(table.index, org_linked, org_articles, n_orgs)
    # Columns: the documents most linked to the rows shown, so the table is not a field of zeros.
    table = table.loc[rows, ranked(table.columns, table.loc[rows].astype(bool).sum(), doc_articles, n_docs)]
    table.index.name, table.columns.name = "organization", "document"
    return table.astype(int)


# -- corrections ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def corrections_summary(frames: Frames, *, examples: int = 3) -> pd.DataFrame:
    """What normalization and typo fixing changed, by rule, with the commonest examples.

    Columns: ``rule``, ``corrections``, ``articles``, ``examples`` (``before → after``, spaces
    shown as ␣ and nothing as ∅). Sorted by number of corrections.

    >>> fixes = pd.DataFrame({"doc_id": ["a", "a", "b"], "original": ["", "Tồ quốc", ""],
    ...                       "replacement": [" ", "Tổ quốc", " "], "rule": ["spacing", "typo", "spacing"]})
    >>> corrections_summary({"corrections": fixes}).to_dict("records")[0]
    {'rule': 'spacing', 'corrections': 2, 'articles': 2, 'examples': ['∅ → ␣']}
    """
    columns = ["rule", "corrections", "articles", "examples"]
    fixes = frames["corrections"]
    if fixes.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for rule, group in fixes.groupby("rule"):
        pairs = Counter(" → ".join(shown_pair(_text(o), _text(r))) for o, r in zip(group["original"], group["replacement"]))
        rows.append({"rule": rule, "corrections": len(group), "articles": group["doc_id"].nunique(),
                     "examples": [p for p, _ in pairs.most_common(examples)]})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["corrections", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)


# -- charts --------------------------------------------------------------------------------


def plot_topic_counts(frames: Frames, ax: Any = None) -> Any:
    """A horizontal bar chart of documents per best topic (Vietnamese names); returns the Axes."""
    import matplotlib.pyplot as plt

    table = topic_counts(frames).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.4 * max(3, len(table)) + 1))
    ax.barh(table["name"], table["documents"], color="#3498db")
    ax.set_xlabel("documents (best topic)")
    ax.set_title("Chủ đề — topic distribution")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax


def plot_topics_by_month(frames: Frames, ax: Any = None, *, freq: str = "M") -> Any:
    """Stacked bars of documents per topic per month (Vietnamese names); returns the Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    table = topics_by_month(frames, freq=freq)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    if table.empty:
        ax.text(0.5, 0.5, "no dated documents", ha="center", va="center", transform=ax.transAxes)
        return ax
    labels = [str(p) for p in table.index]
    bottom = [0] * len(table)
    # tab20 is a ListedColormap whose colours are a tuple of RGB triples (the stubs allow any array)
    tab20 = cast(tuple[tuple[float, float, float], ...], cast(ListedColormap, plt.get_cmap("tab20")).colors)
    colours = tab20[0::2] + tab20[1::2]  # strong colours first, their light twins after
    order = table.sum().sort_values(ascending=False).index
    for i, slug in enumerate(order):
        values = table[slug].tolist()
        ax.bar(labels, values, bottom=bottom, label=_topic_name(slug), color=colours[i % len(colours)])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("documents")
    ax.set_title("Chủ đề theo thời gian — topics by month")
    ax.yaxis.get_major_locator().set_params(integer=True)
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=45, ha="right")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
