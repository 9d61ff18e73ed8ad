package dev.propel.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {
    private final TemplateReader reader = new TemplateReader(PseudoParameters.local());

    static Path testTemplate() {
        return Path.of("src/test/resources/test-template.yaml");
    }

    @Test
    void readsFunctionsEventsAndResolvesShortFormIntrinsics() throws IOException {
        SamTemplate t = reader.read(testTemplate());
        assertEquals(List.of("EchoFunction", "RecorderFunction", "TickFunction", "StreamFunction"),
                List.copyOf(t.functions().keySet()));

        FunctionDefinition echo = t.function("EchoFunction").orElseThrow();
        assertEquals("dev.propel.local.testhandlers.EchoApiHandler", echo.handlerClass());
        assertEquals("handleRequest", echo.handlerMethod());
        assertEquals("java21", echo.runtime());
        assertEquals(30, echo.timeoutSeconds());
        assertEquals(512, echo.memoryMb());
        assertEquals("propel-000000000000-events", echo.environment().get("PROPEL_BUCKET"));
        assertEquals("test", echo.environment().get("STAGE"));
        assertEquals("us-east-1", echo.environment().get("REGION_NAME"));
        assertEquals("hello", echo.environment().get("GREETING"), "function variables win over Globals");
        assertEquals("arn:aws:s3:::propel-000000000000-events", echo.environment().get("BUCKET_ARN"));
        assertEquals(List.of(new ApiEvent("Echo", "POST", "/echo"), new ApiEvent("Item", "GET", "/items/{id}")),
                echo.apiEvents());

        FunctionDefinition recorder = t.function("RecorderFunction").orElseThrow();
        S3Subscription s3 = recorder.s3Events().get(0);
        assertEquals("raw/", s3.prefix());
        assertEquals(".jsonl.gz", s3.suffix());
        assertEquals(List.of("s3:ObjectCreated:*"), s3.events());
        assertEquals("propel-000000000000-events", s3.bucket());
        assertTrue(s3.matches("ObjectCreated:Put", "raw/dt=2026-11-28/hour=09/1-a.jsonl.gz"));
        assertFalse(s3.matches("ObjectCreated:Put", "clean/dt=2026-11-28/hour=09/1-a.jsonl.gz"));
        assertFalse(s3.matches("ObjectCreated:Put", "raw/dt=2026-11-28/hour=09/1-a.json"));
        assertFalse(s3.matches("ObjectRemoved:Delete", "raw/a.jsonl.gz"));

        FunctionDefinition tick = t.function("TickFunction").orElseThrow();
        assertEquals("rate(1 hour)", tick.schedules().get(0).expression());
        assertTrue(tick.schedules().get(0).enabled());

        FunctionDefinition stream = t.function("StreamFunction").orElseThrow();
        assertEquals(5, stream.timeoutSeconds());
        assertEquals("handleRequest", stream.handlerMethod());
    }

    @Test
    void longFormIntrinsicsResolveTheSameWay() throws IOException {
        String yaml = """
                Parameters:
                  Prefix: {Type: String, Default: raw/}
                Resources:
                  Data:
                    Type: AWS::S3::Bucket
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Environment:
                        Variables:
                          SUBBED: {"Fn::Sub": ["${Name}-${AWS::StackName}", {Name: x}]}
                          JOINED: {"Fn::Join": ["-", [a, {Ref: Prefix}, !Select [1, [p, q]]]]}
                          BUCKET: {Ref: Data}
                          ESCAPED: !Sub "${!Literal}"
                      Events:
                        Up:
                          Type: S3
                          Properties:
                            Bucket: !Ref Data
                            Events: [s3:ObjectCreated:Put]
                            Filter: {S3Key: {Rules: [{Name: prefix, Value: !Ref Prefix}]}}
                        Nightly:
                          Type: Schedule
                          Properties: {Schedule: "cron(0 2 * * ? *)", Enabled: false}
                        Any:
                          Type: Api
                          Properties: {Path: "/{proxy+}", Method: any}
                """;
        FunctionDefinition f = reader.read(new StringReader(yaml)).function("F").orElseThrow();
        assertEquals("x-propel", f.environment().get("SUBBED"));
        assertEquals("a-raw/-q", f.environment().get("JOINED"));
        assertEquals("data", f.environment().get("BUCKET"));
        assertEquals("${Literal}", f.environment().get("ESCAPED"));
        assertEquals("raw/", f.s3Events().get(0).prefix());
        assertTrue(f.s3Events().get(0).matches("ObjectCreated:Put", "raw/x"));
        assertFalse(f.s3Events().get(0).matches("ObjectCreated:Copy", "raw/x"));
        assertFalse(f.schedules().get(0).enabled());
        assertEquals("ANY", f.apiEvents().get(0).method());
        assertEquals(3, f.timeoutSeconds(), "Lambda's default timeout");
    }

    @Test
    void aFunctionWithoutHandlerIsAClearError() {
        String yaml = "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Runtime: java21}\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> reader.read(new StringReader(yaml)));
        assertTrue(e.getMessage().contains("F has no Handler"), e.getMessage());
    }

    @Test
    void readsTheRepositoryTemplateWhenPresent() throws IOException {
        Path real = Path.of("../template.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(real), "no template.yaml at the repository root yet");
        SamTemplate t = reader.read(real);
        assertFalse(t.functions().isEmpty());
        t.functions().values().forEach(f -> assertTrue(f.handlerClass().startsWith("dev.propel."), f.handler()));
        // the doors of DESIGN §12: the write key on ingest only, the server key on every serving route
        java.util.Map<String, String> keys = new java.util.TreeMap<>();
        t.routes().forEach(r -> keys.put(r.event().method() + " " + r.event().path(),
                String.valueOf(r.event().apiKey())));
        assertEquals("write_key", keys.get("POST /events"));
        assertEquals("null", keys.get("OPTIONS /events"), "CORS preflights carry no key");
        for (String serving : List.of("POST /predict", "POST /rank", "POST /decide")) {
            assertEquals("server_key", keys.get(serving), serving);
        }
    }

    @Test
    void apiKeyRequirementComesFromTheEventOrItsApi() throws IOException {
        SamTemplate t = reader.read(Path.of("src/test/resources/api-keys-template.yaml"));
        java.util.Map<String, String> keys = new java.util.TreeMap<>();
        t.routes().forEach(r -> keys.put(r.event().method() + " " + r.event().path(),
                String.valueOf(r.event().apiKey())));
        assertEquals(java.util.Map.of("POST /events", "write_key", "OPTIONS /events", "null",
                "POST /predict", "server_key", "POST /rank", "server_key", "GET /health", "null"), keys);
        assertEquals(null, reader.read(testTemplate()).routes().get(0).event().apiKey(),
                "no Auth anywhere: no key");
    }
}
