"""The researcher-facing functions: readers, post quality, messages, interaction, health.

Each function converts its arguments to JSON, calls one native function (the GIL is released
for the work, batches run across cores) and gets back Python objects built natively: batch
tables as columns, which become a pandas DataFrame when pandas is installed, a list of dicts
otherwise (``as_frame`` forces either).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _native
from ._arrow import plan as arrow_plan
from ._config import Config, ConfigLike, config_json
from ._convert import (
    Columns,
    _is_frame,
    call_with_records,
    column_table,
    join_columns,
    table,
    pandas_or_none,
    texts_of,
    wants_frame,
)
from ._errors import ConfigError
from ._progress import chunked

Record = Dict[str, Any]

# ------------------------------------------------------------------------------------------
# Reading

_KIND_OF = {"posts": "post", "comments": "comment", "accounts": "account", "mentions": "mention"}


def _mapping_json(kind: str, mapping: Any) -> Optional[Dict[str, Any]]:
    """A column mapping in the core's shape. ``{"text": "微博正文", "id": ["mid", "bid"]}`` maps
    canonical fields to input columns (candidates in order); the full serde shape
    ``{"kind", "columns", "constants"}`` passes through."""
    if mapping is None:
        return None
    if not isinstance(mapping, Mapping):
        raise TypeError("mapping must be a dict: canonical field -> column name(s)")
    if "columns" in mapping:
        full = dict(mapping)
        full.setdefault("kind", kind)
        return full
    columns = {
        str(name): [value] if isinstance(value, str) else [str(v) for v in value]
        for name, value in mapping.items()
    }
    return {"kind": kind, "columns": columns, "constants": {}}


def _time_text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    from ._convert import _clean

    text = _clean(value)
    if not isinstance(text, str):
        raise TypeError(f"reference_time must be a datetime or ISO 8601 text, not {type(value).__name__}")
    return text


def _read_raw(
    source_value: Any,
    *,
    kind: str,
    format: Optional[str],
    preset: Optional[str],
    mapping: Any,
    lenient: bool,
    reference_time: Any,
    account_id: Optional[str],
    source: Optional[str],
) -> Dict[str, Any]:
    options: Dict[str, Any] = {}
    full_mapping = _mapping_json(_KIND_OF[kind], mapping)
    if full_mapping is not None:
        options["mapping"] = full_mapping
    if reference_time is not None:
        options["reference_time"] = _time_text(reference_time)
    if account_id is not None:
        options["account_id"] = account_id
    if _is_frame(source_value):
        # A DataFrame goes through the core's CSV reader, so the mapping, time parsing and
        # validation are exactly those of a file.
        source_value = source_value.to_csv(index=False).encode("utf-8")
        format = format or "csv"
        if full_mapping is None and preset is None:
            preset = kind  # the built-in column aliases of this record kind
        source = source or "<DataFrame>"
    elif hasattr(source_value, "read"):
        source = source or getattr(source_value, "name", None)
        source_value = source_value.read()
        if isinstance(source_value, str):
            source_value = source_value.encode("utf-8")
        if not isinstance(source, str):
            source = None
    kwargs: Dict[str, Any] = {
        "format": format,
        "preset": preset,
        "lenient": lenient,
        "source": source,
        "options": json.dumps(options, ensure_ascii=False) if options else None,
    }
    if isinstance(source_value, os.PathLike):
        raw = _native.read_path(os.fspath(source_value), **kwargs)
    elif isinstance(source_value, (bytes, bytearray, memoryview)):
        raw = _native.read_bytes(bytes(source_value), **kwargs)
    elif isinstance(source_value, str):
        if "\n" in source_value or source_value.lstrip().startswith(("{", "[")):
            raw = _native.read_text(source_value, **kwargs)
        else:
            raw = _native.read_path(source_value, **kwargs)
    else:
        raise TypeError(
            "expected a path, text, bytes, a file object or a DataFrame, "
            f"not {type(source_value).__name__}"
        )
    return raw


def _reader(kind: str):  # type: ignore[no-untyped-def]
    def read_kind(
        path_or_file: Any,
        *,
        format: Optional[str] = None,
        preset: Optional[str] = None,
        mapping: Optional[Mapping[str, Any]] = None,
        lenient: bool = False,
        reference_time: Any = None,
        account_id: Optional[str] = None,
        source: Optional[str] = None,
    ) -> Any:
        parsed = _read_raw(
            path_or_file,
            kind=kind,
            format=format,
            preset=preset,
            mapping=mapping,
            lenient=lenient,
            reference_time=reference_time,
            account_id=account_id,
            source=source,
        )
        records = parsed[kind]
        if lenient:
            return records, parsed["report"]
        return records

    read_kind.__name__ = f"read_{kind}"
    read_kind.__qualname__ = f"read_{kind}"
    read_kind.__doc__ = f"""Reads {kind} from a path, text, bytes, a file object or a pandas DataFrame.

    Returns a list of dicts (the core data model: times as ISO 8601 text with their UTC offset, a
    count the source does not give is ``None``). ``format``: ``"jsonl"``, ``"weibo_api"``,
    ``"csv"``, ``"mapped_json"`` or ``None`` (detect). ``preset``: a named column mapping for
    crawler exports. ``mapping``: ``{{canonical_field: column or [columns]}}`` for CSV, mapped
    JSON and DataFrames. ``reference_time``: "now" for relative times (刚刚, 3小时前).
    ``account_id``: for records whose input has none. ``lenient=True`` skips bad records and
    returns ``(records, report)``; strict raises :class:`ParseError` at the first bad record.
    """
    return read_kind


read_posts = _reader("posts")
read_comments = _reader("comments")
read_accounts = _reader("accounts")
read_mentions = _reader("mentions")

# ------------------------------------------------------------------------------------------
# Post quality


def post_quality(
    texts_or_posts: Any,
    *,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
    detail: bool = False,
    evidence: bool = True,
    progress: Optional[bool] = None,
    arrow: Optional[bool] = None,
) -> Any:
    """Quality of each post: one row per post, in input order.

    ``texts_or_posts``: texts (list or Series of ``str``; ids are ``"0"``, ``"1"``, ...) or post
    records (list of dicts from :func:`read_posts`, or a DataFrame with ``id``, ``account_id``,
    ``created_at``, ``text``). Columns: ``post_id``, ``post_type``, ``officialese`` (0–1),
    ``audience``, ``audience_score``, ``form``, ``livelihood`` (0–1), ``plain_language``,
    ``trivia``, readability (``chars`` ... ``fog_index``, ``over_length_norm``) and the evidence
    (``post_type_cues``, ``officialese_phrases``, ``slogans``, ``plain_phrases``,
    ``reader_cues``, ``self_cues``, ``livelihood_categories``, ``livelihood_details``,
    ``trivia_markers``, ``keywords``); from post records also ``account_id`` and ``created_at``
    (after ``post_id``). ``evidence=False`` leaves the evidence columns out (a smaller, faster
    table). ``detail=True`` returns the full nested results (dicts) instead. ``config``: a
    ``Config("quality")`` or a dict of overrides. ``arrow``: for a DataFrame with pyarrow
    installed (``None``, the default) the evidence columns are Arrow lists
    (``pd.ArrowDtype``) and the id and label columns Arrow strings when pandas stores text in
    Arrow anyway (pandas 3), built without a Python object per cell; ``arrow=False`` builds
    them as Python lists and strings (see :mod:`zhengwu._arrow`).
    """
    cfg = config_json("quality", config)
    frame = wants_frame(as_frame) and not detail
    plan = arrow_plan(pandas_or_none(), frame, arrow)
    posts_given: Optional[List[Any]] = None
    parts: List[Any]

    def arrow_kwargs(whole: bool) -> Dict[str, bool]:
        # Arrow columns only when the whole batch becomes one DataFrame (not split for a bar).
        use = plan is not None and whole
        return {"arrow_strings": use and plan is not None and plan.strings, "arrow_evidence": use}

    if _is_frame(texts_or_posts) or (
        isinstance(texts_or_posts, list) and texts_or_posts and isinstance(texts_or_posts[0], Mapping)
    ):
        posts: Any = texts_or_posts
        if _is_frame(posts):
            from ._convert import records_of

            posts = records_of(posts)
        posts_given = posts

        def run_posts(part: Sequence[Any], start: int) -> Any:
            # Numbers as arrays when the whole batch becomes one DataFrame (not split for a bar).
            arrays = frame and len(part) == len(posts)
            return call_with_records(
                lambda posts: _native.post_quality(
                    posts, cfg, evidence=evidence, detail=detail, arrays=arrays, **arrow_kwargs(arrays)
                ),
                posts=list(part),
            )

        parts = chunked(posts, run_posts, progress=progress, desc="post quality")
    else:
        texts = texts_of(texts_or_posts)

        def run_texts(part: Sequence[str], start: int) -> Any:
            arrays = frame and len(part) == len(texts)
            return _native.post_quality_texts(
                list(part), cfg, evidence=evidence, detail=detail, first_id=start, arrays=arrays, **arrow_kwargs(arrays)
            )

        parts = chunked(texts, run_texts, progress=progress, desc="post quality")
    if detail:
        return [q for part in parts for q in part]
    columns: Columns = join_columns(parts)
    if posts_given is not None:
        columns = {
            "post_id": columns["post_id"],
            "account_id": [p.get("account_id") for p in posts_given],
            "created_at": [p.get("created_at") for p in posts_given],
            **columns,
        }
    return column_table(columns, as_frame, plan)


# ------------------------------------------------------------------------------------------
# Messages


def classify_messages(
    texts: Any,
    *,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
    evidence: bool = True,
    progress: Optional[bool] = None,
    arrow: Optional[bool] = None,
) -> Any:
    """Intent, sentiment and whether a reply is expected, for each citizen message.

    Columns: ``text``, ``intent``, ``sentiment`` (positive/neutral/negative),
    ``sentiment_score`` (−1…1), ``needs_reply`` (bool), and evidence: ``intent_evidence``
    (cues with intent and weight), ``sentiment_evidence`` (phrases with offset, weight and
    negation); ``evidence=False`` leaves those two out. ``config``: ``Config("message")`` or a
    dict (e.g. extra lexicon phrases). ``arrow``: as for :func:`post_quality` (the evidence
    columns as Arrow lists, ``intent`` and ``sentiment`` as Arrow strings under pandas 3).
    """
    items = texts_of(texts)
    cfg = config_json("message", config)
    frame = wants_frame(as_frame)
    plan = arrow_plan(pandas_or_none(), frame, arrow)

    def run(part: Sequence[str], start: int) -> Columns:
        # Numbers (and Arrow columns) as arrays when the whole batch becomes one DataFrame (not
        # split for a bar).
        arrays = frame and len(part) == len(items)
        use = plan is not None and arrays
        return _native.classify_messages(
            list(part),
            cfg,
            evidence=evidence,
            arrays=arrays,
            arrow_strings=use and plan is not None and plan.strings,
            arrow_evidence=use,
        )

    columns = join_columns(chunked(items, run, progress=progress, desc="messages"))
    if "text" not in columns:  # else written natively as an Arrow string column
        columns = {"text": items, **columns}
    return column_table(columns, as_frame, plan)


# ------------------------------------------------------------------------------------------
# Interaction


@dataclass(frozen=True)
class Interactions:
    """The interaction analysis of one account (what :func:`interactions` returns).

    ``report`` is the full core ``InteractionReport`` as a dict; the attributes are its tables:
    ``summary`` (one row: messages, needs-reply, answered, reply rate, latency, broadcast ratio),
    ``by_class`` (one row per intent), ``backlog`` (unanswered messages that expected a reply,
    oldest first), ``crisis`` (negative bursts) — DataFrames when pandas is installed.
    """

    account_id: str
    report: Dict[str, Any]
    summary: Any = field(repr=False)
    by_class: Any = field(repr=False)
    backlog: Any = field(repr=False)
    crisis: Any = field(repr=False)


def _latency_columns(prefix: str, latency: Optional[Mapping[str, Any]]) -> Record:
    latency = latency or {}
    return {
        f"{prefix}median_hours": _hours(latency.get("median_seconds")),
        f"{prefix}p90_hours": _hours(latency.get("p90_seconds")),
        f"{prefix}within_1h_share": latency.get("within_1h_share"),
        f"{prefix}within_24h_share": latency.get("within_24h_share"),
    }


def _hours(seconds: Optional[float]) -> Optional[float]:
    return None if seconds is None else seconds / 3600.0


def _crisis_rows(account_id: str, episodes: Sequence[Mapping[str, Any]]) -> List[Record]:
    return [{"account_id": account_id, **episode} for episode in episodes]


def _interaction_report(
    posts: Any, comments: Any, mentions: Any, accounts: Any, account_id: Optional[str], config: ConfigLike
) -> Tuple[str, Dict[str, Any]]:
    post_records = posts if isinstance(posts, list) else None
    if account_id is None:
        ids = {p.get("account_id") for p in (post_records or [])}
        if _is_frame(posts) and "account_id" in posts.columns:
            ids = set(posts["account_id"].unique())
        if len(ids) != 1:
            raise ConfigError(
                "account_id is required unless the posts belong to exactly one account "
                f"(found {len(ids)})"
            )
        account_id = str(next(iter(ids)))
    cfg = config_json("interaction", config)
    report = call_with_records(
        lambda **records: _native.interactions(account_id, config=cfg, **records),
        posts=posts,
        comments=comments,
        accounts=accounts,
        mentions=mentions,
    )
    return account_id, report


def interactions(
    posts: Any,
    comments: Any,
    *,
    account_id: Optional[str] = None,
    mentions: Any = None,
    accounts: Any = None,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
) -> Interactions:
    """Who asked the account what, who got an answer and how fast (threads, responsiveness,
    backlog, closure, crisis). ``account_id`` defaults to the one account of ``posts``."""
    account_id, report = _interaction_report(posts, comments, mentions, accounts, account_id, config)
    r = report["responsiveness"]
    summary = {
        "account_id": account_id,
        "citizen_messages": r["citizen_messages"],
        "needs_reply": r["needs_reply"],
        "answered": r["answered"],
        "reply_rate": r["reply_rate"],
        "answered_any": r["answered_any"],
        **_latency_columns("latency_", r["latency"]),
        "posts": r["posts"],
        "official_replies": r["official_replies"],
        "broadcast_ratio": r["broadcast_ratio"],
        "backlog_total": r["backlog_total"],
        "negative": report["messages"]["negative"],
        "neutral": report["messages"]["neutral"],
        "positive": report["messages"]["positive"],
    }
    by_class = [
        {
            "intent": c["intent"],
            "messages": c["messages"],
            "answered": c["answered"],
            "reply_rate": c["reply_rate"],
            **_latency_columns("latency_", c["latency"]),
            "answered_examples": c["answered_examples"],
            "unanswered_examples": c["unanswered_examples"],
        }
        for c in r["by_class"]
    ]
    return Interactions(
        account_id=account_id,
        report=report,
        summary=table([summary], as_frame),
        by_class=table(by_class, as_frame, ["intent", "messages", "answered", "reply_rate"]),
        backlog=table(r["backlog"], as_frame, ["id", "post_id", "created_at", "intent", "age_hours"]),
        crisis=table(_crisis_rows(account_id, report["crisis"]), as_frame, ["account_id", "onset"]),
    )


def crisis(
    posts: Any,
    comments: Any = None,
    *,
    account_id: Optional[str] = None,
    mentions: Any = None,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
) -> Any:
    """Negative bursts around an account (streaming Poisson detector over hourly windows): one
    row per episode with onset, peak, end, negative messages, p-value, the first official
    response and its delay, and the ids of the negative messages (evidence).

    ``posts`` may be an earlier :func:`interactions` result: its episodes are tabled without
    analysing again (the other arguments must then be left out)."""
    if isinstance(posts, Interactions):
        _no_records("crisis", comments=comments, account_id=account_id, mentions=mentions, config=config)
        account_id, report = posts.account_id, posts.report
    else:
        account_id, report = _interaction_report(posts, comments, mentions, None, account_id, config)
    return table(_crisis_rows(account_id, report["crisis"]), as_frame, ["account_id", "onset"])


def _no_records(function: str, **given: Any) -> None:
    """Refuses records or a configuration next to an earlier result (they would be ignored)."""
    extra = sorted(name for name, value in given.items() if value is not None)
    if extra:
        raise TypeError(f"{function}() of an earlier result takes no {', '.join(extra)}")


# ------------------------------------------------------------------------------------------
# Health


@dataclass(frozen=True)
class Audit:
    """The health audit of every account (what :func:`audit` returns).

    ``report`` is the full core ``AuditReport`` as a dict. The methods give its tables.
    """

    report: Dict[str, Any] = field(repr=False)

    @property
    def window(self) -> Dict[str, Any]:
        return dict(self.report["window"])

    def accounts(self, as_frame: Optional[bool] = None) -> Any:
        """One row per account: scores, diagnoses with evidence, recommendations, indices."""
        return table([_health_row(a) for a in self.report["accounts"]], as_frame, ["account_id"])

    def league(self, as_frame: Optional[bool] = None, *, by: Optional[str] = None) -> Any:
        """League table: rank within the cohort, overall and component scores. ``by``
        (``"all"``, ``"level"``, ``"system"``, ``"level_and_system"``) groups the accounts
        differently from the audit's configuration, from this report (no second audit)."""
        league = self.report["league"] if by is None else _native.league(self.report["accounts"], by)
        rows = []
        for row in league:
            flat = {k: v for k, v in row.items() if k != "components"}
            flat.update({f"score_{k}": v for k, v in row["components"].items()})
            rows.append(flat)
        return table(rows, as_frame, ["rank", "account_id", "cohort", "overall"])

    def coverage(self, as_frame: Optional[bool] = None) -> Any:
        """Per cohort: listed accounts and how many posted at all."""
        return table(list(self.report["coverage"]), as_frame, ["cohort", "accounts", "observed", "share"])

    def indices(self, as_frame: Optional[bool] = None) -> Any:
        """The reference indices per account: BCI (exact), 人民网-style composite, 成都 60/20/20."""
        return table([_indices_row(a) for a in self.report["accounts"]], as_frame, ["account_id", "bci"])

    def account(self, account_id: str) -> Dict[str, Any]:
        """The full report of one account (dict); KeyError if it is not in the audit."""
        for a in self.report["accounts"]:
            if a["account"]["id"] == account_id:
                return a  # type: ignore[no-any-return]
        raise KeyError(account_id)


def _health_row(a: Mapping[str, Any]) -> Record:
    acc = a["account"]
    scores = a["scores"]
    found = a["diagnoses"]["found"]
    row: Record = {
        "account_id": acc["id"],
        "name": acc.get("name"),
        "level": acc.get("admin_level"),
        "system": acc.get("system"),
        "listed": a["listed"],
        "overall": scores["overall"],
        "provisional": scores["provisional"],
    }
    for c in scores["components"]:
        row[f"score_{c['kind']}"] = c["score"]
    row.update(
        {
            "primary_diagnosis": found[0]["kind"] if found else None,
            "diagnoses": [d["kind"] for d in found],
            "diagnosis_summaries": [d["summary"] for d in found],
            "evidence": [{"kind": d["kind"], **d["evidence"]} for d in found],
            "recommendations": [r["en"] for r in a["recommendations"]],
            "recommendations_zh": [r["zh"] for r in a["recommendations"]],
            "bci": a["indices"]["bci"]["bci"],
            "cohort": (a.get("cohort") or {}).get("cohort"),
            "cohort_rank": (a.get("cohort") or {}).get("rank"),
            "cohort_percentile": (a.get("cohort") or {}).get("overall_percentile"),
        }
    )
    return row


def _indices_row(a: Mapping[str, Any]) -> Record:
    ind = a["indices"]
    return {
        "account_id": a["account"]["id"],
        **{k: ind["bci"][k] for k in ("bci", "w1", "w2", "posts", "reposts", "comments", "likes")},
        "people_daily_style": ind["people_daily_style"]["value"],
        "chengdu": ind["chengdu"]["value"],
    }


def audit(
    posts: Any,
    comments: Any = None,
    accounts: Any = None,
    *,
    mentions: Any = None,
    config: ConfigLike = None,
) -> Audit:
    """Runs the health audit (activity, quality, interaction, scores, diagnoses, cohorts,
    indices, recommendations) over every account once; see :class:`Audit` for its tables."""
    cfg = config_json("audit", config)
    report = call_with_records(
        lambda **records: _native.audit(config=cfg, **records),
        posts=posts,
        comments=comments,
        accounts=accounts,
        mentions=mentions,
    )
    return Audit(report=report)


def account_health(
    posts: Any,
    comments: Any = None,
    accounts: Any = None,
    config: ConfigLike = None,
    *,
    mentions: Any = None,
    as_frame: Optional[bool] = None,
) -> Any:
    """One row per account: overall and component scores (0–100), diagnoses with their evidence,
    recommendations (English and Chinese), BCI and cohort rank. ``posts`` may be an earlier
    :func:`audit` result (then nothing is audited again)."""
    if isinstance(posts, Audit):
        _no_records("account_health", comments=comments, accounts=accounts, mentions=mentions, config=config)
        return posts.accounts(as_frame)
    return audit(posts, comments, accounts, mentions=mentions, config=config).accounts(as_frame)


def cohort(
    posts: Any,
    comments: Any = None,
    accounts: Any = None,
    *,
    by: str = "level",
    mentions: Any = None,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
) -> Any:
    """League table by cohort (``by``: ``"all"``, ``"level"``, ``"system"``,
    ``"level_and_system"``): rank within the cohort, overall and component scores. ``posts``
    may be an earlier :func:`audit` result: the table is made from its scores, grouped ``by``,
    without auditing again."""
    if isinstance(posts, Audit):
        _no_records("cohort", comments=comments, accounts=accounts, mentions=mentions, config=config)
        return posts.league(as_frame, by=by)
    if isinstance(config, Config):
        base = config
    elif isinstance(config, str):
        base = Config.from_json("audit", config)
    else:
        base = Config("audit", config)
    cfg = base.updated({"cohort_by": by})
    return audit(posts, comments, accounts, mentions=mentions, config=cfg).league(as_frame)


def bci(
    posts: Any = None,
    comments: Any = None,
    accounts: Any = None,
    *,
    mentions: Any = None,
    config: ConfigLike = None,
    as_frame: Optional[bool] = None,
) -> Any:
    """The reference indices per account: BCI (微博传播力指数, exact published formula) with its
    parts W1 and W2, the 人民网-style composite and the 成都 60/20/20 ranking score. ``posts`` may
    be an earlier :func:`audit` result (then nothing is audited again)."""
    if isinstance(posts, Audit):
        _no_records("bci", comments=comments, accounts=accounts, mentions=mentions, config=config)
        return posts.indices(as_frame)
    return audit(posts, comments, accounts, mentions=mentions, config=config).indices(as_frame)


reference_indices = bci


def bci_from_totals(posts: int, reposts: int, comments: int, likes: int) -> Dict[str, Any]:
    """The BCI of period totals: ``(0.2·ln(posts+1) + 0.8·(0.4·ln(reposts+1) +
    0.4·ln(comments+1) + 0.2·ln(likes+1)))·160``, with its parts."""
    return _native.bci(posts, reposts, comments, likes)


__all__ = [
    "Audit",
    "Interactions",
    "account_health",
    "audit",
    "bci",
    "bci_from_totals",
    "classify_messages",
    "cohort",
    "crisis",
    "interactions",
    "post_quality",
    "read_accounts",
    "read_comments",
    "read_mentions",
    "read_posts",
    "reference_indices",
]
