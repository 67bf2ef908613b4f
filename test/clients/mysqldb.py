#!/usr/bin/python3
"""MySQLdb (mysqlclient, on libmariadb) for the shared client contract (see test/helpers/run-client.ts).

argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
Opt-in to bit 22: client_flag=1<<22 (MySQLdb has no named constant for it).
MySQLdb reports no SQLSTATE, so no "sqlState" is reported.
autocommit=None: its default (False) sends SET autocommit=0 right after login, which
MySQL 8's sandbox refuses (1820), failing the connect (PyMySQL's script does the same).
"""
import json
import sys

import MySQLdb

CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22


def error_of(e):
    out = {"ok": False}
    if len(e.args) >= 1 and isinstance(e.args[0], int):
        out["code"] = e.args[0]
    if len(e.args) >= 2:
        out["message"] = str(e.args[1])
    return out


def cell(v):
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return str(v)


def main():
    args = json.loads(sys.argv[1])
    report = {"client": "mysqldb"}
    options = dict(
        host=args["host"], port=int(args["port"]), user=args["user"], password=args["password"],
        client_flag=CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS if args.get("canHandleExpired") else 0,
        connect_timeout=10, read_timeout=10, write_timeout=10,
        autocommit=None,  # None: send no SET autocommit after login
    )
    if args.get("ssl"):
        options["ssl"] = {"ca": None}
    try:
        conn = MySQLdb.connect(**options)
    except MySQLdb.MySQLError as e:
        report["connect"] = error_of(e)
        report["statements"] = []
        print(json.dumps(report))
        return
    report["connect"] = {"ok": True}
    results = []
    for sql in args.get("statements", []):
        r = {"sql": sql}
        try:
            cur = conn.cursor()
            cur.execute(sql)
            r["ok"] = True
            if cur.description is not None:
                cols = [d[0] for d in cur.description]
                r["rows"] = [dict(zip(cols, map(cell, row))) for row in cur.fetchall()]
            cur.close()
        except MySQLdb.MySQLError as e:
            r.update(error_of(e))
            results.append(r)
            if isinstance(e, MySQLdb.InterfaceError) or 2000 <= r.get("code", 2000) < 3000:
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
