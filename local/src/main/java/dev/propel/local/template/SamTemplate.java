package dev.propel.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the local stack needs from {@code template.yaml}: its functions, in template order. */
public record SamTemplate(Map<String, FunctionDefinition> functions) {
    public SamTemplate {
        functions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(functions));
    }

    public Optional<FunctionDefinition> function(String logicalId) {
        return Optional.ofNullable(functions.get(logicalId));
    }

    /** Every API route of every function. */
    public List<Route> routes() {
        return functions.values().stream()
                .flatMap(f -> f.apiEvents().stream().map(e -> new Route(f.logicalId(), e)))
                .toList();
    }

    /** An API route and the function it invokes. */
    public record Route(String functionId, ApiEvent event) {
    }
}
