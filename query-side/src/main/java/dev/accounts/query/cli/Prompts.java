package dev.accounts.query.cli;

import java.io.Console;
import java.util.function.Function;

/**
 * Questions put to the operator at the terminal.
 *
 * @param line   what was typed after a prompt, or {@code null} at end of input
 * @param hidden the same, typed without echo (a password)
 */
record Prompts(Function<String, String> line, Function<String, char[]> hidden) {

    /** The process's terminal (the prompt goes there, not to stdout), or {@code null} when it has none. */
    static Prompts terminal() {
        Console console = System.console();
        return console == null ? null
                : new Prompts(prompt -> console.readLine("%s", prompt), prompt -> console.readPassword("%s", prompt));
    }
}
