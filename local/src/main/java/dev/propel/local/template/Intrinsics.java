package dev.propel.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions to the strings the local stack uses: pseudo parameters and
 * parameter defaults for {@code Ref}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, bucket names and
 * ARNs for {@code Ref}/{@code Fn::GetAtt} of {@code AWS::S3::Bucket}. Anything that only exists in a deployed
 * stack resolves to a readable placeholder ({@code Resource.Attribute}); conditions are not evaluated
 * ({@code Fn::If} takes its first branch).
 */
final class Intrinsics {
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");
    private final JsonNode template;
    private final PseudoParameters pseudo;

    Intrinsics(JsonNode template, PseudoParameters pseudo) {
        this.template = template;
        this.pseudo = pseudo;
    }

    /** The value as a string, or null when it has none locally (e.g. a list where a string is expected). */
    String string(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isObject() && node.size() == 1) {
            String fn = node.fieldNames().next();
            JsonNode arg = node.get(fn);
            return switch (fn) {
                case "Ref" -> ref(arg.asText());
                case "Fn::Sub" -> sub(arg);
                case "Fn::GetAtt" -> getAtt(arg);
                case "Fn::Join" -> join(arg);
                case "Fn::Select" -> select(arg);
                case "Fn::If" -> arg.isArray() && arg.size() == 3 ? string(arg.get(1)) : null;
                case "Fn::Base64" -> string(arg);
                default -> null;
            };
        }
        return null;
    }

    /** The value as a list of strings: a YAML list, a single string, or {@code Fn::Split}. */
    List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> {
                String s = string(n);
                if (s != null) {
                    out.add(s);
                }
            });
        } else if (node.isObject() && node.has("Fn::Split") && node.get("Fn::Split").size() == 2) {
            String delimiter = string(node.get("Fn::Split").get(0));
            String whole = string(node.get("Fn::Split").get(1));
            if (delimiter != null && whole != null) {
                out.addAll(List.of(whole.split(Pattern.quote(delimiter), -1)));
            }
        } else {
            String s = string(node);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private String ref(String name) {
        String p = pseudo.value(name);
        if (p != null) {
            return p;
        }
        JsonNode parameter = template.path("Parameters").path(name);
        if (!parameter.isMissingNode()) {
            return string(parameter.get("Default"));
        }
        JsonNode resource = template.path("Resources").path(name);
        if (resource.path("Type").asText().equals("AWS::S3::Bucket")) {
            String bucketName = string(resource.path("Properties").get("BucketName"));
            return bucketName != null ? bucketName : name.toLowerCase(java.util.Locale.ROOT);
        }
        return name;
    }

    private String getAtt(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return null;
        }
        String resource = arg.get(0).asText();
        String attribute = string(arg.get(1));
        JsonNode r = template.path("Resources").path(resource);
        if (r.path("Type").asText().equals("AWS::S3::Bucket") && "Arn".equals(attribute)) {
            return "arn:aws:s3:::" + ref(resource);
        }
        return resource + "." + attribute;
    }

    private String sub(JsonNode arg) {
        String text;
        JsonNode vars = null;
        if (arg.isArray() && arg.size() == 2) {
            text = arg.get(0).asText();
            vars = arg.get(1);
        } else {
            text = arg.asText();
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("!")) {
                value = "${" + name.substring(1) + "}";
            } else if (vars != null && vars.has(name)) {
                value = string(vars.get(name));
            } else if (name.contains(".") && pseudo.value(name) == null) {
                int dot = name.indexOf('.');
                value = getAtt(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                        .add(name.substring(0, dot)).add(name.substring(dot + 1)));
            } else {
                value = ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String join(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return null;
        }
        return String.join(arg.get(0).asText(), strings(arg.get(1)));
    }

    private String select(JsonNode arg) {
        if (!arg.isArray() || arg.size() != 2) {
            return null;
        }
        List<String> list = strings(arg.get(1));
        int i = Integer.parseInt(string(arg.get(0)));
        return i >= 0 && i < list.size() ? list.get(i) : null;
    }

    /** The string values of a map node (e.g. Environment.Variables), skipping what does not resolve. */
    Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String v = string(e.getValue());
            if (v != null) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
