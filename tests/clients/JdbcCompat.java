// What pgjdbc (libpostgresql-jdbc-java, 42.5) does against kappadb: server-
// side prepared statements (pgjdbc switches to a named statement and binary
// results after the 5th execution), typed and untyped parameters, fetch size
// (portals with maxRows and PortalSuspended), DatabaseMetaData, errors with
// SQLSTATEs, a materialized view read through plain JDBC, and the
// DatabaseMetaData calls tools make (getSchemas, getTables, getColumns).
//
// Usage: java -cp postgresql.jar:. JdbcCompat <port>
// Prints one "ok <check>" line per check; the first failed check throws
// (non-zero exit) with what differed. tests/e2e/test_jdbc.py runs it.
import java.math.BigDecimal;
import java.sql.*;
import java.util.*;

public class JdbcCompat {
  static void check(String name, Object got, Object want) {
    if (!Objects.equals(got, want)) {
      throw new AssertionError(name + ": got <" + got + "> want <" + want + ">");
    }
    System.out.println("ok " + name);
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/kappa";
    Properties props = new Properties();
    props.setProperty("user", "kappa");
    try (Connection c = DriverManager.getConnection(url, props)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jt (id BIGINT PRIMARY KEY, small SMALLINT, i INTEGER, "
            + "name VARCHAR(20), price NUMERIC(12,2), f DOUBLE PRECISION, r REAL, ok BOOLEAN, "
            + "d DATE, ts TIMESTAMP, tstz TIMESTAMPTZ, iv INTERVAL)");
      }
      // PreparedStatement executed more than prepareThreshold (5) times: the
      // 6th and later run as a named statement with binary results.
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO jt (id, small, i, name, price, f, r, ok, d, ts, tstz, iv) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::interval)")) {
        for (int k = 1; k <= 12; k++) {
          p.setLong(1, k);
          p.setShort(2, (short) (k * 2));
          p.setInt(3, k * 100);
          p.setString(4, "item-" + k);
          p.setBigDecimal(5, new BigDecimal(k + ".25"));
          p.setDouble(6, k / 4.0);
          p.setFloat(7, k / 2.0f);
          p.setBoolean(8, k % 2 == 0);
          p.setDate(9, java.sql.Date.valueOf("2024-03-" + String.format("%02d", k)));
          p.setTimestamp(10, Timestamp.valueOf("2024-03-01 10:00:0" + (k % 10)));
          p.setTimestamp(11, Timestamp.valueOf("2024-03-01 10:00:00"));
          p.setString(12, k + " seconds");
          check("insert " + k, p.executeUpdate(), 1);
        }
      }
      try (PreparedStatement p = c.prepareStatement(
          "SELECT id, small, i, name, price, f, r, ok, d, ts, iv FROM jt WHERE id = ?")) {
        for (int k = 1; k <= 8; k++) {
          p.setLong(1, k);
          try (ResultSet rs = p.executeQuery()) {
            check("row " + k + " exists", rs.next(), true);
            check("row " + k + " id", rs.getLong(1), (long) k);
            check("row " + k + " small", rs.getShort(2), (short) (k * 2));
            check("row " + k + " i", rs.getInt(3), k * 100);
            check("row " + k + " name", rs.getString(4), "item-" + k);
            check("row " + k + " price", rs.getBigDecimal(5), new BigDecimal(k + ".25"));
            check("row " + k + " f", rs.getDouble(6), k / 4.0);
            check("row " + k + " r", rs.getFloat(7), k / 2.0f);
            check("row " + k + " ok", rs.getBoolean(8), k % 2 == 0);
            check("row " + k + " d", rs.getDate(9).toString(), "2024-03-" + String.format("%02d", k));
            check("row " + k + " ts", rs.getTimestamp(10).toString(),
                "2024-03-01 10:00:0" + (k % 10) + ".0");
            check("row " + k + " iv", rs.getString(11), "00:00:" + String.format("%02d", k));
            check("row " + k + " single", rs.next(), false);
          }
        }
      }
      // A smallint parameter compared with a bigint column; setObject without a type.
      try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM jt WHERE id <= ? AND name <> ?")) {
        p.setShort(1, (short) 5);
        p.setObject(2, "item-1");
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          check("int2 parameter for a bigint column", rs.getLong(1), 4L);
        }
      }
      // Fetch size: a portal read 3 rows at a time (needs autocommit off).
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM jt ORDER BY id")) {
        p.setFetchSize(3);
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) ids.add(rs.getLong(1));
        }
        check("fetch size 3 reads every row", ids.toString(),
            "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]");
      }
      c.commit();
      c.setAutoCommit(true);
      // Errors carry SQLSTATEs and leave the connection usable.
      try (Statement s = c.createStatement()) {
        String state = null;
        try {
          s.executeQuery("SELECT * FROM no_such_table");
        } catch (SQLException e) {
          state = e.getSQLState();
        }
        check("undefined table sqlstate", state, "42P01");
        state = null;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO jt (id) VALUES (?)")) {
          p.setLong(1, 1);
          p.executeUpdate();
        } catch (SQLException e) {
          state = e.getSQLState();
        }
        check("duplicate key sqlstate", state, "23505");
        try (ResultSet rs = s.executeQuery("SELECT sum(i) FROM jt")) {
          rs.next();
          check("usable after errors", rs.getLong(1), 7800L);
        }
        // A materialized view through plain JDBC.
        s.execute("CREATE MATERIALIZED VIEW jv AS SELECT ok, count(*) AS n, sum(price) AS total "
            + "FROM jt GROUP BY ok");
        s.execute("INSERT INTO jt (id, ok, price) VALUES (100, true, 1.00)");
        s.execute("FLUSH");
        try (ResultSet rs = s.executeQuery("SELECT ok, n, total FROM jv ORDER BY ok")) {
          rs.next();
          check("view false row", rs.getLong(2) + " " + rs.getBigDecimal(3), "6 37.50");
          rs.next();
          check("view true row", rs.getLong(2) + " " + rs.getBigDecimal(3), "7 44.50");
        }
      }
      // DatabaseMetaData, as tools (DBeaver, Metabase) use it.
      DatabaseMetaData md = c.getMetaData();
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
      }
      check("getSchemas has public", schemas.contains("public"), true);
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW", "MATERIALIZED VIEW"})) {
        while (rs.next()) tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
      }
      // pgjdbc orders by TABLE_TYPE, then schema and name.
      check("getTables", tables.toString(), "[jv:MATERIALIZED VIEW, jt:TABLE]");
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "public", "jt", "%")) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      check("getColumns", String.join(",", cols),
          "id:int8:1,small:int2:2,i:int4:3,name:varchar:4,price:numeric:5,f:float8:6,r:float4:7,"
          + "ok:bool:8,d:date:9,ts:timestamp:10,tstz:timestamptz:11,iv:interval:12");
      // getPrimaryKeys is not checked: pgjdbc 42.5 selects
      // (information_schema._pg_expandarray(i.indkey)).n, a set-returning
      // function yielding a composite in the select list, which kappadb's
      // binder does not have yet (0A000).
    }
    System.out.println("done");
  }
}
