package dev.propel.datagen.importer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The public event-log formats Propel can import, by their command-line name. */
public enum ImportFormat {
    REES46("rees46"),
    OTTO("otto"),
    DIGINETICA("diginetica"),
    RETAILROCKET("retailrocket"),
    TIANCHI("tianchi");

    private final String id;

    ImportFormat(String id) {
        this.id = id;
    }

    /** The name used on the command line and in event ids. */
    public String id() {
        return id;
    }

    /** A fresh importer of this format. */
    public EventLogImporter importer() {
        return switch (this) {
            case REES46 -> new Rees46Importer();
            case OTTO -> new OttoImporter();
            case DIGINETICA -> new DigineticaImporter();
            case RETAILROCKET -> new RetailRocketImporter();
            case TIANCHI -> new TianchiImporter();
        };
    }

    /** The format named {@code name} (case-insensitive). */
    public static ImportFormat of(String name) {
        for (ImportFormat f : values()) {
            if (f.id.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "', expected one of " + names());
    }

    /** All names, separated by {@code |}. */
    public static String names() {
        return Arrays.stream(values()).map(ImportFormat::id).collect(Collectors.joining("|"));
    }
}
