package dev.doppel.gateway.rest;

import dev.doppel.gateway.persistence.FileRecord;

/** OpenAI's file object. */
public record FileObject(String id, String object, long bytes, long created_at, String filename, String purpose,
        String status, String status_details) {

    public static FileObject of(FileRecord f) {
        return new FileObject(f.id, "file", f.bytes, f.createdAt.getEpochSecond(), f.filename, f.purpose,
                f.status, f.statusDetails);
    }
}
