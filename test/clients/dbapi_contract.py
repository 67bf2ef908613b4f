"""The shared client contract for Python DB-API drivers (PyMySQL, MySQLdb).

Each driver script passes a connect function, its error base class and a test
for fatal errors; this module runs the statements and prints the one JSON line
(see test/helpers/run-client.ts). Neither driver reports SQLSTATEs.
"""
import json


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


def cell(v):
    if v is None:
        return None
    if isinstance(v, (bytes, bytearray)):
        return v.decode("utf-8", "replace")
    return str(v)


def run(client, args, connect, error_class, is_fatal):
    """Connects, runs args["statements"] in order (stopping after a lost connection) and prints the report."""
    report = {"client": client}
    try:
        conn = connect()
    except error_class as e:
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
        except error_class as e:
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
