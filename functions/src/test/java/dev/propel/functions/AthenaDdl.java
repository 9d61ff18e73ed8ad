package dev.propel.functions;

import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The column lists and locations of the tables in {@code docs/athena.sql}, for layout tests. */
public record AthenaDdl(Map<String, String> columns, String location, String locationTemplate) {
    private static final Pattern TABLE = Pattern.compile(
            "CREATE EXTERNAL TABLE IF NOT EXISTS (\\w+) \\((.*?)\\)\\s*PARTITIONED BY \\((.*?)\\).*?LOCATION '([^']+)'"
                    + ".*?'storage.location.template'\\s*=\\s*'([^']+)'", Pattern.DOTALL);

    /** The named table of the repository's {@code docs/athena.sql}. */
    public static AthenaDdl table(String name) {
        Path sql = RepositoryFolders.repositoryFile("docs/athena.sql");
        String text;
        try {
            text = Files.readString(sql);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = TABLE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (String line : m.group(2).split(",\\s*\\n")) {
                    String[] parts = line.strip().split("\\s+", 2);
                    columns.put(parts[0].replace("`", ""), parts[1].strip());
                }
                return new AthenaDdl(columns, m.group(4), m.group(5));
            }
        }
        throw new IllegalArgumentException("no table " + name + " in " + sql);
    }

}
