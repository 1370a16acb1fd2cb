package dev.doppel.gateway.rest;

/** OpenAI's answer to a delete: {@code {id, object, deleted: true}}. */
public record DeletedObject(String id, String object, boolean deleted) {
}
