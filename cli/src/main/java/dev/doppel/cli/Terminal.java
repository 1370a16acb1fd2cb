package dev.doppel.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is a terminal, where a redrawn progress bar makes sense. */
public final class Terminal {

    public static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when output is redirected, and Console.isTerminal() tells;
        // the code is compiled for 21, which has neither, so it asks by reflection where the method exists.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    private Terminal() {
    }
}
