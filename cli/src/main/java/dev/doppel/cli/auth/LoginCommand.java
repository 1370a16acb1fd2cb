package dev.doppel.cli.auth;

import dev.doppel.cli.ApiCommand;
import java.io.Console;
import java.net.http.HttpClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/doppel login}: Keycloak's password grant through the public {@code doppel-web} client; the tokens go
 * to {@code <data dir>/credentials.json} (0600), where the other commands find them and refresh them.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Logs in to Keycloak (password grant, client doppel-web) and stores the token for the other commands.")
public final class LoginCommand extends ApiCommand {

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "Keycloak user (asked for when missing).")
    String user;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "Password (default: $DOPPEL_PASSWORD; asked for, unechoed, when missing).")
    String password;

    @Override
    public Integer call() throws Exception {
        Console console = System.console();
        String name = user != null ? user : ask(console, "user: ");
        String secret = password != null ? password : System.getenv("DOPPEL_PASSWORD");
        if (secret == null && console != null) {
            char[] typed = console.readPassword("password for %s: ", name);
            secret = typed == null ? null : new String(typed);
        }
        if (name == null || secret == null) {
            err().println("doppel login: no terminal to ask on; pass --user and --password (or set DOPPEL_PASSWORD)");
            return 2;
        }
        var keycloak = new KeycloakTokens(api.realmUrl(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        TokenSet tokens = keycloak.password(name, secret);
        TokenStore store = api.tokenStore();
        store.save(tokens);
        if (api.json) {
            println(tokens.toJson().put("access_token", "…").put("refresh_token", "…").put("file", store.file().toString())
                    .toString());
        } else {
            println("logged in as " + name + " at " + api.realmUrl() + "; token stored in " + store.file()
                    + " (valid until " + tokens.expiresAt() + ", refreshed as needed"
                    + (tokens.refreshExpiresAt() == null ? "" : " until " + tokens.refreshExpiresAt()) + ")");
        }
        return 0;
    }

    private static String ask(Console console, String prompt) {
        return console == null ? null : console.readLine(prompt);
    }
}
