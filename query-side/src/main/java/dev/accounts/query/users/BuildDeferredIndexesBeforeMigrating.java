package dev.accounts.query.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Before a migration of the query side runs, builds every index a replay set aside and has not built again yet
 * ({@link DeferredIndexes}): a migration must find the schema the migrations before it left. A replay still
 * running goes on with its indexes in place, only slower. Nothing is done at a start with no migration to run.
 * Each definition's row is locked (waiting for a process that is building that index) and read again, so an
 * index is built once.
 */
@Component
class BuildDeferredIndexesBeforeMigrating implements Callback {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexes.class);

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            Map<String, String> kept = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet table = statement.executeQuery("SELECT to_regclass('deferred_index') IS NOT NULL")) {
                if (!table.next() || !table.getBoolean(1)) {
                    return;
                }
                try (ResultSet rows = statement.executeQuery(
                        "SELECT index_name, definition FROM deferred_index ORDER BY index_name FOR UPDATE")) {
                    while (rows.next()) {
                        kept.put(rows.getString(1), rows.getString(2));
                    }
                }
                for (Map.Entry<String, String> index : kept.entrySet()) {
                    statement.execute(DeferredIndexes.createIfAbsent(index.getValue()));
                    try (PreparedStatement delete = connection.prepareStatement(
                            "DELETE FROM deferred_index WHERE index_name = ?")) {
                        delete.setString(1, index.getKey());
                        delete.executeUpdate();
                    }
                }
            }
            if (!kept.isEmpty()) {
                log.info("Built {} indexes set aside by an unfinished replay before migrating", kept.size());
            }
        } catch (SQLException failed) {
            throw new FlywayException("Could not build the indexes an unfinished replay set aside", failed);
        }
    }

    @Override
    public String getCallbackName() {
        return "build-deferred-indexes";
    }
}
