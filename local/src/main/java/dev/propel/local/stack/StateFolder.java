package dev.propel.local.stack;

import java.nio.file.Path;
import java.util.Map;

/** Where the local stack keeps its state: {@code $PROPEL_HOME} when set, else {@code .propel/} here. */
public final class StateFolder {
    /** Environment variable naming the state folder. */
    public static final String ENV = "PROPEL_HOME";

    private StateFolder() {
    }

    /** The state folder for this environment and working directory. */
    public static Path resolve(Map<String, String> env, Path workingDir) {
        String home = env.get(ENV);
        return home != null && !home.isBlank() ? Path.of(home).toAbsolutePath()
                : workingDir.resolve(".propel").toAbsolutePath();
    }

    /** The embedded S3's folder inside the state folder. */
    public static Path s3Root(Path stateDir) {
        return stateDir.resolve("s3");
    }
}
