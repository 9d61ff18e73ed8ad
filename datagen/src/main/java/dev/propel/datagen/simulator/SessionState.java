package dev.propel.datagen.simulator;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** The mutable state of the session being simulated, reused across sessions. */
final class SessionState {
    int[] items = new int[32];
    int[] views = new int[32];
    int[] clicks = new int[32];
    int[] adds = new int[32];
    int[] cartQuantity = new int[32];
    final int[] categoryEvents;
    final Map<Integer, Integer> slot = new HashMap<>();
    int touched;
    int cartSize;
    int itemEvents;
    int focus;
    int lastViewed;
    int lastAdded;
    int position;
    long lastTime;
    String lastEventId;

    SessionState(int categories) {
        categoryEvents = new int[categories];
    }

    void reset() {
        for (int k = 0; k < touched; k++) {
            views[k] = 0;
            clicks[k] = 0;
            adds[k] = 0;
            cartQuantity[k] = 0;
        }
        Arrays.fill(categoryEvents, 0);
        slot.clear();
        touched = 0;
        cartSize = 0;
        itemEvents = 0;
        focus = -1;
        lastViewed = -1;
        lastAdded = -1;
        position = 0;
        lastTime = 0;
        lastEventId = null;
    }

    boolean viewedAny() {
        return lastViewed >= 0;
    }

    /** The slot of an item in this session, added on first touch. */
    int touch(int item) {
        Integer k = slot.get(item);
        if (k != null) {
            return k;
        }
        if (touched == items.length) {
            int size = touched * 2;
            items = Arrays.copyOf(items, size);
            views = Arrays.copyOf(views, size);
            clicks = Arrays.copyOf(clicks, size);
            adds = Arrays.copyOf(adds, size);
            cartQuantity = Arrays.copyOf(cartQuantity, size);
        }
        items[touched] = item;
        slot.put(item, touched);
        return touched++;
    }
}
