package dev.doppel.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.GatewayClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code /v1/files}: OpenAI's file objects, plus Doppel's ingest report of an upload. */
public final class FilesApi {
    private final GatewayClient client;

    public FilesApi(GatewayClient client) {
        this.client = client;
    }

    /** @param me who the uploader is in a chat or mail export (Doppel's extra form field); empty for JSONL */
    public JsonNode upload(Path file, String purpose, List<String> me) throws IOException, InterruptedException {
        return client.uploadFile(file, purpose, me);
    }

    public JsonNode list() throws IOException, InterruptedException {
        return client.get("/v1/files");
    }

    public JsonNode get(String id) throws IOException, InterruptedException {
        return client.get("/v1/files/" + Ids.path(id));
    }

    public JsonNode delete(String id) throws IOException, InterruptedException {
        return client.delete("/v1/files/" + Ids.path(id));
    }

    public byte[] content(String id) throws IOException, InterruptedException {
        return client.download("/v1/files/" + Ids.path(id) + "/content");
    }

    /** What ingest made of the upload: formats, pairs, examples kept, anonymization, splits, warnings. */
    public JsonNode report(String id) throws IOException, InterruptedException {
        return client.get("/v1/files/" + Ids.path(id) + "/report");
    }
}
