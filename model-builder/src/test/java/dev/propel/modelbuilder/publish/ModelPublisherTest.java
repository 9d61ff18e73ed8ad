package dev.propel.modelbuilder.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.SyntheticTables;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.train.TrainingConfig;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/** Publishing writes the version folder first and the manifest last, over real S3 HTTP. */
@ExtendWith(EmbeddedS3Extension.class)
class ModelPublisherTest {

    @Test
    void publishesModelReportsThenManifestLast(EmbeddedS3 s3) {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        s3.addListener(event -> order.add(event.key()));
        TrainingResult result = ModelBuilder.train(SyntheticTables.mixed(1500, 5),
                TrainingConfig.defaults().withMaxEpochs(2).withHidden(8));
        S3Client client = s3.client();

        ModelManifest manifest = new ModelPublisher(client, EmbeddedS3Extension.BUCKET).publish(result);

        String version = result.provenance().version();
        String prefix = "models/generic/" + version + "/";
        // The manifest is created only after all three version files (the embedded server may notify a key twice).
        List<String> distinct = order.stream().distinct().toList();
        assertEquals(List.of(prefix + "model.onnx", prefix + "report.json", prefix + "report.html",
                "models/generic/latest.json"), distinct);
        assertEquals("models/generic/latest.json", order.get(order.size() - 1));
        byte[] model = client.getObjectAsBytes(b -> b.bucket(EmbeddedS3Extension.BUCKET).key(prefix + "model.onnx"))
                .asByteArray();
        assertArrayEquals(result.onnx(), model);
        ModelManifest stored = ModelManifest.fromJson(client.getObjectAsBytes(
                b -> b.bucket(EmbeddedS3Extension.BUCKET).key("models/generic/latest.json")).asByteArray());
        assertEquals(manifest, stored);
        assertEquals(prefix + "model.onnx", stored.modelKey());
        assertEquals(prefix + "report.json", stored.reportKey());
        assertEquals(ModelPublisher.sha256(model), stored.sha256());
        assertEquals(version, stored.version());
        String report = client.getObjectAsBytes(b -> b.bucket(EmbeddedS3Extension.BUCKET).key(prefix + "report.json"))
                .asUtf8String();
        assertTrue(report.contains("\"roc_auc\""), report);
        String html = new String(client.getObjectAsBytes(
                b -> b.bucket(EmbeddedS3Extension.BUCKET).key(prefix + "report.html")).asByteArray(),
                StandardCharsets.UTF_8);
        assertTrue(html.contains("<svg"));
    }
}
