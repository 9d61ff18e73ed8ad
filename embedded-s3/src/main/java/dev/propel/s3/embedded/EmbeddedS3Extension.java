package dev.propel.s3.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one embedded S3 per test class on an ephemeral port, over a temporary folder that is
 * deleted afterwards, with a bucket named {@value #BUCKET} created. Test methods and constructors may declare an
 * {@link EmbeddedS3} parameter.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    /** The bucket every test class gets. */
    public static final String BUCKET = "propel-test";

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EmbeddedS3Extension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path dir = Files.createTempDirectory("propel-s3-");
        EmbeddedS3 s3 = EmbeddedS3.start(dir, 0);
        s3.createBucket(BUCKET);
        context.getStore(NS).put("s3", s3);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        EmbeddedS3 s3 = context.getStore(NS).remove("s3", EmbeddedS3.class);
        if (s3 != null) {
            s3.close();
            deleteRecursively(s3.root());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == EmbeddedS3.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        EmbeddedS3 s3 = null;
        for (ExtensionContext c = e; c != null && s3 == null; c = c.getParent().orElse(null)) {
            s3 = c.getStore(NS).get("s3", EmbeddedS3.class);
        }
        if (s3 == null) {
            throw new IllegalStateException("EmbeddedS3Extension must be registered on the test class");
        }
        return s3;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
