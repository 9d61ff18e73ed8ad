package dev.propel.datagen.simulator;

import dev.propel.datagen.simulator.ShopperModel.Device;

/** A simulated shopper: fixed traits plus the history that the purchase prior depends on. */
final class Shopper {
    final int index;
    final String userId;
    final String anonymousId;
    final Device device;
    final String deviceName;
    final int[] favourites;
    final double returnProbability;
    /** How far the shopper's device clock is off (0: exact); a client flaw, drawn by {@link ClientDirt}. */
    final long skewMillis;
    int sessions;
    int purchases;

    Shopper(int index, String userId, String anonymousId, Device device, int[] favourites, double returnProbability,
            long skewMillis) {
        this.index = index;
        this.userId = userId;
        this.anonymousId = anonymousId;
        this.device = device;
        this.deviceName = device.name().toLowerCase();
        this.favourites = favourites;
        this.returnProbability = returnProbability;
        this.skewMillis = skewMillis;
    }
}
