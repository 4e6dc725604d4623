package dev.accounts.command.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class PasswordPropertiesTest {

    @Test
    void defaultsAreOwaspsArgon2idAndDjangosValidators() {
        PasswordProperties defaults = new PasswordProperties(null, null, null, null, null, null);

        assertThat(defaults).isEqualTo(PasswordProperties.defaults());
        assertThat(defaults.algorithm()).isEqualTo("argon2id");
        assertThat(defaults.iterations()).isNull();
        assertThat(defaults.effectiveIterations()).isEqualTo(2);
        assertThat(defaults.memoryKib()).isEqualTo(19456);
        assertThat(defaults.parallelism()).isEqualTo(1);
        assertThat(defaults.minLength()).isEqualTo(8);
        assertThat(defaults.commonListSize()).isEqualTo(20000);
    }

    @ParameterizedTest
    @CsvSource({"argon2id, 2", "bcrypt, 12", "pbkdf2_sha256, 600000"})
    void nullIterationsMeanTheAlgorithmsDefault(String algorithm, int expected) {
        PasswordProperties properties = new PasswordProperties(algorithm, null, null, null, null, null);

        assertThat(properties.iterations()).isNull();
        assertThat(properties.effectiveIterations()).isEqualTo(expected);
    }

    @Test
    void setIterationsWin() {
        assertThat(new PasswordProperties("bcrypt", 4, null, null, null, null).effectiveIterations()).isEqualTo(4);
    }

    @Test
    void algorithmIsCaseInsensitiveAndBlankMeansTheDefault() {
        assertThat(new PasswordProperties(" BCrypt ", null, null, null, null, null).algorithm()).isEqualTo("bcrypt");
        assertThat(new PasswordProperties("", null, null, null, null, null).algorithm()).isEqualTo("argon2id");
    }

    @Test
    void rejectsAnUnknownAlgorithm() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PasswordProperties("md5", null, null, null, null, null))
                .withMessage("accounts.password.algorithm must be one of argon2id, bcrypt, pbkdf2_sha256, not 'md5'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bcrypt        | 3  |       |   |    |    | accounts.password.iterations (bcrypt log2 rounds) must be between 4 and 31, not 3",
            "bcrypt        | 32 |       |   |    |    | accounts.password.iterations (bcrypt log2 rounds) must be between 4 and 31, not 32",
            "argon2id      | 0  |       |   |    |    | accounts.password.iterations (argon2id passes) must be at least 1, not 0",
            "pbkdf2_sha256 | 0  |       |   |    |    | accounts.password.iterations (pbkdf2_sha256 iterations) must be at least 1, not 0",
            "argon2id      |    | 7     |   |    |    | accounts.password.memory-kib (Argon2 needs at least 8 KiB per lane) must be at least 8, not 7",
            "argon2id      |    | 16    | 4 |    |    | accounts.password.memory-kib (Argon2 needs at least 8 KiB per lane) must be at least 32, not 16",
            "argon2id      |    |       | 0 |    |    | accounts.password.parallelism must be between 1 and 16777215, not 0",
            "argon2id      |    |       |   | 0  |    | accounts.password.min-length must be at least 1, not 0",
            "argon2id      |    |       |   |    | -1 | accounts.password.common-list-size must be at least 0, not -1",
    })
    void rejectsOutOfRangeNumbersNamingTheProperty(String algorithm, Integer iterations, Integer memoryKib,
            Integer parallelism, Integer minLength, Integer commonListSize, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PasswordProperties(algorithm, iterations, memoryKib, parallelism, minLength,
                        commonListSize))
                .withMessage(message);
    }

    @Test
    void bindsFromEnvironmentVariablesThroughRelaxedBinding() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("ACCOUNTS_PASSWORD_ALGORITHM", "pbkdf2_sha256", "ACCOUNTS_PASSWORD_ITERATIONS", "1000")));

        PasswordProperties bound = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("accounts.password", PasswordProperties.class);

        assertThat(bound).isEqualTo(new PasswordProperties("pbkdf2_sha256", 1000, null, null, null, null));
        assertThat(new PasswordHashing(bound).hash("x")).startsWith("pbkdf2_sha256$1000$");
    }

    @Test
    void bindsKebabCaseProperties() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "accounts.password.algorithm", "bcrypt",
                "accounts.password.iterations", "10",
                "accounts.password.memory-kib", "65536",
                "accounts.password.parallelism", "2",
                "accounts.password.min-length", "12",
                "accounts.password.common-list-size", "1000"));

        PasswordProperties bound = new Binder(source).bindOrCreate("accounts.password", PasswordProperties.class);

        assertThat(bound).isEqualTo(new PasswordProperties("bcrypt", 10, 65536, 2, 12, 1000));
    }

    @Test
    void bindsNothingToTheDefaults() {
        PasswordProperties bound = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("accounts.password", PasswordProperties.class);

        assertThat(bound).isEqualTo(PasswordProperties.defaults());
    }

    @Test
    void bindingFailsOnAnUnknownAlgorithm() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("accounts.password.algorithm", "md5")));

        org.assertj.core.api.Assertions.assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> binder.bindOrCreate("accounts.password", PasswordProperties.class))
                .havingRootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .withMessageContaining("accounts.password.algorithm");
    }
}
