package dev.propel.functions.preprocess;

import dev.propel.core.event.ValidationError;
import java.util.List;

/**
 * Counts of one cleaned object.
 *
 * @param lines        non-empty lines read
 * @param clean        events written to the clean output
 * @param duplicates   valid events dropped because an earlier line had the same {@code event_id}
 * @param badLines     lines that were not valid events (written to the bad-lines output)
 * @param errors       why, line by line ({@code index} = 0-based line number), at most
 *                     {@link RawObjectCleaner#MAX_REPORTED_ERRORS}
 */
public record CleanResult(long lines, long clean, long duplicates, long badLines, List<ValidationError> errors) {
    public CleanResult {
        errors = List.copyOf(errors);
    }
}
