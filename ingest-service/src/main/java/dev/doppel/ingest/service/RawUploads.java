package dev.doppel.ingest.service;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.events.FileUploaded;
import dev.doppel.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * What happens to the bytes a tenant uploaded once ingest has made them into anonymized data: deleted
 * (the default; only anonymized splits remain), or kept encrypted with AES-256-GCM under
 * {@code <key>.enc} for operators who must be able to reprocess. Runs after the dataset is committed,
 * so a crash in between leaves the upload in place for the redelivered event.
 */
@ApplicationScoped
public class RawUploads {
    public static final String DELETE = "delete";
    public static final String KEEP_ENCRYPTED = "keep-encrypted";
    private static final Logger LOG = Logger.getLogger(RawUploads.class);
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ArtifactStore store;
    private final String retention;
    private final SecretKeySpec key;

    public RawUploads(ArtifactStore store, IngestConfig config) {
        this.store = store;
        this.retention = config.rawUploads().retention();
        if (!retention.equals(DELETE) && !retention.equals(KEEP_ENCRYPTED)) {
            throw new IllegalArgumentException("doppel.ingest.raw-uploads.retention must be " + DELETE + " or "
                    + KEEP_ENCRYPTED + ", not \"" + retention + "\"");
        }
        if (retention.equals(KEEP_ENCRYPTED)) {
            byte[] raw = Base64.getDecoder().decode(config.rawUploads().encryptionKey().orElseThrow(() ->
                    new IllegalArgumentException("doppel.ingest.raw-uploads.encryption-key is required for "
                            + KEEP_ENCRYPTED)));
            if (raw.length != 32) {
                throw new IllegalArgumentException("doppel.ingest.raw-uploads.encryption-key must be 32 bytes (base64)");
            }
            this.key = new SecretKeySpec(raw, "AES");
        } else {
            this.key = null;
        }
    }

    /** Deletes (or encrypts, then deletes) the plain upload. Blocking. */
    public void dispose(FileUploaded upload) throws IOException {
        String artifact = upload.artifactKey();
        if (!store.exists(artifact)) {
            return;
        }
        if (key != null) {
            byte[] plain;
            try (InputStream in = store.open(artifact)) {
                plain = in.readAllBytes();
            }
            store.put(artifact + ".enc", new ByteArrayInputStream(encrypt(plain)));
        }
        store.delete(artifact);
        LOG.debugf("raw upload %s %s", artifact, key != null ? "encrypted" : "deleted");
    }

    /** nonce ‖ ciphertext ‖ tag. */
    byte[] encrypt(byte[] plain) throws IOException {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("could not encrypt the raw upload", e);
        }
    }

    /** For operators' tools and the test: the plain bytes back. */
    byte[] decrypt(byte[] sealed) throws IOException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not decrypt the raw upload", e);
        }
    }
}
