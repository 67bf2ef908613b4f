#!/usr/bin/python3
"""Replays a GUI tool's session through libmariadb (python3-MySQLdb): the C client
library family that MySQL Workbench (libmysqlclient under Connector/C++) and
HeidiSQL (libmysql/libmariadb) use.

argv[1]: {"host","port","user","password","clientFlags","initCommand"?,"steps":[...]}
Each step is one of:
  {"sql": "..."}             a COM_QUERY
  {"ping": true}             mysql_ping (COM_PING)
  {"autocommit": true}       mysql_autocommit(), as Connector/C++'s setAutoCommit(true)
  {"charset": "utf8mb4"}     mysql_set_character_set(), as HeidiSQL's SetCharacterSet
  {"heidiReset": "<new>"}    HeidiSQL's answer to 1820 (dbconnection.pas): if the last
                             error's text matches \\sALTER USER\\s, ALTER USER USER()
                             IDENTIFIED BY '<new>', otherwise SET PASSWORD=PASSWORD('<new>')
Prints one JSON line: {"connect": {ok, code?, message?}, "steps": [{step, sql, ok, code?,
message?, columns?, rows?}]}. MySQLdb reports no SQLSTATE.
"""
import json
import re
import sys

import MySQLdb


def error_of(e):
    out = {"ok": False}
    if e.args and isinstance(e.args[0], int):
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
    options = dict(
        host=args["host"], port=int(args["port"]), user=args["user"], password=args["password"],
        client_flag=int(args.get("clientFlags", 0)), connect_timeout=10, read_timeout=20, write_timeout=20,
        autocommit=None,  # the replay sends mysql_autocommit() itself, where the tool does
    )
    if args.get("initCommand"):
        options["init_command"] = args["initCommand"]
    report = {}
    try:
        conn = MySQLdb.connect(**options)
    except MySQLdb.MySQLError as e:
        report["connect"] = error_of(e)
        report["steps"] = []
        print(json.dumps(report))
        return
    report["connect"] = {"ok": True}
    results = []
    last_error = ""
    for step in args["steps"]:
        r = {"step": step}
        try:
            if "ping" in step:
                conn.ping()
                r["ok"] = True
            elif "autocommit" in step:
                # The C call itself: MySQLdb's Connection.autocommit() skips it when the
                # server status already says so, Connector/C++ does not.
                MySQLdb._mysql.connection.autocommit(conn, bool(step["autocommit"]))
                r["ok"] = True
            elif "charset" in step:
                conn.set_character_set(step["charset"])
                r["ok"] = True
            else:
                sql = step.get("sql")
                if "heidiReset" in step:
                    new = conn.escape_string(step["heidiReset"]).decode()
                    if re.search(r"\sALTER USER\s", last_error):
                        sql = "ALTER USER USER() IDENTIFIED BY '%s'" % new
                    else:
                        sql = "SET PASSWORD=PASSWORD('%s')" % new
                r["sql"] = sql
                cur = conn.cursor()
                cur.execute(sql)
                r["ok"] = True
                if cur.description is not None:
                    r["columns"] = [d[0] for d in cur.description]
                    r["rows"] = [[cell(v) for v in row] for row in cur.fetchall()]
                while cur.nextset():
                    pass
                cur.close()
        except MySQLdb.MySQLError as e:
            r.update(error_of(e))
            last_error = r.get("message", "")
            results.append(r)
            if isinstance(e, MySQLdb.OperationalError) and 2000 <= r.get("code", 0) < 3000:
                break
            continue
        results.append(r)
    report["steps"] = results
    try:
        conn.close()
    except Exception:
        pass
    print(json.dumps(report))


main()
