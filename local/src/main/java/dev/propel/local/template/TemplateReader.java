package dev.propel.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the functions of a SAM {@code template.yaml}: handler, environment (Globals merged), API routes, S3
 * notifications with their prefix/suffix filters, and schedules. Tolerant on purpose: resources and properties
 * the local stack has no use for are ignored, and intrinsic functions resolve with {@link PseudoParameters}.
 */
public final class TemplateReader {
    private static final String FUNCTION = "AWS::Serverless::Function";
    private final PseudoParameters pseudo;

    public TemplateReader(PseudoParameters pseudo) {
        this.pseudo = pseudo;
    }

    /** Reads a template file. */
    public SamTemplate read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in);
        }
    }

    /** Reads a template from a reader. */
    public SamTemplate read(Reader in) throws IOException {
        JsonNode root = CloudFormationYaml.read(in);
        Intrinsics fn = new Intrinsics(root, pseudo);
        JsonNode globals = root.path("Globals").path("Function");
        Map<String, FunctionDefinition> functions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("Resources").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> resource = it.next();
            if (resource.getValue().path("Type").asText().equals(FUNCTION)) {
                functions.put(resource.getKey(), function(resource.getKey(),
                        resource.getValue().path("Properties"), globals, root, fn));
            }
        }
        return new SamTemplate(functions);
    }

    private FunctionDefinition function(String id, JsonNode props, JsonNode globals, JsonNode root,
            Intrinsics fn) {
        String handler = fn.string(pick(props, globals, "Handler"));
        if (handler == null || handler.isBlank()) {
            throw new IllegalArgumentException("template: function " + id + " has no Handler");
        }
        Map<String, String> env = new LinkedHashMap<>(
                fn.stringMap(globals.path("Environment").path("Variables")));
        env.putAll(fn.stringMap(props.path("Environment").path("Variables")));
        List<ApiEvent> api = new ArrayList<>();
        List<S3Subscription> s3 = new ArrayList<>();
        List<ScheduleEvent> schedules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = props.path("Events").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue().path("Properties");
            switch (e.getValue().path("Type").asText()) {
                case "Api", "HttpApi" -> api.add(new ApiEvent(e.getKey(), fn.string(p.get("Method")),
                        fn.string(p.get("Path")), requiredKey(p, root, fn), binaryMediaTypes(p, root, fn)));
                case "S3" -> s3.add(s3Subscription(e.getKey(), p, fn));
                case "Schedule" -> schedules.add(new ScheduleEvent(e.getKey(), fn.string(p.get("Schedule")),
                        !p.path("Enabled").asText("true").equals("false")
                                && !p.path("State").asText("ENABLED").equals("DISABLED"),
                        fn.string(p.get("Input"))));
                case "ScheduleV2" -> schedules.add(new ScheduleEvent(e.getKey(),
                        fn.string(p.get("ScheduleExpression")),
                        !p.path("State").asText("ENABLED").equals("DISABLED"), fn.string(p.get("Input"))));
                default -> {
                    // SQS, DynamoDB, ...: not emulated locally; the function can still be invoked directly
                }
            }
        }
        return new FunctionDefinition(id, handler, fn.string(pick(props, globals, "Runtime")),
                intOr(fn.string(pick(props, globals, "Timeout")), 3),
                intOr(fn.string(pick(props, globals, "MemorySize")), 128), env, api, s3, schedules,
                eventInvoke(pick(props, globals, "EventInvokeConfig"), fn));
    }

    private static EventInvokeSettings eventInvoke(JsonNode config, Intrinsics fn) {
        if (config == null || !config.isObject()) {
            return EventInvokeSettings.DEFAULT;
        }
        int retries = intOr(fn.string(config.get("MaximumRetryAttempts")), 2);
        JsonNode destination = config.path("DestinationConfig").path("OnFailure").get("Destination");
        return new EventInvokeSettings(retries, destinationId(destination, fn));
    }

    /** The destination's logical id: {@code !GetAtt Queue.Arn} and {@code !Ref Topic} name a resource. */
    private static String destinationId(JsonNode destination, Intrinsics fn) {
        if (destination == null || destination.isNull()) {
            return null;
        }
        JsonNode getAtt = destination.get("Fn::GetAtt");
        if (getAtt != null && getAtt.isArray() && getAtt.size() > 0) {
            return getAtt.get(0).asText();
        }
        if (destination.has("Ref")) {
            return destination.get("Ref").asText();
        }
        return fn.string(destination);
    }

    /**
     * The key an API event demands, like API Gateway: the event's {@code Auth.ApiKeyRequired}, else its API's
     * (or {@code Globals.Api}'s) {@code Auth.ApiKeyRequired}; named by the API's {@code Metadata.PropelLocalKey}.
     */
    private static String requiredKey(JsonNode event, JsonNode root, Intrinsics fn) {
        String apiId = fn.string(event.get("RestApiId"));
        JsonNode api = apiId == null ? root.path("__none__") : root.path("Resources").path(apiId);
        JsonNode eventSetting = event.path("Auth").get("ApiKeyRequired");
        JsonNode apiSetting = api.path("Properties").path("Auth").get("ApiKeyRequired");
        if (apiSetting == null) {
            apiSetting = root.path("Globals").path("Api").path("Auth").get("ApiKeyRequired");
        }
        JsonNode setting = eventSetting != null ? eventSetting : apiSetting;
        if (setting == null || !"true".equalsIgnoreCase(fn.string(setting))) {
            return null;
        }
        String name = fn.string(api.path("Metadata").get("PropelLocalKey"));
        return name == null || name.isBlank() ? ApiEvent.DEFAULT_KEY : name;
    }

    /**
     * The binary media types of an API event's API, like API Gateway: the API's {@code BinaryMediaTypes}, else
     * {@code Globals.Api}'s; CloudFormation writes {@code /} as {@code ~1} in them.
     */
    private static List<String> binaryMediaTypes(JsonNode event, JsonNode root, Intrinsics fn) {
        String apiId = fn.string(event.get("RestApiId"));
        JsonNode types = apiId == null ? null
                : root.path("Resources").path(apiId).path("Properties").get("BinaryMediaTypes");
        if (types == null) {
            types = root.path("Globals").path("Api").path("BinaryMediaTypes");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : types) {
            String type = fn.string(t);
            if (type != null && !type.isBlank()) {
                out.add(type.replace("~1", "/"));
            }
        }
        return out;
    }

    private static S3Subscription s3Subscription(String name, JsonNode p, Intrinsics fn) {
        String prefix = "";
        String suffix = "";
        for (JsonNode rule : p.path("Filter").path("S3Key").path("Rules")) {
            String ruleName = fn.string(rule.get("Name"));
            String value = fn.string(rule.get("Value"));
            if ("prefix".equalsIgnoreCase(ruleName)) {
                prefix = value;
            } else if ("suffix".equalsIgnoreCase(ruleName)) {
                suffix = value;
            }
        }
        List<String> events = fn.strings(p.get("Events"));
        if (events.isEmpty()) {
            events = List.of("s3:ObjectCreated:*");
        }
        return new S3Subscription(name, fn.string(p.get("Bucket")), events, prefix, suffix);
    }

    private static JsonNode pick(JsonNode props, JsonNode globals, String field) {
        return props.has(field) ? props.get(field) : globals.get(field);
    }

    private static int intOr(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
