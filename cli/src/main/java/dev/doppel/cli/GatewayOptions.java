package dev.doppel.cli;

import dev.doppel.cli.api.Credentials;
import dev.doppel.cli.auth.KeycloakTokens;
import dev.doppel.cli.auth.RefreshingToken;
import dev.doppel.cli.auth.TokenStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the commands that call a running gateway: where it is, who the caller is, and whether to print the
 * API's raw JSON. Credentials: {@code --api-key} / {@code DOPPEL_API_KEY} first, else the login that
 * {@code bin/doppel login} stored in the data directory.
 */
public final class GatewayOptions {

    @Option(names = "--base-url", paramLabel = "URL",
            description = "The gateway (default: $DOPPEL_BASE_URL, else http://localhost:<the stack's gateway port, 8080>).")
    String baseUrl;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "An API key (sk-doppel-…) sent as the bearer token; wins over a stored login (default: $DOPPEL_API_KEY).")
    String apiKey;

    @Option(names = "--realm-url", paramLabel = "URL",
            description = "Keycloak's realm for login and refresh (default: $DOPPEL_OIDC_URL, else http://localhost:<the stack's Keycloak port, 8180>/realms/doppel).")
    String realmUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the login is stored (default: $DOPPEL_DATA_DIR or <repo>/.doppel).")
    Path dataDir;

    @Option(names = "--json", description = "Print the API's JSON objects instead of text.")
    public boolean json;

    private final Map<String, String> environment;

    public GatewayOptions() {
        this(System.getenv());
    }

    GatewayOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    public URI baseUrl() {
        String url = firstOf(baseUrl, environment.get("DOPPEL_BASE_URL"));
        return URI.create(url != null ? url : "http://localhost:" + stack().port(StackConfig.GATEWAY));
    }

    public URI realmUrl() {
        String url = firstOf(realmUrl, environment.get("DOPPEL_OIDC_URL"));
        return URI.create(url != null ? url : "http://localhost:" + stack().port("keycloak") + "/realms/doppel");
    }

    public TokenStore tokenStore() {
        return new TokenStore(stack().dataDir());
    }

    /** A client with the caller's credentials; without any, its first request says how to log in. */
    public GatewayClient client() throws IOException {
        return new GatewayClient(baseUrl(), credentials());
    }

    Credentials credentials() throws IOException {
        String key = firstOf(apiKey, environment.get("DOPPEL_API_KEY"));
        if (key != null) {
            return Credentials.apiKey(key);
        }
        TokenStore store = tokenStore();
        var stored = store.load();
        if (stored.isEmpty()) {
            return Credentials.missing("not logged in: run bin/doppel login (or pass --api-key / set DOPPEL_API_KEY)");
        }
        var keycloak = new KeycloakTokens(URI.create(stored.get().realmUrl()), httpClient());
        return new RefreshingToken(keycloak, stored.get(), store, InstantSource.system());
    }

    static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Defaults, the environment and the ports {@code up} saved: the same stack the other commands see. */
    private StackConfig stack() {
        StackConfig config = StackConfig.fromEnvironment(StackOptions.repoRoot(), environment);
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        return config.withSaved();
    }

    private static String firstOf(String option, String variable) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        return variable != null && !variable.isBlank() ? variable : null;
    }
}
