"""Database URIs: recognising them, and showing them without their password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from cockpit.errors import UsageError

SCHEMES = {
    "sqlite": "sqlite",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "duckdb": "duckdb",
    "sc": "spark",
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "trino": "trino",
    "databricks": "databricks",
}
"""URI scheme → engine kind (`sc://host:port` is Spark Connect)."""
FILE_KINDS = ("sqlite", "duckdb")
"""Engines whose URI names a file: `kind:///relative/path` or `kind:////absolute/path`."""
# The password runs to the last `@` of the authority: a raw `@` inside it (libpq accepts one)
# must not leave half of it shown.
_PASSWORD = re.compile(
    r"(?P<head>[a-z][a-z0-9+.-]*://[^:/?#@\s]*:)(?P<secret>[^/\s]*)(?=@[^@/\s]*(?:[/?#\s]|$))",
    re.I,
)
# A query parameter whose name says it holds a credential (password=, sslpassword=, api_token=…).
_PASSWORD_PARAM = re.compile(
    r"(?P<head>\b[\w.-]*(?:pass|pwd|secret|token|key|sig|credential|auth)[\w.-]*=)"
    r"(?P<secret>[^&;\s'\"]+)",
    re.I,
)
OBJECT_STORES = ("s3", "gs", "gcs", "az", "abfs", "abfss")
MASK = "***"
# Query parameters that carry a credential in the URI forms drivers accept (libpq's password and
# sslpassword, tokens and keys of warehouses and object stores): never stored or shown.
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|sig|credential|auth", re.I)
_DEFAULT_PORTS = {"postgresql": 5432}


@dataclass(frozen=True)
class DatabaseUri:
    """A database the user named: its kind, what the driver is given, and a safe label."""

    kind: str
    """`sqlite`, `postgresql`, `duckdb`, `spark`, `snowflake`, `bigquery`, `trino`, `databricks`."""
    target: str
    """What the driver connects to: a file path (SQLite, DuckDB) or the URI."""
    shown: str
    """The URI with any password masked: the only form that may be printed or logged."""
    secrets: tuple[str, ...] = ()
    """Passwords found in the URI, masked wherever they appear in a driver's message."""

    def mask(self, text: str) -> str:
        """`text` with this URI's password (and any other URI password) replaced by ***."""
        for secret in self.secrets:
            if secret:
                text = text.replace(secret, MASK)
        return mask_passwords(text)


def is_database_uri(data: str | None) -> bool:
    """True when DATA names a database or engine (`sqlite:///…`, `postgresql://…`,
    `duckdb:///…`, `sc://host:port`, `snowflake://…`, …)."""
    return bool(data) and urlsplit(str(data)).scheme.lower() in SCHEMES


def is_object_store(data: str | None) -> bool:
    """True when DATA is a folder on object storage (`s3://bucket/prefix`, `gs://`, `az://`)."""
    return bool(data) and urlsplit(str(data)).scheme.lower() in OBJECT_STORES


def is_remote(data: str | None) -> bool:
    """True when DATA is not a local path: a database or object storage."""
    return is_database_uri(data) or is_object_store(data)


def parse_database_uri(data: str) -> DatabaseUri:
    """The database named by `data`; a malformed URI is a usage error (password masked)."""
    parts = urlsplit(data)
    kind = SCHEMES[parts.scheme.lower()]
    secrets = tuple(s for s in (parts.password, unquote(parts.password or "")) if s)
    shown = mask_passwords(data)
    if kind in FILE_KINDS:
        path = unquote(parts.path)
        if parts.netloc or not path or path == "/":
            name = {"sqlite": "SQLite", "duckdb": "DuckDB"}[kind]
            raise UsageError(
                f"{shown}: a {name} URI is {kind}:///relative/path.db or "
                f"{kind}:////absolute/path.db"
            )
        # sqlite:///x.db is the relative path x.db and sqlite:////abs/x.db an absolute one (the
        # SQLAlchemy convention); sqlite:///tmp/x.db also finds /tmp/x.db when tmp/x.db is absent.
        relative = Path(path[1:])
        chosen = relative if relative.exists() or not Path(path).exists() else Path(path)
        return DatabaseUri(kind, str(chosen), shown, secrets)
    scheme = "postgresql" if kind == "postgresql" else parts.scheme.lower()
    target = data.replace(f"{parts.scheme}://", f"{scheme}://", 1)
    return DatabaseUri(kind, target, shown, secrets)


def public_uri(data: str) -> str:
    """`data` as it may be stored, shown, passed on or used as a name: no credential of any
    form (password in userinfo, `password=`, tokens and keys in the query), scheme and host in
    lower case, the default port left out and the query sorted, so two spellings of the same
    database give the same text. A local path is returned unchanged."""
    parts = urlsplit(data)
    if not parts.scheme or "://" not in data:
        return data
    scheme = "postgresql" if parts.scheme.lower() == "postgres" else parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    user = f"{parts.username}@" if parts.username else ""
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _SECRET_PARAM.search(name)
    )
    # Spark Connect's parameters follow `;` in the path (`/;token=…;database=crm`).
    path, *params = parts.path.split(";")
    kept = [p for p in params if not _SECRET_PARAM.search(p.partition("=")[0])]
    path = ";".join([path, *kept])
    # Built by hand: urlunsplit drops the `//` of `sqlite:///path`, whose netloc is empty.
    shown = f"{scheme}://{user}{host}{path}"
    return f"{shown}?{urlencode(query)}" if query else shown


def mask_passwords(text: str) -> str:
    """Every `scheme://user:password@` and credential parameter (`password=`, `api_token=`…) in
    `text` with the secret masked."""
    text = _PASSWORD.sub(lambda m: f"{m['head']}{MASK}", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['head']}{MASK}", text)
