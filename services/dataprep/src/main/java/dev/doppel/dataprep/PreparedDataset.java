package dev.doppel.dataprep;

import dev.doppel.dataprep.report.PrepareReport;
import dev.doppel.dataprep.split.Splits;

/**
 * An upload made into data: anonymized, deduplicated prompt/reply pairs (chats, mail, JSONL, CSV) and
 * plain-text documents (corpora), each split by conversation, and the report of how.
 */
public record PreparedDataset(Splits<Example> examples, Splits<Document> documents, PrepareReport report) {
}
