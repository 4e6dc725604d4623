package dev.accounts.command.cli;

import dev.accounts.command.CommandSideApplication;
import dev.accounts.command.audit.Origin;
import dev.accounts.command.auth.SigningKeys;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rotate-signing-key}: generates a new ES256 key in the shared {@code signing_key} table. Every
 * command-side process signs with it within {@code accounts.auth.key-reload} (a minute); tokens signed with
 * the previous key keep verifying until they expire. Prints the new key's id, never the key.
 */
@Command(name = RotateSigningKeyCommand.NAME, mixinStandardHelpOptions = true,
        description = "Sign new access tokens with a new key; tokens signed with the old one verify until they expire.")
public class RotateSigningKeyCommand implements Callable<Integer> {

    public static final String NAME = "rotate-signing-key";

    /** Runs the command against the configured store; returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new RotateSigningKeyCommand()).execute(args);
    }

    @Override
    public Integer call() {
        try (Origin.Scope operator = Origin.commandLine().bind();
             ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandSideApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(Map.of("logging.level.root", "OFF", "spring.main.register-shutdown-hook", "false"))
                .run()) {
            String kid = context.getBean(SigningKeys.class).rotate();
            System.out.println("New signing key " + kid + ". Tokens signed with the previous key verify until they expire.");
            return 0;
        } catch (RuntimeException failure) {
            System.err.println("Error: " + failure.getMessage());
            return 1;
        }
    }
}
