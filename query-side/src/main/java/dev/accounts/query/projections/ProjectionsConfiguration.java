package dev.accounts.query.projections;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link Projections}' rate sampling each second. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectionsConfiguration {
}
