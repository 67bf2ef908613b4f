// MariaDB Connector/J (2.7) for the shared client contract (see test/helpers/run-client.ts).
// argv[0]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
// Compiled once per test run: javac -cp /usr/share/java/mariadb-java-client.jar -d <tmp> ConnectorJ.java.
// Connector/J has no option that sends bit 22: canHandleExpired is notApplicable. Its messages
// carry a "(conn=N) " prefix; caching_sha2 full auth over plain TCP needs allowPublicKeyRetrieval.
// Right after login it runs its own query for system variables: in a sandbox that gets 1820
// and getConnection() fails.
import java.sql.*;
import java.util.*;

public class ConnectorJ {
  public static void main(String[] argv) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> args = (Map<String, Object>) new Json(argv[0]).value();
    if (Boolean.TRUE.equals(args.get("canHandleExpired"))) {
      System.out.println("{\"client\":\"connector-j\",\"notApplicable\":"
          + str("MariaDB Connector/J has no option to send CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS") + "}");
      return;
    }
    Properties p = new Properties();
    p.setProperty("user", (String) args.get("user"));
    p.setProperty("password", (String) args.get("password"));
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("connectTimeout", "10000");
    p.setProperty("socketTimeout", "10000");
    if (Boolean.TRUE.equals(args.get("ssl"))) {
      p.setProperty("useSsl", "true");
      p.setProperty("trustServerCertificate", "true");
    }
    String url = "jdbc:mariadb://" + args.get("host") + ":" + ((Number) args.get("port")).intValue() + "/";
    StringBuilder out = new StringBuilder("{\"client\":\"connector-j\",\"connect\":");
    Connection conn;
    try {
      conn = DriverManager.getConnection(url, p);
    } catch (SQLException e) {
      System.out.println(out.append(failure(e)).append(",\"statements\":[]}"));
      return;
    }
    out.append("{\"ok\":true},\"statements\":[");
    boolean first = true;
    for (Object o : (List<?>) args.get("statements")) {
      String sql = (String) o;
      if (!first) out.append(',');
      first = false;
      out.append("{\"sql\":").append(str(sql)).append(',');
      try (Statement st = conn.createStatement()) {
        if (st.execute(sql)) {
          out.append("\"ok\":true,\"rows\":[");
          try (ResultSet rs = st.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            boolean firstRow = true;
            while (rs.next()) {
              out.append(firstRow ? "{" : ",{");
              firstRow = false;
              for (int i = 1; i <= md.getColumnCount(); i++) {
                out.append(i > 1 ? "," : "").append(str(md.getColumnLabel(i))).append(':').append(str(rs.getString(i)));
              }
              out.append('}');
            }
          }
          out.append("]}");
        } else {
          out.append("\"ok\":true}");
        }
      } catch (SQLException e) {
        String f = failure(e);
        out.append(f, 1, f.length());
        if (e instanceof SQLNonTransientConnectionException || (e.getErrorCode() >= 2000 && e.getErrorCode() < 3000)) break;
      }
    }
    try { conn.close(); } catch (SQLException ignored) { }
    System.out.println(out.append("]}"));
  }

  static String failure(SQLException e) {
    StringBuilder b = new StringBuilder("{\"ok\":false");
    if (e.getErrorCode() != 0) b.append(",\"code\":").append(e.getErrorCode());
    if (e.getSQLState() != null) b.append(",\"sqlState\":").append(str(e.getSQLState()));
    return b.append(",\"message\":").append(str(e.getMessage())).append('}').toString();
  }

  static String str(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  /** Just enough JSON for the contract's argument: objects, arrays, strings, numbers, booleans, null. */
  static final class Json {
    private final String s;
    private int i;
    Json(String s) { this.s = s; }

    Object value() {
      ws();
      char c = s.charAt(i);
      if (c == '{') {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        for (ws(); s.charAt(i) != '}'; ws()) {
          String k = string();
          ws(); i++; // ':'
          m.put(k, value());
          ws();
          if (s.charAt(i) == ',') i++;
        }
        i++;
        return m;
      }
      if (c == '[') {
        List<Object> l = new ArrayList<>();
        i++;
        for (ws(); s.charAt(i) != ']'; ws()) {
          l.add(value());
          ws();
          if (s.charAt(i) == ',') i++;
        }
        i++;
        return l;
      }
      if (c == '"') return string();
      for (String lit : new String[] { "true", "false", "null" }) {
        if (s.startsWith(lit, i)) {
          i += lit.length();
          return lit.equals("null") ? null : Boolean.valueOf(lit);
        }
      }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      return Double.valueOf(s.substring(start, i));
    }

    private String string() {
      StringBuilder b = new StringBuilder();
      i++; // '"'
      for (char c; (c = s.charAt(i++)) != '"';) {
        if (c != '\\') { b.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
          default: b.append(e);
        }
      }
      return b.toString();
    }

    private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
  }
}
