package dev.propel.local.api;

import dev.propel.local.template.SamTemplate.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API routes of the template, matched like API Gateway REST resources: literal segments before
 * {@code {param}} segments before a greedy {@code {proxy+}}; {@code ANY} matches every method.
 */
public final class RouteTable {
    private final List<Compiled> routes;

    public RouteTable(List<Route> routes) {
        List<Compiled> compiled = new ArrayList<>();
        for (Route r : routes) {
            compiled.add(compile(r));
        }
        compiled.sort(Comparator.comparingInt(Compiled::rank));
        this.routes = List.copyOf(compiled);
    }

    /** The outcome of matching a request: the route and its path parameters, or the methods the path allows. */
    public record Match(Route route, Map<String, String> pathParameters, Set<String> allowedMethods) {
        public boolean found() {
            return route != null;
        }
    }

    /** Matches a request; {@link Match#route()} is null when no route takes this method on this path. */
    public Match match(String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Compiled c : routes) {
            Matcher m = c.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            String routeMethod = c.route.event().method();
            if (routeMethod.equals("ANY") || routeMethod.equals(method)) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < c.names.size(); i++) {
                    params.put(c.names.get(i), m.group(i + 1));
                }
                return new Match(c.route, params, Set.of());
            }
            allowed.add(routeMethod);
        }
        return new Match(null, Map.of(), allowed);
    }

    /** Whether any route exists. */
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public Optional<Route> first() {
        return routes.stream().map(Compiled::route).findFirst();
    }

    private record Compiled(Route route, Pattern pattern, List<String> names, int rank) {
    }

    private static Compiled compile(Route r) {
        String path = r.event().path();
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int params = 0;
        boolean greedy = false;
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            regex.append('/');
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                names.add(segment.substring(1, segment.length() - 2));
                regex.append("(.+)");
                greedy = true;
            } else if (segment.startsWith("{") && segment.endsWith("}")) {
                names.add(segment.substring(1, segment.length() - 1));
                regex.append("([^/]+)");
                params++;
            } else {
                regex.append(Pattern.quote(segment));
            }
        }
        if (regex.length() == 0) {
            regex.append('/');
        }
        regex.append("/?");
        int rank = (greedy ? 1000 : 0) + params * 10 + (r.event().method().equals("ANY") ? 1 : 0);
        return new Compiled(r, Pattern.compile(regex.toString()), names, rank);
    }
}
