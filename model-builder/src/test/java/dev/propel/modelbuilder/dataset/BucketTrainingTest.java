package dev.propel.modelbuilder.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.time.LocalDate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** The one "train from the bucket" sequence on real partitions in the embedded S3: provenance, rows, publishing. */
@ExtendWith(EmbeddedS3Extension.class)
class BucketTrainingTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void recordsWhereTheModelComesFromTrainsOnTheSelectedRowsAndPublishes(EmbeddedS3 s3) throws Exception {
        S3Client client = s3.client();
        for (int d = 1; d <= 3; d++) {
            DatasetTrainingTest.writeItemPartition(client, LocalDate.of(2026, 11, d), 120, d);
        }
        BucketTraining.Request request = BucketTraining.Request.of("item", LocalDate.parse("2026-11-02"),
                        LocalDate.parse("2026-11-03"), TrainingConfig.defaults().withMaxEpochs(2).withThreads(1))
                .withRows(t -> t.select(IntStream.range(0, t.rows() / 2).toArray()))
                .withGitCommit(COMMIT).withPublish(true);
        BucketTraining.Outcome outcome = new BucketTraining(client, BUCKET).train(request);

        assertEquals(2, outcome.loaded().partitions());
        assertEquals(2 * 120 * 12, outcome.loaded().table().rows());
        assertEquals(120 * 12, outcome.trainedOn().rows(), "the selection, not every row loaded");
        Provenance p = outcome.result().provenance();
        assertEquals("item", p.task());
        assertEquals("2026-11-02..2026-11-03", p.dataRange());
        assertEquals(outcome.loaded().sha256(), p.dataHash());
        assertEquals(outcome.loaded().label(), p.label());
        assertEquals(3, p.featureSchemaVersion());
        assertEquals(COMMIT, p.gitCommit());

        ModelManifest manifest = outcome.manifest().orElseThrow();
        ModelManifest latest = ModelManifest.fromJson(client.getObjectAsBytes(
                b -> b.bucket(BUCKET).key("models/item/latest.json")).asByteArray());
        assertEquals(manifest.version(), latest.version());
        assertEquals(p.version(), latest.version());
        byte[] model = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(latest.modelKey())).asByteArray();
        assertArrayEquals(outcome.result().onnx(), model);
        assertEquals(ModelPublisher.sha256(model), latest.sha256());
    }

    @Test
    void publishesNothingUnlessAsked(EmbeddedS3 s3) throws Exception {
        S3Client client = s3.client();
        DatasetTrainingTest.writeItemPartition(client, LocalDate.of(2026, 11, 5), 80, 5);
        BucketTraining.Outcome outcome = new BucketTraining(client, BUCKET).train(BucketTraining.Request.of("item",
                null, null, TrainingConfig.defaults().withMaxEpochs(1).withThreads(1)));
        assertTrue(outcome.manifest().isEmpty());
        assertEquals("unknown", outcome.result().provenance().gitCommit());
        assertFalse(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("models/")).hasContents());
    }
}
