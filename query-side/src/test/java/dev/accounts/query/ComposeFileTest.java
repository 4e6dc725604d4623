package dev.accounts.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} parses (anchors and merge keys resolved, as Compose resolves them), runs exactly the
 * services the README's production-topology table lists, gives each a health check, and keeps the state of
 * Axon Server and PostgreSQL in named volumes. Compose itself cannot run here: there is no Docker engine.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** The services named in the first column of the README's table under "The production topology". */
    private static Set<String> servicesTheReadmeNames() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("### The production topology");
        assertThat(section).as("the README's production-topology section").isNotNegative();
        String table = readme.substring(section, readme.indexOf("\n\n", readme.indexOf("| service |", section)));
        Set<String> names = new LinkedHashSet<>();
        for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            Matcher name = Pattern.compile("`([a-z0-9-]+)`").matcher(row.substring(0, row.indexOf(" |", 2)));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    @Test
    void runsExactlyTheServicesTheReadmeDescribes() throws IOException {
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(servicesTheReadmeNames())
                .contains("axonserver", "postgres", "command-side-1", "command-side-2", "query-side-1", "query-side-2");
    }

    @Test
    void everyServiceHasAHealthCheckAndTheStateLivesInVolumes() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).allSatisfy((name, service) -> assertThat(service).as(name).containsKey("healthcheck"));
        assertThat((List<String>) services.get("axonserver").get("volumes"))
                .anyMatch(volume -> volume.startsWith("axonserver-data:"))
                .anyMatch(volume -> volume.startsWith("axonserver-events:"));
        assertThat((List<String>) services.get("postgres").get("volumes"))
                .anyMatch(volume -> volume.startsWith("postgres-data:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bothSidesRunOnAxonServerAndPostgres() throws IOException {
        services().entrySet().stream().filter(service -> service.getKey().contains("-side-")).forEach(service -> {
            Map<String, Object> environment = (Map<String, Object>) service.getValue().get("environment");
            assertThat(environment).as(service.getKey())
                    .containsEntry("SPRING_PROFILES_ACTIVE", "postgres,axonserver")
                    .containsEntry("AXON_AXONSERVER_SERVERS", "axonserver:8124");
            assertThat((Map<String, Object>) service.getValue().get("depends_on")).as(service.getKey())
                    .containsKeys("postgres", "axonserver");
        });
    }
}
