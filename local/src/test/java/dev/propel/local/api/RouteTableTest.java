package dev.propel.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.propel.local.template.ApiEvent;
import dev.propel.local.template.SamTemplate.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = new RouteTable(List.of(
            new Route("Proxy", new ApiEvent("p", "ANY", "/{proxy+}")),
            new Route("Item", new ApiEvent("i", "GET", "/items/{id}")),
            new Route("Popular", new ApiEvent("x", "GET", "/items/popular")),
            new Route("Events", new ApiEvent("e", "POST", "/events"))));

    @Test
    void literalBeforeParameterBeforeGreedy() {
        assertEquals("Popular", table.match("GET", "/items/popular").route().functionId());
        RouteTable.Match item = table.match("GET", "/items/42");
        assertEquals("Item", item.route().functionId());
        assertEquals(Map.of("id", "42"), item.pathParameters());
        assertEquals("Events", table.match("POST", "/events/").route().functionId());
        assertEquals(Map.of("proxy", "a/b"), table.match("DELETE", "/a/b").pathParameters());
    }

    @Test
    void wrongMethodListsTheAllowedOnes() {
        RouteTable strict = new RouteTable(List.of(new Route("Events", new ApiEvent("e", "POST", "/events"))));
        RouteTable.Match m = strict.match("GET", "/events");
        assertFalse(m.found());
        assertEquals(Set.of("POST"), m.allowedMethods());
        assertEquals(Set.of(), strict.match("GET", "/nothing").allowedMethods());
    }
}
