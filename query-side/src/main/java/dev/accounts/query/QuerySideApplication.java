package dev.accounts.query;

import dev.accounts.query.cli.EventsCommand;
import dev.accounts.query.cli.ReplayCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The query side: reads the event log and serves what it builds from it. It never handles a command.
 * {@code java -jar query-side.jar} serves the read API; {@code ... replay users} rebuilds a projection;
 * {@code ... events export} writes the log's public events as NDJSON.
 */
@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon prints a banner advertising its console unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        if (args.length > 0 && ReplayCommand.NAME.equals(args[0])) {
            System.exit(ReplayCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && EventsCommand.NAME.equals(args[0])) {
            System.exit(EventsCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
