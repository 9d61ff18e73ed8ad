package dev.propel.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.features.LatestItemStats;
import dev.propel.core.sessions.SessionsDataset;
import dev.propel.functions.datasets.DecisionOutcomes;
import dev.propel.functions.report.GrowthReport;
import dev.propel.functions.serving.Experiments;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, read from {@code template.yaml}: every statement of every function's role must be in the table
 * below (and every table entry in the template, so the table cannot go stale), no role may delete or change the
 * bucket's configuration, and each function's grants cover exactly the keys its code reads and writes, as
 * {@link S3Layout} and the other key-naming classes build them.
 */
class LeastPrivilegeTemplateTest {
    private static final String BUCKET = "arn:${AWS::Partition}:s3:::${BucketPrefix}-${AWS::AccountId}-events";
    private static final String OWN_HMAC_PARAMETER =
            "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${HmacSsmParameter}";
    private static final String GENERATED_HMAC_REFERENCE = "arn:${AWS::Partition}:ssm:${AWS::Region}:"
            + "${AWS::AccountId}:parameter/aws/reference/secretsmanager/${AWS::StackName}/hmac-key";
    private static final Instant AT = Instant.parse("2026-11-28T09:15:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-28");

    /** One permission: an action on a resource (S3 resources as the key pattern after the bucket ARN). */
    record Grant(String action, String resource) {
        @Override
        public String toString() {
            return action + " " + resource;
        }
    }

    private static Grant get(String keys) {
        return new Grant("s3:GetObject", keys);
    }

    private static Grant put(String keys) {
        return new Grant("s3:PutObject", keys);
    }

    private static final Grant LIST = new Grant("s3:ListBucket", "(bucket)");
    private static final Grant DEAD_LETTER = new Grant("sqs:SendMessage", "AsyncFailuresQueue");
    private static final Set<Grant> HMAC_KEY = Set.of(new Grant("ssm:GetParameter", OWN_HMAC_PARAMETER),
            new Grant("ssm:GetParameter", GENERATED_HMAC_REFERENCE),
            new Grant("secretsmanager:GetSecretValue", "Ref:HmacKeySecret"));

    /** What each function may do: the table the README's "Security" section shows. */
    private static final Map<String, Set<Grant>> ALLOWED = Map.of(
            "IngestFunction", with(HMAC_KEY, put("raw/*")),
            "PreprocessFunction", Set.of(DEAD_LETTER, get("raw/*"), put("clean/*"), put("quarantine/*"), LIST),
            // and, only with SparkHandoverBytes > 0, start the Spark state machine for the days it hands over
            "BuildDatasetsFunction", Set.of(DEAD_LETTER, get("clean/*"), get("datasets/*"), get("stats/*"),
                    get("recall/*"), put("datasets/*"), put("stats/*"), put("recall/*"), LIST,
                    new Grant("states:StartExecution", "Ref:SparkDatasetsStateMachine")),
            "GrowthReportFunction", Set.of(DEAD_LETTER, get("stats/*"), get("models/*"), get("clean/*"),
                    get("datasets/decisions/*"), get("config/policy.json"), get("config/experiments.json"),
                    get("reports/*"), put("reports/*"), LIST),
            "ReconcileFunction", Set.of(DEAD_LETTER, get("raw/*"), get("clean/*"), get("datasets/*"),
                    get("stats/*"), put("clean/*"), put("quarantine/*"), put("datasets/*"), put("stats/*"), LIST),
            "PredictFunction", with(HMAC_KEY, get("models/*"), get("stats/items/*"), get("config/experiments.json"),
                    LIST),
            "RankFunction", with(HMAC_KEY, get("models/*"), get("stats/items/*"), get("recall/*"),
                    get("config/experiments.json"), LIST),
            "DecideFunction", with(HMAC_KEY, get("models/*"), get("stats/items/*"), get("config/*"),
                    put("raw/dt=*/hour=*/*-decision-*.jsonl.gz"), LIST));

    private static JsonNode template;
    private static Map<String, Set<Grant>> granted;

    private static Set<Grant> with(Set<Grant> base, Grant... more) {
        Set<Grant> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    @BeforeAll
    static void readTemplate() throws IOException {
        try (Reader in = Files.newBufferedReader(Path.of("../template.yaml"))) {
            template = CloudFormationYaml.read(in);
        }
        granted = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                Set<Grant> grants = new HashSet<>();
                for (JsonNode policy : r.getValue().path("Properties").path("Policies")) {
                    collect(r.getKey(), policy, grants);
                }
                granted.put(r.getKey(), grants);
            }
        });
    }

    /** The grants of one Policies entry: a statement document, a conditional one (both branches), or SQS. */
    private static void collect(String function, JsonNode policy, Set<Grant> into) {
        if (policy.has("Fn::If")) {
            collect(function, policy.get("Fn::If").get(1), into);
            collect(function, policy.get("Fn::If").get(2), into);
        } else if (policy.has("Ref") && policy.get("Ref").asText().equals("AWS::NoValue")) {
            return;
        } else if (policy.has("SQSSendMessagePolicy")) {
            String queue = policy.get("SQSSendMessagePolicy").path("QueueName").path("Fn::GetAtt").path(0).asText();
            into.add(new Grant("sqs:SendMessage", queue));
        } else if (policy.has("Statement")) {
            for (JsonNode statement : policy.get("Statement")) {
                assertEquals("Allow", statement.path("Effect").asText(), function + ": " + statement);
                for (String field : List.of("NotAction", "NotResource", "Condition")) {
                    assertFalse(statement.has(field), function + " uses " + field + ": " + statement);
                }
                for (String action : texts(statement.get("Action"))) {
                    for (String resource : texts(statement.get("Resource"))) {
                        into.add(new Grant(action, resource(resource)));
                    }
                }
            }
        } else {
            // S3CrudPolicy, S3ReadPolicy, S3WritePolicy, managed policies: more than any function's code needs
            fail(function + " uses a policy the table cannot check: " + policy);
        }
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.addAll(texts(n)));
        } else if (node.has("Fn::Sub")) {
            out.add(node.get("Fn::Sub").asText());
        } else if (node.has("Ref")) {
            out.add("Ref:" + node.get("Ref").asText());
        } else {
            out.add(node.asText());
        }
        return out;
    }

    /** An S3 resource as its key pattern ({@code (bucket)} for the bucket itself); others as written. */
    private static String resource(String arn) {
        if (arn.equals(BUCKET)) {
            return "(bucket)";
        }
        if (arn.startsWith(BUCKET + "/")) {
            return arn.substring(BUCKET.length() + 1);
        }
        assertFalse(arn.startsWith("arn:${AWS::Partition}:s3:::"), "an S3 resource outside the bucket: " + arn);
        return arn;
    }

    @Test
    void everyRoleHoldsExactlyTheGrantsOfTheTable() {
        assertEquals(new TreeSet<>(ALLOWED.keySet()), new TreeSet<>(granted.keySet()),
                "every function of the template has its row in the least-privilege table");
        for (var e : granted.entrySet()) {
            Set<Grant> extra = new HashSet<>(e.getValue());
            extra.removeAll(ALLOWED.get(e.getKey()));
            assertTrue(extra.isEmpty(), e.getKey() + " is granted more than its code needs: " + extra);
            Set<Grant> missing = new HashSet<>(ALLOWED.get(e.getKey()));
            missing.removeAll(e.getValue());
            assertTrue(missing.isEmpty(), e.getKey() + " lacks grants of the table: " + missing);
        }
    }

    @Test
    void everyFunctionIsTracedWithSamsXRayWriteGrantOnly() {
        // Tracing: Active makes SAM attach the AWSXRayDaemonWriteAccess managed policy (xray:PutTraceSegments,
        // xray:PutTelemetryRecords, sampling rules read): the only X-Ray grant, and none written by hand.
        assertEquals("Active", template.path("Globals").path("Function").path("Tracing").asText());
        template.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                JsonNode props = r.getValue().path("Properties");
                assertFalse(props.has("Tracing"), r.getKey() + " overrides the global tracing");
                assertFalse(props.has("ManagedPolicyArns"), r.getKey() + " adds managed policies");
                assertTrue(granted.get(r.getKey()).stream().noneMatch(g -> g.action().startsWith("xray:")),
                        r.getKey() + " grants X-Ray by hand");
            }
        });
    }

    @Test
    void everyFunctionLogsToItsOwnGroupWithRetention() {
        template.path("Resources").properties().forEach(r -> {
            if (r.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                String group = r.getValue().path("Properties").path("LoggingConfig").path("LogGroup").path("Ref")
                        .asText();
                assertEquals(r.getKey() + "Logs", group, r.getKey() + " has no log group of its own");
                JsonNode logs = template.path("Resources").path(group);
                assertEquals("AWS::Logs::LogGroup", logs.path("Type").asText());
                assertEquals("LogRetentionInDays", logs.path("Properties").path("RetentionInDays").path("Ref")
                        .asText(), group + " keeps logs forever");
            }
        });
        assertEquals(30, template.path("Parameters").path("LogRetentionInDays").path("Default").asInt());
    }

    @Test
    void noRoleMayDeleteOrReconfigure() {
        for (var e : granted.entrySet()) {
            for (Grant g : e.getValue()) {
                String action = g.action().toLowerCase(Locale.ROOT);
                assertFalse(action.contains("*") || action.contains("delete") || action.contains("lifecycle")
                        || action.startsWith("s3:putbucket") || action.contains("acl")
                        || action.contains("policy"), e.getKey() + " may " + g);
            }
        }
    }

    @Test
    void grantsCoverTheKeysEachFunctionsCodeReadsAndWrites() {
        String raw = S3Layout.rawKey(AT, "req-1");
        String statsPart = S3Layout.statsPrefix("items") + "dt=" + DAY + "/part-00000.csv.gz";
        String model = S3Layout.modelPrefix("conversion", "20261128T090000Z") + "model.onnx";
        allows("IngestFunction", "s3:PutObject", raw);
        allows("DecideFunction", "s3:PutObject", S3Layout.decisionKey(AT, "req-1"));
        allows("PreprocessFunction", "s3:GetObject", raw);
        for (String key : List.of(S3Layout.cleanKeyFor(raw), S3Layout.quarantineKeyFor(raw),
                S3Layout.quarantineReasonKeyFor(raw))) {
            allows("PreprocessFunction", "s3:PutObject", key);
            allows("ReconcileFunction", "s3:PutObject", key);
        }
        for (String key : List.of(S3Layout.datasetPrefix("conversion", DAY) + "part-00000.csv.gz", statsPart,
                LatestItemStats.LATEST_KEY, SessionsDataset.partKey(DAY), SessionsDataset.manifestKey(DAY))) {
            allows("BuildDatasetsFunction", "s3:PutObject", key);
            allows("ReconcileFunction", "s3:PutObject", key);
        }
        for (String key : List.of(S3Layout.recallKey("v1"), S3Layout.recallManifestKey())) {
            allows("BuildDatasetsFunction", "s3:PutObject", key);
            allows("BuildDatasetsFunction", "s3:GetObject", key);
            allows("RankFunction", "s3:GetObject", key);
        }
        for (String f : List.of("BuildDatasetsFunction", "ReconcileFunction")) {
            allows(f, "s3:GetObject", S3Layout.cleanKeyFor(raw));
            allows(f, "s3:GetObject", statsPart);
            allows(f, "s3:GetObject", SessionsDataset.partKey(DAY));
        }
        allows("ReconcileFunction", "s3:GetObject", raw);
        for (String f : List.of("PredictFunction", "RankFunction", "DecideFunction")) {
            allows(f, "s3:GetObject", S3Layout.manifestKey("conversion"));
            allows(f, "s3:GetObject", model);
            allows(f, "s3:GetObject", LatestItemStats.LATEST_KEY);
            allows(f, "s3:GetObject", statsPart);
        }
        allows("DecideFunction", "s3:GetObject", S3Layout.policyKey());
        for (String f : List.of("PredictFunction", "RankFunction", "DecideFunction", "GrowthReportFunction")) {
            allows(f, "s3:GetObject", Experiments.KEY);
        }
        allows("GrowthReportFunction", "s3:GetObject", S3Layout.policyKey());
        allows("GrowthReportFunction", "s3:GetObject", S3Layout.datasetPrefix(DecisionOutcomes.TABLE, DAY)
                + "part-00000.csv.gz");
        for (String key : List.of(GrowthReport.PREFIX + DAY + "/index.html", GrowthReport.LATEST_KEY)) {
            allows("GrowthReportFunction", "s3:PutObject", key);
            allows("GrowthReportFunction", "s3:GetObject", key);
        }
        for (String key : List.of(statsPart, S3Layout.cleanKeyFor(raw),
                S3Layout.modelPrefix("conversion", "v1") + "report.json")) {
            allows("GrowthReportFunction", "s3:GetObject", key);
        }
    }

    @Test
    void internetFacingFunctionsCannotWriteWhatServingOrTrainingTrusts() {
        String raw = S3Layout.rawKey(AT, "req-1");
        List<String> trusted = List.of(S3Layout.manifestKey("conversion"), S3Layout.policyKey(), Experiments.KEY,
                S3Layout.recallManifestKey(), LatestItemStats.LATEST_KEY, S3Layout.cleanKeyFor(raw),
                S3Layout.datasetPrefix("conversion", DAY) + "part-00000.csv.gz");
        for (String f : List.of("IngestFunction", "DecideFunction", "PredictFunction", "RankFunction")) {
            for (String key : trusted) {
                assertFalse(matches(f, "s3:PutObject", key), f + " may write " + key);
            }
        }
        assertFalse(matches("DecideFunction", "s3:PutObject", raw), "decide may only write decision objects");
        for (String f : granted.keySet()) {
            assertFalse(matches(f, "s3:PutObject", S3Layout.manifestKey("conversion")), f + " may publish a model");
            assertFalse(matches(f, "s3:PutObject", S3Layout.policyKey()), f + " may change the policy");
        }
        for (String f : List.of("PredictFunction", "RankFunction", "DecideFunction")) {
            assertFalse(matches(f, "s3:GetObject", raw), f + " may read raw events (user ids)");
            assertFalse(matches(f, "s3:GetObject", S3Layout.cleanKeyFor(raw)), f + " may read clean events");
        }
    }

    @Test
    void bucketIsRetainedVersionedTlsOnlyAndDropsAbandonedUploads() {
        JsonNode bucket = template.path("Resources").path("EventsBucket");
        assertEquals("Retain", bucket.path("DeletionPolicy").asText());
        assertEquals("Retain", bucket.path("UpdateReplacePolicy").asText());
        JsonNode props = bucket.path("Properties");
        assertEquals("Enabled", props.path("VersioningConfiguration").path("Status").asText());
        boolean aborts = false;
        for (JsonNode rule : props.path("LifecycleConfiguration").path("Rules")) {
            aborts |= rule.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt() > 0
                    && rule.path("Status").asText().equals("Enabled");
        }
        assertTrue(aborts, "an enabled rule aborts incomplete multipart uploads");
        JsonNode tls = template.path("Resources").path("EventsBucketTlsOnly").path("Properties")
                .path("PolicyDocument").path("Statement").path(0);
        assertEquals("Deny", tls.path("Effect").asText());
        assertEquals("false", tls.path("Condition").path("Bool").path("aws:SecureTransport").asText());
    }

    /** The generated key: the secret the functions are pointed at is the one they may read, and it is retained. */
    @Test
    void generatedHmacKeyIsTheSecretTheRolesMayRead() {
        JsonNode secret = template.path("Resources").path("HmacKeySecret");
        assertEquals("GeneratesHmacKey", secret.path("Condition").asText());
        assertEquals("Retain", secret.path("DeletionPolicy").asText());
        assertEquals("Retain", secret.path("UpdateReplacePolicy").asText());
        String name = secret.path("Properties").path("Name").path("Fn::Sub").asText();
        JsonNode env = template.path("Globals").path("Function").path("Environment").path("Variables")
                .path("PROPEL_HMAC_SSM_PARAMETER").path("Fn::If");
        assertEquals("HmacSsmParameter", env.path(1).path("Ref").asText(), "your own parameter wins");
        String reference = env.path(2).path("Fn::If").path(1).path("Fn::Sub").asText();
        assertEquals("/aws/reference/secretsmanager/" + name, reference);
        assertEquals(GENERATED_HMAC_REFERENCE, "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"
                + reference);
        assertTrue(secret.path("Properties").path("GenerateSecretString").path("PasswordLength").asInt() >= 32);
    }

    @Test
    void internetFacingFunctionsHaveReservedConcurrency() {
        for (String f : List.of("IngestFunction", "PredictFunction", "RankFunction", "DecideFunction")) {
            JsonNode reserved = template.path("Resources").path(f).path("Properties")
                    .path("ReservedConcurrentExecutions");
            assertEquals("HasApiReservedConcurrency", reserved.path("Fn::If").path(0).asText(), f);
            assertEquals("ApiReservedConcurrency", reserved.path("Fn::If").path(1).path("Ref").asText(), f);
        }
        assertTrue(template.path("Parameters").path("ApiReservedConcurrency").path("Default").asInt() > 0);
    }

    private void allows(String function, String action, String key) {
        assertTrue(matches(function, action, key), function + " needs " + action + " on " + key);
    }

    private static boolean matches(String function, String action, String key) {
        for (Grant g : granted.get(function)) {
            if (g.action().equals(action) && glob(g.resource()).matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    /** An IAM resource pattern: {@code *} any characters (slashes too), {@code ?} one. */
    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(regex.toString());
    }
}
