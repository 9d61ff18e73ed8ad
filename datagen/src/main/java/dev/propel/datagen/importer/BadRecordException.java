package dev.propel.datagen.importer;

/** Thrown by a row converter for a record that cannot become an event; the message names the problem. */
final class BadRecordException extends Exception {
    BadRecordException(String message) {
        super(message, null, false, false);
    }
}
