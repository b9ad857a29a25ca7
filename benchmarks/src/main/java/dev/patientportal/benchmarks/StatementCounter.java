package dev.patientportal.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts the statements executed and the commits made on every connection of a data source while switched on, as
 * portal-jpa's {@code StatementCountTest} does: what a call costs the database, whoever issues it.
 */
final class StatementCounter {
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commits = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean on;

    /**
     * What one call cost.
     *
     * @param statements the SQL of each statement executed, in order
     * @param commits the commits
     */
    record Cost(List<String> statements, int commits) {
        @Override
        public String toString() {
            return statements.size() + " statements, " + commits + " commits:\n  " + String.join("\n  ", statements);
        }
    }

    /** Runs a call with counting on. */
    Cost measure(Runnable call) {
        statements.clear();
        commits.clear();
        on = true;
        try {
            call.run();
        } finally {
            on = false;
        }
        return new Cost(List.copyOf(statements), commits.size());
    }

    /**
     * A data source whose connections count, and are pooled: a connection closed goes back to an unbounded pool (its
     * transaction rolled back if one is open, autocommit on), so a unit of work does not pay for a new connection.
     */
    DataSource wrap(DataSource target) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection physical = idle.poll();
                return pooled(physical != null ? physical : target.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException("pooled connections have one user");
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return target.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                target.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                target.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return target.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return target.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                return target.unwrap(iface);
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) throws SQLException {
                return target.isWrapperFor(iface);
            }
        };
    }

    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    private Connection pooled(Connection c) {
        boolean[] closed = {false};
        return proxy(Connection.class, c, (method, args) -> {
            String name = method.getName();
            if (name.equals("close")) {
                if (!closed[0]) {
                    closed[0] = true;
                    if (!c.getAutoCommit()) {
                        c.rollback();
                        c.setAutoCommit(true);
                    }
                    idle.add(c);
                }
                return null;
            }
            if (name.equals("isClosed")) {
                return closed[0];
            }
            if (on && name.equals("commit")) {
                commits.add(name);
            }
            Object result = method.invoke(c, args);
            if (result instanceof Statement s && (name.startsWith("prepare") || name.equals("createStatement"))) {
                String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
                return statement(s, sql);
            }
            return result;
        });
    }

    private Object statement(Statement s, @org.jspecify.annotations.Nullable String prepared) {
        Class<?> type = s instanceof CallableStatement
                ? CallableStatement.class
                : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return proxy(type, s, (method, args) -> {
            if (method.getName().startsWith("execute") && on) {
                String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : prepared;
                statements.add(sql == null ? "?" : sql.replaceAll("\\s+", " "));
            }
            return method.invoke(s, args);
        });
    }

    private interface Call {
        Object call(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<?> type, Object target, Call call) {
        InvocationHandler h = (p, method, args) -> {
            try {
                return call.call(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        @SuppressWarnings("unchecked")
        T t = (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, h);
        return t;
    }
}
