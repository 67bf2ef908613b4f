#!/usr/bin/python3
"""PyMySQL driver for the shared client contract (see test/helpers/run-client.ts).

argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}.
Prints one JSON line: {"client","connect":{...},"statements":[...]}.
Opt-in to bit 22: client_flag=CLIENT.HANDLE_EXPIRED_PASSWORDS.
caching_sha2 full auth over plain TCP uses RSA, which needs python3-cryptography.
"ssl": true passes an ssl.SSLContext that verifies neither the certificate nor the host name.
PyMySQL discards the SQLSTATE of server errors, so no "sqlState" is reported.
"""
import json
import os
import ssl
import sys

# This file is named pymysql.py: keep its own directory off sys.path so that
# "import pymysql" finds the library, not this script.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

import pymysql  # noqa: E402
from pymysql.constants import CLIENT  # noqa: E402


def error_of(e):
    out = {"ok": False}
    args = getattr(e, "args", ())
    if len(args) >= 1 and isinstance(args[0], int):
        out["code"] = args[0]
    if len(args) >= 2:
        out["message"] = str(args[1])
    elif len(args) == 1 and not isinstance(args[0], int):
        out["message"] = str(args[0])
    return out


def is_fatal(e, conn):
    if isinstance(e, pymysql.err.InterfaceError):
        return True
    code = e.args[0] if e.args and isinstance(e.args[0], int) else 0
    return 2000 <= code < 3000 or not conn.open


def cell(v):
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return str(v)


def main():
    args = json.loads(sys.argv[1])
    report = {"client": "pymysql"}
    flags = CLIENT.HANDLE_EXPIRED_PASSWORDS if args.get("canHandleExpired") else 0
    tls = None
    if args.get("ssl"):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE
    try:
        conn = pymysql.connect(
            host=args["host"], port=int(args["port"]), user=args["user"], password=args["password"],
            client_flag=flags, connect_timeout=10, read_timeout=10, write_timeout=10,
            autocommit=None,  # None: send no SET autocommit after login
            ssl=tls,
        )
    except pymysql.err.MySQLError as e:
        report["connect"] = error_of(e)
        report["statements"] = []
        print(json.dumps(report))
        return
    report["connect"] = {"ok": True}
    results = []
    for sql in args.get("statements", []):
        r = {"sql": sql}
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                r["ok"] = True
                if cur.description is not None:
                    cols = [d[0] for d in cur.description]
                    r["rows"] = [dict(zip(cols, map(cell, row))) for row in cur.fetchall()]
        except pymysql.err.MySQLError as e:
            r.update(error_of(e))
            results.append(r)
            if is_fatal(e, conn):
                break
            continue
        results.append(r)
    report["statements"] = results
    try:
        conn.close()
    except Exception:
        pass
    print(json.dumps(report))


main()
