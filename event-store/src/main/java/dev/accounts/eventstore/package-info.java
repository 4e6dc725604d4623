/** How both sides reach the one event store: Axon's JDBC engine on Spring Boot 4, schemas, serializer. */
package dev.accounts.eventstore;
