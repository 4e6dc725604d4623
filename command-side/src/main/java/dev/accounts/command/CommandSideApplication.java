package dev.accounts.command;

import dev.accounts.command.cli.CreateSuperuserCommand;
import dev.accounts.command.cli.RotateSigningKeyCommand;
import dev.accounts.command.auth.AuthProperties;
import dev.accounts.command.password.PasswordProperties;
import dev.accounts.command.user.LoginProperties;
import dev.accounts.command.web.CorsProperties;
import dev.accounts.command.web.RateLimitProperties;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The command side: {@code java -jar command-side.jar} serves the API; {@code ... createsuperuser} runs the CLI. */
@SpringBootApplication
@EnableConfigurationProperties({PasswordProperties.class, LoginProperties.class, AuthProperties.class,
        RateLimitProperties.class, CorsProperties.class})
public class CommandSideApplication {

    public static void main(String[] args) {
        // Axon prints a banner advertising its console unless told not to
        System.setProperty("disable-axoniq-console-message", "true");
        if (args.length > 0 && CreateSuperuserCommand.NAME.equals(args[0])) {
            System.exit(CreateSuperuserCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && RotateSigningKeyCommand.NAME.equals(args[0])) {
            System.exit(RotateSigningKeyCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
