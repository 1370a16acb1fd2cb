package dev.doppel.cli.chat;

import dev.doppel.cli.ApiCommand;
import dev.doppel.cli.api.ChatApi;
import dev.doppel.cli.api.ChatRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/doppel chat --model ID}: talk to a fine-tuned model through {@code /v1/chat/completions}, the reply
 * streamed token by token. Interactive unless {@code --message} asks a single question.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chats with a model, streaming its replies; --message for one reply, without a prompt.")
public final class ChatCommand extends ApiCommand {

    @Option(names = "--model", required = true, paramLabel = "ID", description = "A fine-tuned model (ft:…), e.g. from bin/doppel ft get.")
    String model;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message opening the conversation.")
    String system;

    @Option(names = "--temperature", paramLabel = "T", description = "0-2 (default: the gateway's).")
    Double temperature;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Longest reply, 1-512 (default: the gateway's).")
    Integer maxTokens;

    @Option(names = "--seed", paramLabel = "N", description = "For reproducible sampling.")
    Long seed;

    @Option(names = "--message", paramLabel = "TEXT", description = "Say this, print the reply and exit.")
    String message;

    @Option(names = "--no-stream", description = "Ask for whole replies instead of streamed ones.")
    boolean noStream;

    @Override
    public Integer call() throws Exception {
        var settings = new ChatRequest(model, List.of(), temperature, maxTokens, seed);
        var session = new ChatSession(new ChatApi(api.client()), settings, system, !noStream, this::printPiece,
                api.json ? this::println : null);
        if (message != null) {
            session.say(message);
            endReply();
            return 0;
        }
        println("chatting with " + model + "; an empty line or /exit ends, /reset forgets the conversation");
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            out().print("you> ");
            out().flush();
            String line = in.readLine();
            if (line == null || line.isBlank() || line.strip().equals("/exit")) {
                return 0;
            }
            if (line.strip().equals("/reset")) {
                session.reset();
                println("(conversation forgotten)");
                continue;
            }
            if (!api.json) {
                out().print(model.length() > 24 ? "model> " : model + "> ");
            }
            try {
                session.say(line);
                endReply();
            } catch (java.io.IOException e) {
                // One failed turn does not end the conversation.
                endReply();
                err().println("doppel chat: " + dev.doppel.cli.CliErrors.describe(e));
                err().flush();
            }
        }
    }

    private void printPiece(String piece) {
        out().print(piece);
        out().flush();
    }

    private void endReply() {
        if (!api.json) {
            out().println();
            out().flush();
        }
    }
}
