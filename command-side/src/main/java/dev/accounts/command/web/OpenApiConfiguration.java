package dev.accounts.command.web;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API docs' security scheme (an access token from {@code POST /api/auth/login} as a bearer JWT), and the
 * {@code X-Request-Id} header every operation takes and every response carries.
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token from POST /api/auth/login (ES256, 15 minutes)")
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";

    @Bean
    OpenApiCustomizer requestIdHeader() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.addParametersItem(new HeaderParameter().name(RequestIdFilter.REQUEST_ID).required(false)
                        .description("The request's id (1 to " + RequestIdFilter.MAX_REQUEST_ID + " printable ASCII "
                                + "characters), echoed in the response and kept as the correlation_id of every event "
                                + "the request causes; any other value is replaced by a generated one")
                        .schema(new StringSchema().maxLength(RequestIdFilter.MAX_REQUEST_ID)));
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(response -> response.addHeaderObject(
                            RequestIdFilter.REQUEST_ID, new Header().schema(new StringSchema())
                                    .description("The client's X-Request-Id when it was sane, else a generated UUID")));
                }
            }));
        };
    }
}
