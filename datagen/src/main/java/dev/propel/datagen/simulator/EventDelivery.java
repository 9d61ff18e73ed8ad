package dev.propel.datagen.simulator;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;

/**
 * A valid event as delivered.
 *
 * @param event             the event (no {@code received_at}: the server sets it)
 * @param deliveredAtMillis server receive time, epoch milliseconds
 * @param duplicate         true for the second delivery of an {@code event_id} already sent
 */
public record EventDelivery(BehaviourEvent event, long deliveredAtMillis, boolean duplicate) implements Delivery {

    @Override
    public String json() {
        return EventJson.toJson(event);
    }
}
