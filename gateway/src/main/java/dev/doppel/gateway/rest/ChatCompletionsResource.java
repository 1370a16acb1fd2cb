package dev.doppel.gateway.rest;

import dev.doppel.gateway.security.TenantContext;
import dev.doppel.gateway.serving.ChatService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** {@code /v1/chat/completions}: a reply from the tenant's model. */
@Path("/v1/chat/completions")
@RolesAllowed("tenant")
public class ChatCompletionsResource {
    private final ChatService chat;
    private final TenantContext tenant;

    ChatCompletionsResource(ChatService chat, TenantContext tenant) {
        this.chat = chat;
        this.tenant = tenant;
    }

    @POST
    public Uni<ChatCompletionResponse> complete(ChatCompletionRequest request) {
        if (request == null) {
            throw ApiException.invalid(null, "The request body must be a JSON chat completion request.");
        }
        return chat.complete(tenant.tenantId(), request);
    }
}
