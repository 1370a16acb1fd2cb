package dev.doppel.cli.auth;

import dev.doppel.cli.ApiCommand;
import picocli.CommandLine.Command;

/** {@code bin/doppel logout}: forgets the stored login (Keycloak's session simply expires). */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Deletes the stored login.")
public final class LogoutCommand extends ApiCommand {

    @Override
    public Integer call() throws Exception {
        TokenStore store = api.tokenStore();
        println(store.delete() ? "logged out: deleted " + store.file() : "not logged in (no " + store.file() + ")");
        return 0;
    }
}
