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

from dbapi_contract import run

CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22


def is_fatal(e, conn):
    code = e.args[0] if e.args and isinstance(e.args[0], int) else 2000
    return isinstance(e, MySQLdb.InterfaceError) or 2000 <= code < 3000


def main():
    args = json.loads(sys.argv[1])
    options = dict(
        host=args["host"], port=int(args["port"]), user=args["user"], password=args["password"],
        client_flag=CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS if args.get("canHandleExpired") else 0,
        connect_timeout=10, read_timeout=10, write_timeout=10,
        autocommit=None,  # None: send no SET autocommit after login
    )
    if args.get("ssl"):
        options["ssl"] = {"ca": None}
    run("mysqldb", args, lambda: MySQLdb.connect(**options), MySQLdb.MySQLError, is_fatal)


main()
