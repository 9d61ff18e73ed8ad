package dev.propel.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests and benchmarks find the repository's own files ({@code events/}, {@code docs/}) and the real data
 * in {@code shared/data} next to the repository, from whichever module folder or copy they run in.
 */
public final class RepositoryFolders {
    private RepositoryFolders() {
    }

    /** The repository root: the nearest folder at or above the working directory holding {@code template.yaml}. */
    public static Path repositoryRoot() {
        return repositoryRoot(Path.of(""));
    }

    /** The repository root at or above {@code start}. */
    static Path repositoryRoot(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (template.yaml and pom.xml) at or above "
                + start.toAbsolutePath());
    }

    /** A file or folder of the repository, e.g. {@code events/predict.json} or {@code docs/athena.sql}. */
    public static Path repositoryFile(String relative) {
        return repositoryRoot().resolve(relative);
    }

    /**
     * The real data folder, {@code shared/data}, in the nearest folder at or above the working directory that has
     * one (the repository's parent when the repository is {@code .../main}); empty where the data is not present.
     */
    public static Optional<Path> sharedData() {
        return sharedData(Path.of(""));
    }

    /** The real data folder at or above {@code start}, if present. */
    static Optional<Path> sharedData(Path start) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("shared").resolve("data");
            if (Files.isDirectory(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** One file of the real data, e.g. {@code rees46_2019-Oct_head_sample.csv}, if present. */
    public static Optional<Path> sharedFile(String relative) {
        return sharedData().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
    }
}
