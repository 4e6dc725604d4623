package dev.accounts.command.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A failed commit is told apart from a failure before it, on a real database (an in-memory H2) and Spring's own
 * transaction manager, as the command side configures them.
 */
class CommandTransactionsTest {

    @Test
    void aCommitOnAConnectionThatBrokeIsCommitFailed() throws SQLException {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:commit-" + UUID.randomUUID());
        TransactionManager transactions = new CommandTransactions().axonTransactionManager(new JdbcTransactionManager(database));

        Transaction transaction = transactions.startTransaction();
        // the transaction's connection goes away under it, as when the database restarts before the commit answers
        Connection connection = DataSourceUtils.getConnection(database);
        connection.close();

        assertThatThrownBy(transaction::commit).isInstanceOf(CommitFailed.class).hasCauseInstanceOf(RuntimeException.class);
    }

    @Test
    void aTransactionThatCannotBeginIsNot() {
        DriverManagerDataSource missing = new DriverManagerDataSource(
                "jdbc:h2:file:./target/no-such-database-" + UUID.randomUUID() + ";IFEXISTS=TRUE");
        TransactionManager transactions = new CommandTransactions().axonTransactionManager(new JdbcTransactionManager(missing));

        assertThatThrownBy(transactions::startTransaction).isInstanceOf(CannotCreateTransactionException.class);
    }

    @Test
    void aCommitThatSucceedsIsKept() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        TransactionManager transactions = new CommandTransactions().axonTransactionManager(new JdbcTransactionManager(database));
        transactions.executeInTransaction(() -> {
            Connection connection = DataSourceUtils.getConnection(database);
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (id INT)");
                statement.execute("INSERT INTO kept VALUES (1)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(JdbcClient.create(database).sql("SELECT COUNT(*) FROM kept").query(Integer.class).single()).isEqualTo(1);
    }
}
