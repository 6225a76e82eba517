"""Pages and downloads of record frames: JSON (paginated), CSV, Parquet."""

from __future__ import annotations

import io
import math
import uuid
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fastapi.responses import JSONResponse, Response

FORMATS = ("json", "csv", "parquet")


def plain_ids(df: pd.DataFrame) -> pd.DataFrame:
    """UUID columns as their canonical text (CSV, Parquet and JSON readers expect strings)."""
    for c in df.columns:
        if df[c].dtype == object:
            first = df[c].dropna().head(1)
            if len(first) and isinstance(first.iloc[0], uuid.UUID):
                df = df.assign(**{c: df[c].map(lambda v: None if v is None else str(v))})
    return df


def jsonable(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for r in df.to_dict("records"):
        out.append({k: _plain(v) for k, v in r.items()})
    return out


def table_rows(t: pa.Table) -> list[dict[str, Any]]:
    """``jsonable`` of an Arrow table without pandas: dates as ISO text (cast in Arrow), NaN as
    null, everything else as Arrow gives it (text, int, float, bool; UUIDs are text)."""
    for i, f in enumerate(t.schema):
        col = t.column(i)
        if pa.types.is_date(f.type):
            t = t.set_column(i, f.name, pc.cast(col, pa.string()))
        elif pa.types.is_floating(f.type) and col.null_count < len(col):
            t = t.set_column(i, f.name, pc.if_else(pc.is_nan(col), None, col))
    rows = t.to_pylist()
    odd = [f.name for f in t.schema if not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                                           or pa.types.is_integer(f.type) or pa.types.is_floating(f.type)
                                           or pa.types.is_boolean(f.type) or pa.types.is_null(f.type))]
    if odd:  # timestamps, decimals, UUID objects...: the generic conversion
        for r in rows:
            for k in odd:
                r[k] = _plain(r[k])
    return rows


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float):
        return None if math.isnan(v) else v
    if isinstance(v, uuid.UUID):
        return str(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10] if not hasattr(v, "hour") or (v.hour, v.minute) == (0, 0) \
            else v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def file_response(df: pd.DataFrame, fmt: str, name: str) -> Response:
    df = plain_ids(df)
    if fmt == "csv":
        return Response(df.to_csv(index=False), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), buf)
    return Response(buf.getvalue(), media_type="application/vnd.apache.parquet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.parquet"'})


def _default(v: Any) -> Any:
    plain = _plain(v)
    if plain is v:
        return str(v)
    return plain


class FastJSON(JSONResponse):
    """JSON rendered by ``json.dumps`` directly: the payloads are already plain (``jsonable``),
    so FastAPI's recursive encoder, a large share of a cached response's time, is skipped."""

    def render(self, content: Any) -> bytes:
        return render_json(content)


def render_json(content: Any) -> bytes:
    """The JSON body of a plain payload (``jsonable``), as ``FastJSON`` renders it."""
    import json

    return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=_default).encode()


def json_body(body: bytes) -> Response:
    """A response from an already rendered body: cache hits send their bytes as they are."""
    return Response(body, media_type="application/json")
