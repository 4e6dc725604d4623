package dev.accounts.command.web;

import com.nimbusds.jose.jwk.JWKSet;
import dev.accounts.command.auth.SigningKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys that verify access tokens, for the query side and any other resource server. */
@RestController
@Tag(name = "auth")
@SecurityRequirements
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @Operation(summary = "The JSON Web Key Set: public ES256 keys of every token still valid")
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        // toJSONObject(true) keeps public parameters only; the private "d" never leaves the signer
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .body(new JWKSet(keys.publicKeys()).toJSONObject(true));
    }
}
