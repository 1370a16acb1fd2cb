package dev.doppel.cli.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doppel.cli.ApiCommand;
import dev.doppel.cli.api.FilesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/doppel files …}: OpenAI's {@code /v1/files} against the running gateway. */
@Command(name = "files", mixinStandardHelpOptions = true, description = "Uploads, lists, shows, deletes and downloads files.",
        subcommands = {FilesCommand.Upload.class, FilesCommand.ListFiles.class, FilesCommand.Get.class,
                FilesCommand.Delete.class, FilesCommand.Content.class})
public final class FilesCommand {

    /** {@code file-abc  chat.txt  1,234 bytes  fine-tune  processed  2026-11-22 01:07:42}. */
    static String line(JsonNode file) {
        String details = file.path("status_details").isTextual() ? "  (" + file.get("status_details").asText() + ")" : "";
        return String.format("%-28s %-32s %,10d bytes  %-17s %-9s %s%s", file.path("id").asText(),
                file.path("filename").asText(), file.path("bytes").asLong(), file.path("purpose").asText(),
                file.path("status").asText(), ApiCommand.time(file.path("created_at")), details);
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Uploads a training file or an export (WhatsApp, Telegram, Messenger, mbox, JSONL, …); ingest turns it into a dataset.")
    static final class Upload extends ApiCommand {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--purpose", defaultValue = "fine-tune", description = "OpenAI's purpose (default: ${DEFAULT-VALUE}).")
        String purpose;

        @Option(names = "--me", paramLabel = "NAME", description = "Who you are in the export (repeatable: names, addresses, numbers).")
        List<String> me = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                err().println("doppel files upload: no such file: " + file);
                return 2;
            }
            JsonNode uploaded = new FilesApi(api.client()).upload(file, purpose, me);
            if (api.json) {
                printJson(uploaded);
            } else {
                println(line(uploaded));
                println("ingest is processing it; bin/doppel files get " + uploaded.path("id").asText()
                        + " shows when it is processed");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists your files.")
    static final class ListFiles extends ApiCommand {
        @Override
        public Integer call() throws Exception {
            printList(new FilesApi(api.client()).list(), "no files; upload one with bin/doppel files upload FILE",
                    FilesCommand::line);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one file.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            printObject(new FilesApi(api.client()).get(id), FilesCommand::line);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes one file.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode deleted = new FilesApi(api.client()).delete(id);
            if (api.json) {
                printJson(deleted);
            } else {
                println((deleted.path("deleted").asBoolean() ? "deleted " : "not deleted: ") + id);
            }
            return deleted.path("deleted").asBoolean() ? 0 : 1;
        }
    }

    @Command(name = "content", mixinStandardHelpOptions = true,
            description = "Downloads a file's bytes (a job's result file, fine-tune-results) to stdout or -o FILE.")
    static final class Content extends ApiCommand {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
        Path output;

        @Override
        public Integer call() throws Exception {
            byte[] content = new FilesApi(api.client()).content(id);
            if (output != null) {
                Files.write(output, content);
                err().println("wrote " + content.length + " bytes to " + output);
                err().flush();
            } else {
                out().flush();
                System.out.write(content); // bytes as they are: picocli's writer would re-encode them
                System.out.flush();
            }
            return 0;
        }
    }
}
