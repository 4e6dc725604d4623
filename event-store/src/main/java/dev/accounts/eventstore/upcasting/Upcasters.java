package dev.accounts.eventstore.upcasting;

import org.springframework.context.annotation.Configuration;

/**
 * Where the upcasters of the public contract are declared: one {@code @Bean} of type
 * {@link org.axonframework.serialization.upcasting.event.EventUpcaster} each, usually a {@link RevisionUpcaster}.
 * Axon's Spring auto-configuration puts every such bean in the upcaster chain of the event store on both sides
 * (the command side's auto-configured engine and the query side's own), in bean order: give the steps of one event
 * an {@code @Order} by the revision they read.
 *
 * <p>None yet: every public event is at its first revision. shared-events/README.md says how to add one.
 */
@Configuration(proxyBeanMethods = false)
public class Upcasters {
}
