# Ruby mysql2 (gem 0.5, on libmariadb) for the shared client contract (see test/helpers/run-client.ts).
# argv[0]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
# Opt-in to bit 22: flags: 1 << 22 (ORed with the gem's default connect flags).
require 'json'
require 'mysql2'

CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22

def error_of(e)
  out = { ok: false }
  out[:code] = e.error_number if e.respond_to?(:error_number) && e.error_number
  out[:sqlState] = e.sql_state if e.respond_to?(:sql_state) && e.sql_state && !e.sql_state.empty?
  out[:message] = e.message
  out
end

def cell(v)
  v.nil? ? nil : v.to_s
end

args = JSON.parse(ARGV[0])
report = { client: 'ruby-mysql2' }
options = {
  host: args['host'], port: args['port'], username: args['user'], password: args['password'],
  flags: args['canHandleExpired'] ? CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS : 0,
  connect_timeout: 10, read_timeout: 10, write_timeout: 10,
}
# libmariadb uses TLS only when asked. The gem's ssl_mode is a no-op on libmariadb: any ssl*
# option calls mysql_ssl_set(), which turns TLS on; a cipher list (OpenSSL's DEFAULT) asks for
# no certificate verification, where a CA would.
options[:sslcipher] = 'DEFAULT' if args['ssl']
begin
  client = Mysql2::Client.new(**options)
rescue Mysql2::Error => e
  report[:connect] = error_of(e)
  report[:statements] = []
  puts JSON.generate(report)
  exit 0
end
report[:connect] = { ok: true }
results = []
args['statements'].each do |sql|
  r = { sql: sql }
  begin
    res = client.query(sql, cast: false)
    r[:ok] = true
    r[:rows] = res.map { |row| row.transform_values { |v| cell(v) } } if res
    results << r
  rescue Mysql2::Error => e
    results << r.merge(error_of(e))
    break if e.error_number.nil? || (2000...3000).cover?(e.error_number)
  end
end
report[:statements] = results
client.close rescue nil
puts JSON.generate(report)
