package dev.propel.functions.ingest;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.ValidationError;
import java.util.List;

/**
 * What one ingest request carried once validated.
 *
 * @param received   events in the request (valid or not)
 * @param events     the valid events, first occurrence of each {@code event_id}, in request order
 * @param duplicates valid events dropped because an earlier one in the request had the same {@code event_id}
 * @param rejected   one entry per problem of each invalid event
 */
public record ParsedBatch(int received, List<BehaviourEvent> events, int duplicates, List<ValidationError> rejected) {
    public ParsedBatch {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    /** Valid events, duplicates included: what the caller may consider delivered. */
    public int accepted() {
        return events.size() + duplicates;
    }
}
