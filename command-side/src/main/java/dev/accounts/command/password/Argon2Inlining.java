package dev.accounts.command.password;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks HotSpot's JIT to compile Bouncy Castle's Argon2 round into its caller, whatever order it meets them in.
 *
 * <p>Argon2's inner loop ({@code FillBlock.applyBlake}) calls the Blake2b round function ({@code roundFunction},
 * through a synthetic accessor) sixteen times a block. When the JIT happens to compile the round function on
 * its own first, as it does in a service whose compiler queue is busy with everything else at start-up, its
 * code is then "already compiled into a big method" and is called rather than inlined: measured on the
 * development machine, registrations ran at 45.9 a second instead of 51.5, for the life of the process. A compiler
 * directive (what {@code jcmd <pid> Compiler.directives_add} does) makes the inlining unconditional. It is
 * added through the JVM's diagnostic-command MBean before the first hash; a JVM without it (not HotSpot)
 * simply keeps its own heuristics.
 */
final class Argon2Inlining {

    private static final Logger log = LoggerFactory.getLogger(Argon2Inlining.class);
    private static final String GENERATOR = "org/bouncycastle/crypto/generators/Argon2BytesGenerator";
    private static final String DIRECTIVE = """
            [{ match: "%1$s$FillBlock.*", inline: ["+%1$s.access$500", "+%1$s.roundFunction", "+%1$s.G"] }]
            """.formatted(GENERATOR);
    private static boolean added;

    private Argon2Inlining() {
    }

    static synchronized void ensure() {
        if (added) {
            return;
        }
        added = true;
        try {
            Path file = Files.createTempFile("accounts-argon2-directive", ".json");
            try {
                Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
                ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError notHotSpot) {
            log.debug("Argon2 inlining directive not added: {}", notHotSpot.toString());
        }
    }
}
