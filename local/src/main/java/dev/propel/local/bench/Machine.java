package dev.propel.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A one-line description of the machine a benchmark ran on (CPU model, cores, memory, JDK). */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = cpuModel().orElse(System.getProperty("os.arch"));
        long memGiB = Math.round(totalMemoryBytes() / (1024.0 * 1024 * 1024));
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + (memGiB > 0 ? ", " + memGiB + " GiB" : "") + ", " + System.getProperty("os.name") + ", JDK "
                + System.getProperty("java.version");
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long totalMemoryBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) * 1024)
                    .findFirst().orElse(0L);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
