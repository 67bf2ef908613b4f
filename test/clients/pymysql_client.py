#!/usr/bin/python3
"""PyMySQL driver for the shared client contract (see test/helpers/run-client.ts).

argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}.
Prints one JSON line: {"client","connect":{...},"statements":[...]}.
Opt-in to bit 22: client_flag=CLIENT.HANDLE_EXPIRED_PASSWORDS.
caching_sha2 full auth over plain TCP uses RSA, which needs python3-cryptography.
"ssl": true passes an ssl.SSLContext that verifies neither the certificate nor the host name.
PyMySQL discards the SQLSTATE of server errors, so no "sqlState" is reported.
autocommit=None: its default (False) sends SET AUTOCOMMIT = 0 after login, which
MySQL 8's sandbox refuses (1820), failing the connect.
"""
import json
import ssl
import sys

import pymysql
from pymysql.constants import CLIENT

from dbapi_contract import run


def is_fatal(e, conn):
    if isinstance(e, pymysql.err.InterfaceError):
        return True
    code = e.args[0] if e.args and isinstance(e.args[0], int) else 0
    return 2000 <= code < 3000 or not conn.open


def main():
    args = json.loads(sys.argv[1])
    tls = None
    if args.get("ssl"):
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE
    run(
        "pymysql",
        args,
        lambda: pymysql.connect(
            host=args["host"], port=int(args["port"]), user=args["user"], password=args["password"],
            client_flag=CLIENT.HANDLE_EXPIRED_PASSWORDS if args.get("canHandleExpired") else 0,
            connect_timeout=10, read_timeout=10, write_timeout=10,
            autocommit=None,  # None: send no SET autocommit after login
            ssl=tls,
        ),
        pymysql.err.MySQLError,
        is_fatal,
    )


main()
