package dev.propel.functions.events;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the repository's {@code events/*.json} files and turns them into handler input with the Lambda Java
 * runtime's own serializer, so tests see exactly what a deployed function would.
 */
public final class SampleEvents {
    private SampleEvents() {
    }

    /** The repository's {@code events/} folder. */
    public static Path folder() {
        return RepositoryFolders.repositoryFile("events");
    }

    /** The raw JSON of one sample event file. */
    public static String json(String fileName) {
        try {
            return Files.readString(folder().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sample event file deserialised the way the Lambda Java runtime does it. */
    public static <T> T load(String fileName, Class<T> type) {
        return fromJson(json(fileName), type);
    }

    /** Any event JSON deserialised the way the Lambda Java runtime does it. */
    public static <T> T fromJson(String json, Class<T> type) {
        return LambdaEventSerializers.serializerFor(type, SampleEvents.class.getClassLoader()).fromJson(json);
    }
}
