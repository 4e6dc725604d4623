package dev.accounts.web;

import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Puts {@link ProblemErrorReportValve} in place of Tomcat's HTML error report (and of the plain one Spring Boot
 * configures). For it to answer the errors Spring Security and Tomcat raise inside the application too (a rejected
 * request, {@code TRACE}), the application turns Spring Boot's {@code /error} page off by excluding
 * {@code ErrorMvcAutoConfiguration}; errors in controllers stay with the application's own advice.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(StandardHost.class)
public class ContainerProblemsAutoConfiguration {

    /** Runs after Spring Boot's own Tomcat customizer (order 0), which adds the plain report this one replaces. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // the host adds a report of this class when it starts, unless one is there already
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                        pipeline.removeValve(valve);
                    }
                }
            }
        });
    }
}
