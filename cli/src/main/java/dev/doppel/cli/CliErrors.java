package dev.doppel.cli;

import dev.doppel.cli.api.GatewayUnreachableException;
import dev.doppel.cli.api.NotLoggedInException;
import java.net.http.HttpTimeoutException;

/** What a user reads when a command fails: the API's own words, never a stack trace. */
public final class CliErrors {

    public static String describe(Throwable failure) {
        return switch (failure) {
            case GatewayClient.ApiError api -> "error: " + api.describe();
            case GatewayUnreachableException unreachable -> unreachable.getMessage();
            case NotLoggedInException notLoggedIn -> notLoggedIn.getMessage();
            case HttpTimeoutException timeout -> "the gateway did not answer in time: " + timeout.getMessage();
            default -> failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        };
    }

    private CliErrors() {
    }
}
