# Throwaway stand-in for SQLean's crypto md5 (which dbt-sqlite expects loaded): returns the
# 16-byte digest as a blob, so dbt-sqlite's hex(md5(...)) gives upper-case hex as with SQLean.
import hashlib
import sqlite3

_connect = sqlite3.connect


def _md5(x):
    if x is None:
        return None
    if isinstance(x, str):
        x = x.encode()
    elif not isinstance(x, (bytes, bytearray)):
        x = str(x).encode()
    return hashlib.md5(x).digest()


def connect(*a, **k):
    c = _connect(*a, **k)
    c.create_function("md5", 1, _md5, deterministic=True)
    return c


sqlite3.connect = connect
