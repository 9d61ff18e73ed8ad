package dev.propel.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventTypesTest {
    @Test
    void normalisesSpellingsToSnakeCase() {
        for (String s : new String[] {"add_to_cart", "Add To Cart", "add-to-cart", "AddToCart", " ADD_TO_CART ",
                "addToCart", "add.to.cart", "add__to__cart"}) {
            assertEquals("add_to_cart", EventTypes.normalise(s), s);
        }
        assertEquals("page2_view", EventTypes.normalise("Page2View"));
    }

    @Test
    void canonicalNamesAreReturnedAsTheyAre() {
        String s = "purchase";
        assertSame(s, EventTypes.normalise(s));
    }

    @Test
    void wellFormedNamesStartWithALetter() {
        assertTrue(EventTypes.isWellFormed("checkout_step_2"));
        assertFalse(EventTypes.isWellFormed("2fa_passed"));
        assertFalse(EventTypes.isWellFormed(EventTypes.normalise("***")));
    }
}
