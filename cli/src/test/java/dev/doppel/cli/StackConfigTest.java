package dev.doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackConfigTest {

    @TempDir
    Path repo;

    @Test
    void defaultsKeepStateInTheRepositoryAndUseTheDocumentedPorts() {
        StackConfig config = StackConfig.defaults(repo);
        assertEquals(repo.resolve(".doppel"), config.dataDir());
        assertEquals(8080, config.port(StackConfig.GATEWAY));
        assertEquals(8081, config.port(StackConfig.INGEST));
        assertEquals(8082, config.port(StackConfig.TRAINER));
        assertEquals(8083, config.port(StackConfig.EVALUATOR));
        assertEquals(8180, config.port("keycloak"));
        assertEquals(9092, config.port("kafka"));
        assertEquals(5433, config.port("postgres"));
        assertEquals(repo.resolve("gateway/target/quarkus-app/quarkus-run.jar"), config.serviceJar(StackConfig.GATEWAY));
    }

    @Test
    void environmentVariablesOverrideEveryPortAndTheDataDirectory() {
        StackConfig config = StackConfig.fromEnvironment(repo, Map.of(
                "DOPPEL_DATA_DIR", repo.resolve("elsewhere").toString(),
                "DOPPEL_GATEWAY_PORT", "18080", "DOPPEL_INGEST_PORT", "18081", "DOPPEL_TRAINER_PORT", "18082",
                "DOPPEL_EVALUATOR_PORT", "18083", "DOPPEL_KEYCLOAK_PORT", "18180", "DOPPEL_KAFKA_PORT", "19092",
                "DOPPEL_POSTGRES_PORT", "15433", "DOPPEL_KEYCLOAK_MANAGEMENT_PORT", "19180",
                "DOPPEL_KAFKA_CONTROLLER_PORT", "19093"));
        assertEquals(repo.resolve("elsewhere"), config.dataDir());
        assertEquals(18080, config.port(StackConfig.GATEWAY));
        assertEquals(18081, config.port(StackConfig.INGEST));
        assertEquals(18082, config.port(StackConfig.TRAINER));
        assertEquals(18083, config.port(StackConfig.EVALUATOR));
        assertEquals(18180, config.port("keycloak"));
        assertEquals(19180, config.port(StackConfig.KEYCLOAK_MANAGEMENT));
        assertEquals(19092, config.port("kafka"));
        assertEquals(19093, config.port(StackConfig.KAFKA_CONTROLLER));
        assertEquals(15433, config.port("postgres"));
    }

    @Test
    void aBadPortNamesTheVariable() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnvironment(repo, Map.of("DOPPEL_KAFKA_PORT", "ninety")));
        assertTrue(error.getMessage().contains("DOPPEL_KAFKA_PORT"), error.getMessage());
    }

    @Test
    void whatUpSavedIsWhatStatusAndDownUse() {
        StackConfig started = StackConfig.defaults(repo).withPort("kafka", 29092).withOnlyInfra(true)
                .withServiceJar(StackConfig.GATEWAY, repo.resolve("g.jar"));
        started.save();
        StackConfig later = StackConfig.defaults(repo).withSaved();
        assertEquals(29092, later.port("kafka"));
        assertTrue(later.onlyInfra());
        assertEquals(repo.resolve("g.jar"), later.serviceJar(StackConfig.GATEWAY));
    }
}
