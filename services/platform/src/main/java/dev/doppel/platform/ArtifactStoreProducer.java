package dev.doppel.platform;

import dev.doppel.artifacts.ArtifactStore;
import dev.doppel.artifacts.FileSystemArtifactStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The artifact store every service reads and writes; its root is {@code doppel.artifacts.dir}. */
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(@ConfigProperty(name = "doppel.artifacts.dir") Path root) {
        return new FileSystemArtifactStore(root);
    }
}
