package dev.accounts.command.web;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The API docs' security scheme: an access token from {@code POST /api/auth/login} as a bearer JWT. */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token from POST /api/auth/login (ES256, 15 minutes)")
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";
}
