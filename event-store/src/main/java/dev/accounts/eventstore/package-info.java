/** How both sides reach the one event store: Axon's JDBC engine on Spring Boot 4, schemas, serializer, upcasters. */
package dev.accounts.eventstore;
