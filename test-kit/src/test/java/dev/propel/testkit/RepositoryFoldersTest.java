package dev.propel.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder lookup finds the repository and the shared data from any module folder, and says when it cannot. */
class RepositoryFoldersTest {

    @Test
    void findsTheRepositoryRootAndTheSharedDataNextToItFromAModuleFolder(@TempDir Path work) throws IOException {
        Path repo = Files.createDirectories(work.resolve("main"));
        Files.writeString(repo.resolve("template.yaml"), "Resources: {}\n");
        Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
        Path module = Files.createDirectories(repo.resolve("functions/src/test"));
        Path data = Files.createDirectories(work.resolve("shared/data"));

        assertEquals(repo, RepositoryFolders.repositoryRoot(module));
        assertEquals(Optional.of(data), RepositoryFolders.sharedData(module));
        assertEquals(Optional.of(data), RepositoryFolders.sharedData(repo));
    }

    @Test
    void aFolderWithoutBothMarkersIsNoRepository(@TempDir Path work) throws IOException {
        Path lone = Files.createDirectories(work.resolve("elsewhere/deeper"));
        Files.writeString(work.resolve("elsewhere/template.yaml"), "only half of the markers\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RepositoryFolders.repositoryRoot(lone));
        assertTrue(e.getMessage().contains(lone.toString()), e.getMessage());
    }

    @Test
    void theRealRepositoryHasItsEventsAndDocs() {
        assertTrue(Files.isDirectory(RepositoryFolders.repositoryFile("events")));
        assertTrue(Files.isRegularFile(RepositoryFolders.repositoryFile("docs/athena.sql")));
    }
}
