package dev.propel.s3.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(EmbeddedS3Extension.class)
class EmbeddedS3Test {

    @Test
    void putGetListOverHttpAndNotifyEveryWrite(EmbeddedS3 s3) {
        List<ObjectCreated> seen = new CopyOnWriteArrayList<>();
        ObjectCreatedListener listener = seen::add;
        s3.addListener(listener);
        try (S3Client client = s3.client()) {
            client.putObject(b -> b.bucket(EmbeddedS3Extension.BUCKET).key("raw/dt=2026-11-28/hour=09/a b.txt"),
                    RequestBody.fromString("hello", StandardCharsets.UTF_8));
            String back = client.getObjectAsBytes(b -> b.bucket(EmbeddedS3Extension.BUCKET)
                    .key("raw/dt=2026-11-28/hour=09/a b.txt")).asUtf8String();
            assertEquals("hello", back);
            var listed = client.listObjectsV2(b -> b.bucket(EmbeddedS3Extension.BUCKET).prefix("raw/")).contents();
            assertEquals(1, listed.size());
            client.copyObject(b -> b.sourceBucket(EmbeddedS3Extension.BUCKET)
                    .sourceKey("raw/dt=2026-11-28/hour=09/a b.txt")
                    .destinationBucket(EmbeddedS3Extension.BUCKET).destinationKey("copy/x.txt"));
        } finally {
            s3.removeListener(listener);
        }
        assertEquals(2, seen.size());
        assertEquals("raw/dt=2026-11-28/hour=09/a b.txt", seen.get(0).key());
        assertEquals("ObjectCreated:Put", seen.get(0).eventName());
        assertEquals("copy/x.txt", seen.get(1).key());
        assertTrue(s3.endpoint().toString().startsWith("http://127.0.0.1:"));
    }
}
