package dev.accounts.eventstore;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * What the profile {@code axonserver} adds to Axon's own Axon Server wiring, which makes Axon Server the event
 * store (events are appended to it and streamed from it to tracking processors).
 *
 * <ul>
 *   <li><b>Commands stay in the instance that received them.</b> Each command side handles the commands of
 *   its own HTTP requests on a local bus, as in the other modes: its handlers reject a command with typed
 *   exceptions (a taken email, a wrong password) that the REST layer turns into 409, 401 and so on, and a
 *   command routed through Axon Server would come back as a generic remote failure. Several instances still
 *   write one account safely: Axon Server refuses an event whose aggregate sequence number is taken, and the
 *   email and username claims are PostgreSQL rows.</li>
 *   <li><b>Health says whether Axon Server is reachable.</b> Axon 4.13's own indicator is written against
 *   Spring Boot 3's actuator and is skipped on Boot 4; this one reports {@code axonServer} DOWN (and so the
 *   service as a whole, answering 503) while the connection to the default context is down.</li>
 * </ul>
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
@ConditionalOnClass(AxonServerConnectionManager.class)
@ConditionalOnProperty(prefix = "axon.axonserver", name = "enabled", havingValue = "true")
public class AxonServerModeAutoConfiguration {

    /** A local command bus built as Axon's auto-configuration builds its local segment; Axon Server's bus backs off. */
    @Bean
    CommandBus commandBus(TransactionManager transactionManager, org.axonframework.config.Configuration configuration,
                          DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(configuration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(configuration.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        // the correlation data (audit metadata) of a command is copied onto the events it causes
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return commandBus;
    }

    @Bean
    @ConditionalOnClass(HealthIndicator.class)
    HealthIndicator axonServerHealthIndicator(AxonServerConnectionManager connections, AxonServerConfiguration settings) {
        return () -> {
            String context = connections.getDefaultContext();
            Health.Builder health = connections.isConnected(context) ? Health.up() : Health.down();
            return health.withDetail("context", context).withDetail("servers", settings.getServers()).build();
        };
    }
}
