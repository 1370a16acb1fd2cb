package dev.doppel.artifacts;

import java.util.regex.Pattern;

/** Builds artifact keys from ids, refusing anything that could climb out of the store's root. */
public final class ArtifactKeys {
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    public static String file(String tenantId, String fileId) {
        return ArtifactStore.tenantPrefix(tenantId) + "files/" + requireSafeSegment(fileId, "fileId");
    }

    public static String dataset(String tenantId, String datasetId, String split) {
        return ArtifactStore.tenantPrefix(tenantId) + "datasets/" + requireSafeSegment(datasetId, "datasetId")
                + "/" + requireSafeSegment(split, "split") + ".jsonl";
    }

    public static String checkpoint(String tenantId, String jobId, String checkpointId) {
        return ArtifactStore.tenantPrefix(tenantId) + "jobs/" + requireSafeSegment(jobId, "jobId")
                + "/checkpoints/" + requireSafeSegment(checkpointId, "checkpointId");
    }

    /** Rejects empty ids, slashes, ".." and other characters that do not belong in one path segment. */
    public static String requireSafeSegment(String segment, String what) {
        if (segment == null || !SAFE_SEGMENT.matcher(segment).matches() || segment.contains("..")) {
            throw new IllegalArgumentException(what + " is not a valid identifier: " + segment);
        }
        return segment;
    }

    private ArtifactKeys() {
    }
}
