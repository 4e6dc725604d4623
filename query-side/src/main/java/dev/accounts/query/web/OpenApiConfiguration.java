package dev.accounts.query.web;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The API docs' security scheme: the command side's access token as a bearer JWT. */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = OpenApiConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token from the command side's POST /api/auth/login")
class OpenApiConfiguration {

    static final String BEARER = "bearer-jwt";
}
