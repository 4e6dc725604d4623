package dev.accounts.command.cli;

import java.io.Console;

/** Where an interactive command talks to a person: a real terminal, with hidden password entry. */
interface Terminal {

    /** A line typed after the prompt, or {@code null} at end of input. */
    String readLine(String prompt);

    /** A password typed after the prompt without echo, or {@code null} at end of input. */
    char[] readPassword(String prompt);

    void println(String line);

    /** The process's terminal, or {@code null} when it is not attached to one. */
    static Terminal system() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        return new Terminal() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public void println(String line) {
                console.writer().println(line);
                console.flush();
            }
        };
    }
}
