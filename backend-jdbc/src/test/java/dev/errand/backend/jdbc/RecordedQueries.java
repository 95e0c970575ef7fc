package dev.errand.backend.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The queries ({@code executeQuery}) that code sent through a connection, with their parameters, so a test can count
 * them or run them again under its database's {@code EXPLAIN}. Records only statements prepared from their text alone
 * and their {@code set*(index, value, ...)} parameters; everything else goes to the real connection untouched.
 */
final class RecordedQueries {
    /** One query as it ran: its text and its parameters in order. */
    record Query(String sql, Object[] parameters) {}

    private final List<Query> queries = new ArrayList<>();

    /** {@code c}, recording the queries of the statements prepared on it. */
    Connection recording(Connection c) {
        return TestProxies.proxy(Connection.class, (proxy, method, args) -> {
            Object result = TestProxies.invoke(c, method, args);
            if (method.getName().equals("prepareStatement") && args.length == 1) {
                return recordingStatement((String) args[0], (PreparedStatement) result);
            }
            return result;
        });
    }

    List<Query> all() {
        return List.copyOf(queries);
    }

    private PreparedStatement recordingStatement(String sql, PreparedStatement ps) {
        TreeMap<Integer, Object> parameters = new TreeMap<>();
        return TestProxies.proxy(PreparedStatement.class, (proxy, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, name.equals("setNull") ? null : args[1]); // setNull's second argument is a type
            } else if (name.equals("executeQuery") && (args == null || args.length == 0)) {
                queries.add(new Query(sql, parameters.values().toArray()));
            }
            return TestProxies.invoke(ps, method, args);
        });
    }
}
