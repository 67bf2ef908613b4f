// go-sql-driver/mysql (1.5) for the shared client contract (see test/helpers/run-client.ts).
// argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
// Built once per test run: GOPATH=/usr/share/gocode GO111MODULE=off go build -o <tmp> go-mysql.go.
// The driver has the bit-22 constant but never sends it: canHandleExpired is notApplicable.
// MySQLError carries no SQLSTATE in 1.5, so no "sqlState" is reported. database/sql's pool
// is bypassed with one pinned *sql.Conn, so that every statement runs in the same session.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
)

type args struct {
	Host             string   `json:"host"`
	Port             int      `json:"port"`
	User             string   `json:"user"`
	Password         string   `json:"password"`
	CanHandleExpired bool     `json:"canHandleExpired"`
	Statements       []string `json:"statements"`
	SSL              bool     `json:"ssl"`
}

type outcome struct {
	SQL     *string               `json:"sql,omitempty"`
	OK      bool                  `json:"ok"`
	Code    *uint16               `json:"code,omitempty"`
	Message *string               `json:"message,omitempty"`
	Rows    *[]map[string]*string `json:"rows,omitempty"`
}

type report struct {
	Client     string    `json:"client"`
	Connect    *outcome  `json:"connect"`
	Statements []outcome `json:"statements"`
}

// failure returns the error as an outcome, and whether the session is gone (not a server error).
func failure(err error) (outcome, bool) {
	msg := err.Error()
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		code := me.Number
		msg = me.Message
		return outcome{Code: &code, Message: &msg}, code >= 2000 && code < 3000
	}
	return outcome{Message: &msg}, true
}

func run(conn *sql.Conn, ctx context.Context, q string) (*[]map[string]*string, error) {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil || len(cols) == 0 {
		return nil, err
	}
	out := []map[string]*string{}
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]interface{}, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]*string{}
		for i, c := range cols {
			if vals[i] != nil {
				s := string(vals[i])
				row[c] = &s
			} else {
				row[c] = nil
			}
		}
		out = append(out, row)
	}
	return &out, rows.Err()
}

func main() {
	var a args
	if err := json.Unmarshal([]byte(os.Args[1]), &a); err != nil {
		panic(err)
	}
	emit := func(r interface{}) { b, _ := json.Marshal(r); fmt.Println(string(b)) }
	if a.CanHandleExpired {
		emit(map[string]string{"client": "go-mysql", "notApplicable": "go-sql-driver/mysql defines clientCanHandleExpiredPasswords but never sends it: no option sends CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS"})
		return
	}
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = a.User, a.Password, "tcp", fmt.Sprintf("%s:%d", a.Host, a.Port)
	cfg.Timeout, cfg.ReadTimeout, cfg.WriteTimeout = 10*time.Second, 10*time.Second, 10*time.Second
	if a.SSL {
		cfg.TLSConfig = "skip-verify"
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		panic(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx := context.Background()
	r := report{Client: "go-mysql", Statements: []outcome{}}
	conn, err := db.Conn(ctx)
	if err != nil {
		o, _ := failure(err)
		r.Connect = &o
		emit(r)
		return
	}
	r.Connect = &outcome{OK: true}
	for _, q := range a.Statements {
		q := q
		rows, err := run(conn, ctx, q)
		if err != nil {
			o, fatal := failure(err)
			o.SQL = &q
			r.Statements = append(r.Statements, o)
			if fatal {
				break
			}
			continue
		}
		r.Statements = append(r.Statements, outcome{SQL: &q, OK: true, Rows: rows})
	}
	conn.Close()
	emit(r)
}
