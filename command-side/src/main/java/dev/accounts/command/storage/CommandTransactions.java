package dev.accounts.command.storage;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's transactions on the command side, as its auto-configuration would make them (a Spring transaction per
 * command, on Boot's transaction manager), except that a commit that fails throws {@link CommitFailed}. A command
 * that fails before its commit (no connection to begin with, a statement on a broken connection) stored nothing
 * and is answered {@code 503}; only one whose commit failed may have stored its events.
 */
@Configuration(proxyBeanMethods = false)
class CommandTransactions {

    /** Axon's auto-configuration backs off from its own {@code TransactionManager} when this one exists. */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new CommitReporting(new SpringTransactionManager(transactions));
    }

    /** Delegates everything, and wraps a failed commit in {@link CommitFailed}. */
    record CommitReporting(TransactionManager delegate) implements TransactionManager {

        @Override
        public Transaction startTransaction() {
            Transaction transaction = delegate.startTransaction();
            return new Transaction() {
                @Override
                public void commit() {
                    try {
                        transaction.commit();
                    } catch (RuntimeException failure) {
                        throw new CommitFailed(failure);
                    }
                }

                @Override
                public void rollback() {
                    transaction.rollback();
                }
            };
        }
    }
}
